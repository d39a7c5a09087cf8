#!/usr/bin/env bash
# ApplicationStart: enable the unit at boot and (re)start it now.
set -euo pipefail

UNIT=wellstack-app.service

systemctl enable "$UNIT"
systemctl restart "$UNIT"
echo "started $UNIT"
