#!/usr/bin/env bash
# Set up, build, and run every test. Also proves the headless build: core,
# wardenctl and their tests compile with WARDEN_GUI=OFF and no GUI module;
# and a new user's first run and the Debian package (check-fresh.sh).
# Integration tests use real bubblewrap and a real dockerd, which this script
# starts (and stops) on its own socket, with the locally built sandbox image.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each leg's time, for CI's budget (docs/DEVELOPMENT.md).
leg_start=$SECONDS
leg_done() { echo "test: $1 took $((SECONDS - leg_start)) s"; leg_start=$SECONDS; }
./packaging/install-deps.sh
leg_done "install-deps"
# The compiler cache is kept between runs on this machine, beside the
# clang-tidy cache (ccache keys on the source as preprocessed and the
# flags; paths under the checkout are made relative, so a checkout
# elsewhere shares it). A fresh machine starts it empty.
if [ -z "${CCACHE_DIR:-}" ]; then
  ccache_dir="${WARDEN_CI_CACHE:-/var/cache/warden-ci}/ccache"
  if mkdir -p "$ccache_dir" 2>/dev/null && [ -w "$ccache_dir" ]; then export CCACHE_DIR="$ccache_dir"; fi
fi
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=1 CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-12G}"
./packaging/build.sh -DWARDEN_WERROR=ON
leg_done "build"
# The house style and clang-tidy's checks, warnings as errors.
./packaging/check-style.sh build
leg_done "style"
# The headless tree is also the sanitized one: ASan and UBSan (any UB is
# fatal) over core, wardenctl, warden-hostd and their tests. Its unit and
# integration tests run once the engines are up (below).
WARDEN_BUILD_DIR=build-headless ./packaging/build.sh -DWARDEN_GUI=OFF -DWARDEN_BENCHMARKS=OFF -DWARDEN_SANITIZE=ON \
  -DWARDEN_WERROR=ON
if ldd build-headless/app/wardenctl build-headless/core/libwarden_core.so | grep -E "libQt6(Gui|Widgets|Charts)" ; then
  echo "test: the headless wardenctl links a GUI module" >&2
  exit 1
fi
leg_done "headless sanitized build"
./packaging/fuzz.sh --smoke
leg_done "fuzz smoke"
# A new user's first run and the package (packaging/check-fresh.sh): the
# installer in a clean Debian root, the demo from a pristine state, the .deb
# installed into a clean root. Needs root for chroot and mount namespaces.
if [ "$(id -u)" -eq 0 ]; then ./packaging/check-fresh.sh
else sudo ./packaging/check-fresh.sh; fi
leg_done "fresh-machine and package checks"

# The engines this script starts are promised to the tests: one that does
# not start fails the run here, and WARDEN_REQUIRE_ENGINES turns a test's
# "no engine" skip into a failure (QtTest counts a skip as a pass). With a
# DOCKER_HOST of your own, the TLS test may skip.
started_dockerd=""
if [ -z "${DOCKER_HOST:-}" ]; then
  DOCKER_HOST="$(./packaging/start-dockerd.sh)" || { echo "test: FAILED: dockerd did not start" >&2; exit 1; }
  export DOCKER_HOST WARDEN_REQUIRE_ENGINES=1
  started_dockerd=yes
fi
here="$(pwd)"
podman_pid=""
cleanup() {
  if [ -n "$started_dockerd" ]; then "$here/packaging/stop-dockerd.sh" || true; fi
  if [ -n "$podman_pid" ]; then kill "$podman_pid" 2>/dev/null || true; fi
  return 0
}
trap cleanup EXIT
# The same engine over TCP with TLS client certificates, for the TLS tests.
root="${WARDEN_DOCKER_ROOT:-/var/tmp/warden-docker}"
if [ -n "$started_dockerd" ]; then
  [ -f "$root/tls/cert.pem" ] || { echo "test: FAILED: dockerd has no TLS endpoint ($root/tls)" >&2; exit 1; }
  export WARDEN_TEST_DOCKER_TLS_HOST="tcp://127.0.0.1:${WARDEN_DOCKER_TLS_PORT:-23760}"
  export WARDEN_TEST_DOCKER_CERT_PATH="$root/tls"
fi
# The sandbox image: built from this machine's apt sources, imported into the engine.
./resources/image/build-image.sh >/dev/null
# Podman's Docker-compatible API, with the same image, for the Podman test.
if [ "$(id -u)" -eq 0 ]; then image_dir="${WARDEN_IMAGE_BUILD_DIR:-/var/cache/warden/image}"
else image_dir="${WARDEN_IMAGE_BUILD_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/warden/image}"; fi
podman_root="${WARDEN_PODMAN_ROOT:-/var/tmp/warden-podman}"
if WARDEN_TEST_PODMAN_HOST="$(./packaging/start-podman.sh "$image_dir")"; then
  export WARDEN_TEST_PODMAN_HOST
  podman_pid="$(cat "$podman_root/podman.pid" 2>/dev/null || true)"
else
  echo "test: FAILED: the Podman service did not start" >&2
  exit 1
fi

leg_done "engines and image"
# Leaks are not checked: Qt keeps process-lifetime allocations LeakSanitizer
# would report; memory errors and undefined behaviour end the test.
(cd build-headless && ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
   ctest -L 'unit|integration' --output-on-failure --timeout 900 -j1)
leg_done "sanitized unit and integration tests"
cd build
# ctest's own summary stays the last word; it gives its time.
ctest --output-on-failure --timeout 900 -j1
