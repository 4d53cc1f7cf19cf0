#!/usr/bin/env bash
# Configures and builds Warden. Every script builds through here, so the
# demo, the tests and CI share one build directory, one set of flags and one
# compiler cache: what the demo compiled, the tests do not compile again.
#
# usage: build.sh [--demo | --sanitized] [CMAKE_ARG...] [--target TARGET...]
#   (none)       everything (programs, tests, benchmarks) into ./build
#   --demo       only the programs the demo runs, into the same ./build
#   --sanitized  the headless clang build with ASan, UBSan and libFuzzer's
#                coverage into ./build-san: the sanitized tests and the fuzz
#                targets from one compile
#   WARDEN_BUILD_DIR overrides the directory.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=main
case "${1:-}" in --demo) preset=demo; shift ;; --sanitized) preset=sanitized; shift ;; esac
# Everything after --target names what to build; before it, configure options.
configure=()
wanted=()
while [ $# -gt 0 ]; do
  if [ "$1" = --target ]; then shift; wanted=("$@"); break; fi
  configure+=("$1"); shift
done

# The compiler cache (the installer brings ccache): kept for root in
# /var/cache/warden-ci beside the clang-tidy cache, else in ccache's own
# place. Paths under the checkout are made relative, so a clone elsewhere
# shares it. A fresh machine starts it empty.
launcher=()
if command -v ccache >/dev/null; then
  if [ -z "${CCACHE_DIR:-}" ] && [ "$(id -u)" -eq 0 ]; then
    dir="${WARDEN_CI_CACHE:-/var/cache/warden-ci}/ccache"
    if mkdir -p "$dir" 2>/dev/null && [ -w "$dir" ]; then export CCACHE_DIR="$dir"; fi
  fi
  # The tests' precompiled headers are cached too (ccache's documented
  # settings for them).
  export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-12G}" \
    CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
# Unity builds: sixteen sources a compile, so each batch parses Qt and
# nlohmann/json once; line tables only for debug information (-g1: file and
# line in every backtrace and sanitizer report, 40% less compile time than
# -g). docs/PERFORMANCE.md has the figures. Warnings are errors in every
# build, the demo's too, so the tests reuse its objects.
common=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g1 -DNDEBUG"
        -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 -DWARDEN_WERROR=ON "${launcher[@]}")
targets=()
case "$preset" in
  main|demo)
    BUILD_DIR="${WARDEN_BUILD_DIR:-build}"
    [ "$preset" = demo ] && targets=(--target warden wardenctl warden-init warden-mcp)
    # Laid out for /usr with man pages, as the Debian package is: the
    # package is made from this build (build-deb.sh with WARDEN_DEB_FROM).
    env -u CXX cmake -S . -B "$BUILD_DIR" "${common[@]}" -DCMAKE_INSTALL_PREFIX=/usr -DWARDEN_MANPAGES=ON "${configure[@]}" >/dev/null ;;
  sanitized)
    BUILD_DIR="${WARDEN_BUILD_DIR:-build-san}"
    CXX=clang++-16 cmake -S . -B "$BUILD_DIR" "${common[@]}" -DWARDEN_GUI=OFF -DWARDEN_BENCHMARKS=OFF \
      -DWARDEN_SANITIZE=ON -DWARDEN_FUZZ=ON "${configure[@]}" >/dev/null ;;
esac
# The demo's programs exist only with the GUI; without Qt Widgets, wardenctl.
if [ "$preset" = demo ] && ! grep -q '^WARDEN_GUI:BOOL=ON' "$BUILD_DIR/CMakeCache.txt"; then
  targets=(--target wardenctl warden-init warden-mcp)
fi
[ ${#wanted[@]} -gt 0 ] && targets=(--target "${wanted[@]}")
cmake --build "$BUILD_DIR" --parallel "$(nproc)" "${targets[@]}"
