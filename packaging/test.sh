#!/usr/bin/env bash
# Set up, build, and run every test. Also proves the headless build: core,
# wardenctl and their tests compile with WARDEN_GUI=OFF and no GUI module.
# Integration tests use real bubblewrap and a real dockerd, which this script
# starts (and stops) on its own socket, with the locally built sandbox image.
set -euo pipefail
cd "$(dirname "$0")/.."
./packaging/install-deps.sh
./packaging/build.sh
WARDEN_BUILD_DIR=build-headless ./packaging/build.sh -DWARDEN_GUI=OFF -DWARDEN_BENCHMARKS=OFF
if ldd build-headless/app/wardenctl | grep -E "libQt6(Gui|Widgets|Charts)" ; then
  echo "test: the headless wardenctl links a GUI module" >&2
  exit 1
fi
./packaging/fuzz.sh --smoke

started_dockerd=""
if [ -z "${DOCKER_HOST:-}" ]; then
  if DOCKER_HOST="$(./packaging/start-dockerd.sh)"; then
    export DOCKER_HOST
    started_dockerd=yes
  else
    echo "test: no Docker engine; the Docker tests will report themselves skipped" >&2
  fi
fi
here="$(pwd)"
cleanup() { [ -n "$started_dockerd" ] && "$here/packaging/stop-dockerd.sh"; return 0; }
trap cleanup EXIT
# The sandbox image: built from this machine's apt sources, imported into the engine.
./resources/image/build-image.sh >/dev/null

cd build
ctest --output-on-failure --timeout 900 -j1
