#!/usr/bin/env bash
# Stops the test Docker engine started by start-dockerd.sh, if it is running.
ROOT="${WARDEN_DOCKER_ROOT:-/var/tmp/warden-docker}"
if [ -f "$ROOT/docker.pid" ]; then
  pid="$(cat "$ROOT/docker.pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
fi
