#!/usr/bin/env bash
# Starts a Docker engine for Warden's tests on its own socket and data root
# (vfs storage, no iptables, no bridge: what these machines support), unless
# one already answers there. Prints the DOCKER_HOST to use. Stop it with
# packaging/stop-dockerd.sh.
set -euo pipefail
ROOT="${WARDEN_DOCKER_ROOT:-/var/tmp/warden-docker}"
SOCK="$ROOT/docker.sock"
export DOCKER_HOST="unix://$SOCK"
if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  echo "$DOCKER_HOST"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "start-dockerd: needs root to start dockerd" >&2
  exit 1
fi
mkdir -p "$ROOT"
dockerd --host "$DOCKER_HOST" --data-root "$ROOT/data" --exec-root "$ROOT/exec" --pidfile "$ROOT/docker.pid" \
  --storage-driver=vfs --iptables=false --bridge=none >"$ROOT/dockerd.log" 2>&1 &
for _ in $(seq 1 60); do
  if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
    echo "$DOCKER_HOST"
    exit 0
  fi
  sleep 0.5
done
echo "start-dockerd: dockerd did not come up; see $ROOT/dockerd.log" >&2
tail -5 "$ROOT/dockerd.log" >&2
exit 1
