#!/usr/bin/env bash
# The style gate: every source formatted as .clang-format says, and
# clang-tidy's checks (.clang-tidy) clean on core, cli, ui and app, warnings
# as errors. Needs a configured build directory for compile_commands.json
# (default ./build). Usage: packaging/check-style.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${1:-build}"
FORMAT=clang-format-16
TIDY=run-clang-tidy-16

mapfile -t sources < <(git ls-files 'core/*.cpp' 'core/*.h' 'ui/*.cpp' 'ui/*.h' 'cli/*.cpp' 'cli/*.h' \
                                    'app/*.cpp' 'tests/*.cpp' 'tests/*.h')
echo "check-style: clang-format on ${#sources[@]} files"
"$FORMAT" --dry-run --Werror "${sources[@]}"

[ -f "$BUILD_DIR/compile_commands.json" ] || { echo "check-style: no $BUILD_DIR/compile_commands.json" >&2; exit 1; }

# clang-tidy takes minutes; a tree it found clean once is clean again. The
# key is every checked source and header as committed, the config and the
# tool's version; a tree with uncommitted changes is always checked.
cache="${WARDEN_CI_CACHE:-/var/cache/warden-ci}/clang-tidy"
key=""
if git diff --quiet HEAD -- core cli ui app .clang-tidy 2>/dev/null; then
  key="$( { git ls-files -s core cli ui app .clang-tidy packaging/clang-tidy-prelude.h; clang-tidy-16 --version; } \
          | sha256sum | cut -c1-32)"
  if [ -f "$cache/$key" ]; then
    echo "check-style: clang-tidy found this tree clean before ($cache/$key); not run again"
    echo "check-style: clean"
    exit 0
  fi
fi
# Generated sources (moc, rcc) are Qt's, not ours: only our own files.
echo "check-style: clang-tidy on core, cli, ui and app"
# GCC's flags in compile_commands.json: clang 16 spells C++23 "c++2b"; the
# prelude raises __cpp_concepts for GCC 12's <expected> (see the file).
"$TIDY" -quiet -p "$BUILD_DIR" -j "$(nproc)" \
  -extra-arg=-std=c++2b -extra-arg=-Wno-unknown-warning-option \
  "-extra-arg=-include$PWD/packaging/clang-tidy-prelude.h" \
  "$PWD/(core|cli|ui|app)/.*\.cpp$" > "$BUILD_DIR/clang-tidy.log" 2>&1 || {
  # Findings, or (no finding) a clang-tidy that crashed or could not run.
  grep -a -E "error:|warning:|Stack dump|PLEASE submit" "$BUILD_DIR/clang-tidy.log" | sort -u | head -50 || true
  echo "check-style: clang-tidy found problems (all of them: $BUILD_DIR/clang-tidy.log)" >&2
  exit 1
}
if [ -n "$key" ] && mkdir -p "$cache" 2>/dev/null; then touch "$cache/$key"; fi
echo "check-style: clean"
