#!/usr/bin/env bash
# Builds the Debian package: a Release build of the programs alone (no tests,
# no benchmarks) into ./build-deb, installed under /usr, stripped, with man
# pages; then cpack. Prints the absolute path of the .deb (what apt-get
# install needs to take it for a file).
#
#   WARDEN_DEB_BUILD_DIR   where to build (./build-deb)
#   WARDEN_DEB_FROM        package this finished build instead (CI: ./build,
#                          which packaging/build.sh lays out for /usr with
#                          man pages); nothing is compiled again
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${WARDEN_DEB_FROM:-}" ]; then
  BUILD_DIR="$WARDEN_DEB_FROM"
  grep -q '^CMAKE_INSTALL_PREFIX:PATH=/usr$' "$BUILD_DIR/CMakeCache.txt" &&
    grep -q '^WARDEN_MANPAGES:BOOL=ON$' "$BUILD_DIR/CMakeCache.txt" || {
    echo "build-deb: $BUILD_DIR is not laid out for /usr with man pages (build it with packaging/build.sh)" >&2
    exit 1
  }
else
  BUILD_DIR="${WARDEN_DEB_BUILD_DIR:-build-deb}"
  ./packaging/install-deps.sh >&2
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
    -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 \
    -DWARDEN_TESTS=OFF -DWARDEN_BENCHMARKS=OFF -DWARDEN_MANPAGES=ON >/dev/null
fi
cmake --build "$BUILD_DIR" --parallel "$(nproc)" >&2
rm -f "$BUILD_DIR"/warden_*.deb
(cd "$BUILD_DIR" && cpack -G DEB >&2)
deb="$(realpath "$(ls "$BUILD_DIR"/warden_*.deb)")"
echo "build-deb: $(du -k "$deb" | cut -f1) KiB, installs $(dpkg-deb -f "$deb" Installed-Size) KiB" >&2
echo "$deb"
