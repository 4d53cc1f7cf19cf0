#!/usr/bin/env bash
# Starts Podman's Docker-compatible API for Warden's tests on its own socket
# and storage (vfs, cgroupfs: what these machines support), unless it already
# answers there, and imports the sandbox image (IMAGE_DIR/rootfs.tar) as
# warden-sandbox:1. Prints the DOCKER_HOST to use. Stop: kill "$(cat ROOT/podman.pid)".
set -euo pipefail
IMAGE_DIR="${1:?usage: start-podman.sh IMAGE_DIR}"
ROOT="${WARDEN_PODMAN_ROOT:-/var/tmp/warden-podman}"
SOCK="$ROOT/podman.sock"
command -v podman >/dev/null || { echo "start-podman: podman is not installed" >&2; exit 1; }
mkdir -p "$ROOT"
cat > "$ROOT/storage.conf" <<CONF
[storage]
driver = "vfs"
runroot = "$ROOT/run"
graphroot = "$ROOT/storage"
CONF
export CONTAINERS_STORAGE_CONF="$ROOT/storage.conf"
podman_() { podman --cgroup-manager=cgroupfs --events-backend=file "$@"; }
if ! curl -sf --unix-socket "$SOCK" http://podman/_ping >/dev/null 2>&1; then
  rm -f "$SOCK" "$ROOT/podman.pid"
  # Started directly (not through podman_): $! must be podman itself, so that
  # killing it stops the service rather than a wrapper shell.
  podman --cgroup-manager=cgroupfs --events-backend=file system service --time=0 "unix://$SOCK" \
    >"$ROOT/service.log" 2>&1 &
  echo $! > "$ROOT/podman.pid"
  for _ in $(seq 1 40); do
    curl -sf --unix-socket "$SOCK" http://podman/_ping >/dev/null 2>&1 && break
    sleep 0.25
  done
  curl -sf --unix-socket "$SOCK" http://podman/_ping >/dev/null 2>&1 || {
    echo "start-podman: the service did not come up (see $ROOT/service.log)" >&2; exit 1; }
fi
# Re-import when the image was rebuilt since the last import.
stamp="$ROOT/imported-from"
if ! podman_ image exists warden-sandbox:1 || [ "$IMAGE_DIR/rootfs.tar" -nt "$stamp" ]; then
  podman_ import -q --change 'CMD ["/usr/bin/python3"]' "$IMAGE_DIR/rootfs.tar" warden-sandbox:1 >/dev/null
  touch "$stamp"
fi
echo "unix://$SOCK"
