#!/usr/bin/env bash
# The style gate: the architecture's shape (packaging/check-layers.py), every
# source formatted as .clang-format says, and
# clang-tidy's checks (.clang-tidy) clean on core, cli, ui and app, warnings
# as errors. Needs a configured build directory for compile_commands.json
# (default ./build). Usage: packaging/check-style.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${1:-build}"

# The architecture's shape first: layers, folder loops, file sizes.
python3 packaging/check-layers.py

FORMAT=clang-format-16

mapfile -t sources < <(git ls-files 'core/*.cpp' 'core/*.h' 'ui/*.cpp' 'ui/*.h' 'cli/*.cpp' 'cli/*.h' \
                                    'app/*.cpp' 'tests/*.cpp' 'tests/*.h')
echo "check-style: clang-format on ${#sources[@]} files"
"$FORMAT" --dry-run --Werror "${sources[@]}"

[ -f "$BUILD_DIR/compile_commands.json" ] || { echo "check-style: no $BUILD_DIR/compile_commands.json" >&2; exit 1; }

# clang-tidy takes minutes a unit; a unit it found clean once (same text,
# headers, flags, config and tool) is not checked again: the per-unit cache
# (packaging/tidy-cached.py) is kept with the compiler cache, and is shared
# by clones elsewhere. Generated sources (moc, rcc) are Qt's: only our own.
cache="${WARDEN_CI_CACHE:-/var/cache/warden-ci}/clang-tidy-units"
mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ] || cache="$BUILD_DIR/clang-tidy-units"
python3 packaging/tidy-cached.py "$BUILD_DIR" "$cache" "$BUILD_DIR/clang-tidy.log" || {
  grep -a -E "^==|error:|warning:|Stack dump|PLEASE submit" "$BUILD_DIR/clang-tidy.log" | sort -u | head -50 || true
  echo "check-style: clang-tidy found problems (all of them: $BUILD_DIR/clang-tidy.log)" >&2
  exit 1
}
echo "check-style: clean"
