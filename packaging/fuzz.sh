#!/usr/bin/env bash
# Fuzzes each libFuzzer target of the sanitized build (packaging/build.sh
# --sanitized: clang, ASan, UBSan; built here if it is not yet).
# --smoke: 26 s a target (what CI runs); otherwise 10 minutes a target, or
# FUZZ_SECONDS. Targets run side by side, one a core: each is single-threaded
# and fuzzes for its full time either way. New inputs land in
# build-san/corpus-*, crashes in build-san/crash-*; the seed corpus in
# tests/fuzz/corpus is not touched.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${FUZZ_SECONDS:-600}"
# 24 s: fifteen targets, two at a time (the fifteenth adds 12 s to the leg).
[ "${1:-}" = "--smoke" ] && SECONDS_PER_TARGET=24
BUILD_DIR="${WARDEN_SANITIZED_BUILD_DIR:-build-san}"
ALL="declaration trace wire gateway control proxyhead demux hostsession syscall mcp mcphttp mcpevents toml modeldoor records"
targets=()
for t in ${FUZZ_TARGETS:-$ALL}; do targets+=("fuzz_$t"); done
WARDEN_BUILD_DIR="$BUILD_DIR" ./packaging/build.sh --sanitized --target "${targets[@]}" >/dev/null

fuzz_one() {
  local target="$1" corpus="corpus-$1"
  mkdir -p "$BUILD_DIR/$corpus"
  (cd "$BUILD_DIR" && ASAN_OPTIONS=detect_leaks=1 "./tests/fuzz/fuzz_$target" -max_total_time="$SECONDS_PER_TARGET" \
     -max_len=65536 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
     "$corpus" "../tests/fuzz/corpus/$target" 2>"fuzz-$target.log") || {
    echo "fuzz: $target found a problem; see $BUILD_DIR/fuzz-$target.log" >&2
    tail -40 "$BUILD_DIR/fuzz-$target.log" >&2
    return 1
  }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$BUILD_DIR/fuzz-$target.log" | sed "s/^/fuzz: $target /"
}

jobs="$(nproc)"
pids=() failed=0
for target in ${FUZZ_TARGETS:-$ALL}; do
  echo "fuzz: $target for ${SECONDS_PER_TARGET}s"
  fuzz_one "$target" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ $failed -eq 0 ] || { echo "fuzz: FAILED" >&2; exit 1; }
