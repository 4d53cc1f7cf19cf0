#!/usr/bin/env bash
# Builds the Debian package: a Release build of the programs alone (no tests,
# no benchmarks) into ./build-deb, installed under /usr, stripped, with man
# pages; then cpack. Prints the absolute path of the .deb (what apt-get
# install needs to take it for a file).
#
#   WARDEN_DEB_BUILD_DIR   where to build (./build-deb)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${WARDEN_DEB_BUILD_DIR:-build-deb}"
./packaging/install-deps.sh >&2
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DWARDEN_TESTS=OFF -DWARDEN_BENCHMARKS=OFF -DWARDEN_MANPAGES=ON >/dev/null
cmake --build "$BUILD_DIR" --parallel "$(nproc)" >&2
rm -f "$BUILD_DIR"/warden_*.deb
(cd "$BUILD_DIR" && cpack -G DEB >&2)
deb="$(realpath "$(ls "$BUILD_DIR"/warden_*.deb)")"
echo "build-deb: $(du -k "$deb" | cut -f1) KiB, installs $(dpkg-deb -f "$deb" Installed-Size) KiB" >&2
echo "$deb"
