#!/usr/bin/env bash
# Set up, build, and run every test. Also proves the headless build: core,
# wardenctl and their tests compile with WARDEN_GUI=OFF and no GUI module.
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
cd build
ctest --output-on-failure --timeout 600 -j1
