#!/usr/bin/env bash
# ValidateService: poll the readiness endpoint (PostgreSQL and Redis answer) until it returns 200.
# Fails, and so fails the deployment (and rolls it back), when it is not ready in time.
#   READY_URL                  default http://127.0.0.1:8080/ready
#   VALIDATE_TIMEOUT_SECONDS   default 60
#   VALIDATE_INTERVAL_SECONDS  default 2
set -euo pipefail

READY_URL="${READY_URL:-http://127.0.0.1:8080/ready}"
TIMEOUT="${VALIDATE_TIMEOUT_SECONDS:-60}"
INTERVAL="${VALIDATE_INTERVAL_SECONDS:-2}"

deadline=$((SECONDS + TIMEOUT))
attempt=0
while :; do
  attempt=$((attempt + 1))
  status="$(curl --silent --output /dev/null --write-out '%{http_code}' --max-time 5 "$READY_URL" || true)"
  if [ "$status" = "200" ]; then
    echo "ready: $READY_URL answered 200 after $attempt attempt(s)"
    exit 0
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "not ready: $READY_URL last answered '${status:-000}' after ${TIMEOUT}s ($attempt attempt(s))" >&2
    exit 1
  fi
  sleep "$INTERVAL"
done
