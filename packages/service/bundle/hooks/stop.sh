#!/usr/bin/env bash
# ApplicationStop: stop the running service, if any. systemd sends SIGTERM and the app drains
# in-flight requests (SHUTDOWN_TIMEOUT_MS) before exiting; the unit's TimeoutStopSec bounds it.
set -euo pipefail

UNIT=wellstack-app.service

if systemctl list-unit-files --no-legend "$UNIT" | grep -q "^$UNIT"; then
  systemctl stop "$UNIT"
  echo "stopped $UNIT"
else
  echo "$UNIT is not installed; nothing to stop"
fi
