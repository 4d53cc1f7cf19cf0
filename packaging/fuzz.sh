#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and ASan/UBSan into ./build-fuzz and
# fuzzes each one. --smoke: 30 s a target (what CI runs); otherwise 10 minutes
# a target, or FUZZ_SECONDS. New inputs land in build-fuzz/corpus-*, crashes
# in build-fuzz/crash-*; the seed corpus in tests/fuzz/corpus is not touched.
#
# clang 16 implements the conditionally-trivial special members that GCC 12's
# <expected> checks for but still reports __cpp_concepts as 201907L, so the
# macro is raised by hand; see docs/DEVELOPMENT.md.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${FUZZ_SECONDS:-600}"
[ "${1:-}" = "--smoke" ] && SECONDS_PER_TARGET=30
FLAGS="-Wno-builtin-macro-redefined -Wno-macro-redefined -D__cpp_concepts=202002L -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer"
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache); fi
CXX=clang++-16 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWARDEN_GUI=OFF "${launcher[@]}" \
  -DWARDEN_TESTS=OFF -DWARDEN_BENCHMARKS=OFF -DWARDEN_FUZZ=ON \
  -DCMAKE_CXX_FLAGS="$FLAGS" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build build-fuzz --parallel "$(nproc)" --target fuzz_declaration fuzz_trace fuzz_wire fuzz_gateway fuzz_control fuzz_proxyhead fuzz_demux fuzz_hostsession fuzz_syscall fuzz_mcp fuzz_mcphttp fuzz_mcpevents
for target in ${FUZZ_TARGETS:-declaration trace wire gateway control proxyhead demux hostsession syscall mcp mcphttp mcpevents}; do
  corpus="build-fuzz/corpus-$target"
  mkdir -p "$corpus"
  echo "fuzz: $target for ${SECONDS_PER_TARGET}s"
  (cd build-fuzz && ASAN_OPTIONS=detect_leaks=1 "./tests/fuzz/fuzz_$target" -max_total_time="$SECONDS_PER_TARGET" \
     -max_len=65536 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
     "corpus-$target" "../tests/fuzz/corpus/$target" 2>"fuzz-$target.log") || {
    echo "fuzz: $target found a problem; see build-fuzz/fuzz-$target.log" >&2
    tail -40 "build-fuzz/fuzz-$target.log" >&2
    exit 1
  }
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "build-fuzz/fuzz-$target.log" | sed "s/^/fuzz: $target /"
done
