#!/usr/bin/env bash
# Set up, build, and run every test. Also proves the headless build (core,
# wardenctl and their tests with WARDEN_GUI=OFF and no GUI module), a new
# user's first run and the Debian package (check-fresh.sh).
# Integration tests use real bubblewrap and a real dockerd, which this script
# starts (and stops) on its own socket, with the locally built sandbox image.
#
# Two compiles in all: the main build (GCC, shared with packaging/demo.sh,
# whose objects it reuses; the package is made from it) and the sanitized
# build (clang with ASan and UBSan: its tests and the fuzz targets).
# Each leg is timed against its budget in docs/DEVELOPMENT.md; a leg over
# budget fails the run, after the tests, with the leg named.
set -euo pipefail
cd "$(dirname "$0")/.."
budget_of() {  # the "| leg | seconds |" row of docs/DEVELOPMENT.md's budget table
  sed -n '/^<!-- ci-budgets -->/,/^<!-- \/ci-budgets -->/p' docs/DEVELOPMENT.md |
    awk -F'|' -v leg="$1" '{ gsub(/^ +| +$/, "", $2); gsub(/[^0-9]/, "", $3) } $2 == leg { print $3 }'
}
over=()
leg_start=$SECONDS
run_start=$SECONDS
leg_done() {
  local took=$((SECONDS - leg_start)) budget
  budget="$(budget_of "$1")"
  [ -n "$budget" ] || { echo "test: FAILED: leg \"$1\" has no budget in docs/DEVELOPMENT.md" >&2; exit 1; }
  echo "test: $1 took $took s (budget $budget s)"
  [ "$took" -le "$budget" ] || over+=("$1: $took s, budget $budget s")
  leg_start=$SECONDS
}
budget_verdict() {
  local total=$((SECONDS - run_start)) budget
  budget="$(budget_of total)"
  echo "test: all legs took $total s (budget $budget s)"
  [ "$total" -le "$budget" ] || over+=("total: $total s, budget $budget s")
  if [ ${#over[@]} -gt 0 ]; then
    printf 'test: FAILED: over budget: %s\n' "${over[@]}" >&2
    return 1
  fi
}
./packaging/install-deps.sh
# The agent CLIs the tests run unmodified (about 1.1 GB from the npm
# registry, pinned by resources/agents/*/package-lock.json), kept between
# runs in the agents' cache and fetched again only when a lockfile changes.
./resources/agents/install-agents.sh
leg_done "install-deps"
./packaging/build.sh
leg_done "build"
# The house style and clang-tidy's checks, warnings as errors.
./packaging/check-style.sh build
leg_done "style"
# The sanitized tree is also the headless one: ASan and UBSan (any UB is
# fatal) over core, wardenctl, warden-hostd, their tests and the fuzz
# targets. Its unit and integration tests run once the engines are up.
./packaging/build.sh --sanitized
if ldd build-san/app/wardenctl build-san/core/libwarden_core.so | grep -E "libQt6(Gui|Widgets|Charts)" ; then
  echo "test: the headless wardenctl links a GUI module" >&2
  exit 1
fi
leg_done "sanitized build"
./packaging/fuzz.sh --smoke
leg_done "fuzz smoke"
# A new user's first run and the package (packaging/check-fresh.sh): the
# installer in a clean Debian root, the demo from a pristine state, the .deb
# installed into a clean root. Needs root for chroot and mount namespaces.
# The package is made from the main build's programs (stripped), not a
# third compile.
if [ "$(id -u)" -eq 0 ]; then WARDEN_DEB_FROM=build ./packaging/check-fresh.sh
else sudo WARDEN_DEB_FROM=build ./packaging/check-fresh.sh; fi
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
# Two tests at a time (one a core): each builds its own sandboxes, stores,
# sockets and ports (port 0), so none shares state with another, and the
# sandboxes wait on the kernel and the engines as much as on a core.
jobs="${WARDEN_TEST_JOBS:-2}"
# Leaks are not checked: Qt keeps process-lifetime allocations LeakSanitizer
# would report; memory errors and undefined behaviour end the test.
# The sanitized leg turns over 24 MCP sessions, not 100: the same eviction
# paths under ASan, at a quarter of the time (the main leg does all 100).
(cd build-san && ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
   WARDEN_TEST_MCP_SESSIONS=24 ctest -L 'unit|integration' --output-on-failure --timeout 900 -j"$jobs")
leg_done "sanitized unit and integration tests"
# ctest's own summary comes last but for the budget's verdict.
rc=0
(cd build && ctest --output-on-failure --timeout 900 -j"$jobs") || rc=$?
leg_done "tests"
budget_verdict || rc=1
exit $rc
