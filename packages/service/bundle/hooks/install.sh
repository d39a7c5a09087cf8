#!/usr/bin/env bash
# AfterInstall: install the systemd unit shipped in this revision and hand the application
# directory to root:wellstack, readable by the service user and writable by no one else.
set -euo pipefail

BUNDLE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP_DIR=/opt/wellstack/app
UNIT=wellstack-app.service

id -u wellstack >/dev/null 2>&1 || {
  echo "service user 'wellstack' is missing (created by the launch template's user data)" >&2
  exit 1
}
[ -f /etc/wellstack/app.env ] || {
  echo "/etc/wellstack/app.env is missing (written by the launch template's user data)" >&2
  exit 1
}

install -o root -g root -m 0644 "$BUNDLE_ROOT/systemd/$UNIT" "/etc/systemd/system/$UNIT"

chown -R root:wellstack "$APP_DIR"
chmod -R u=rwX,g=rX,o= "$APP_DIR"

systemctl daemon-reload
echo "installed $UNIT for $APP_DIR"
