#!/usr/bin/env bash
# The main job: set up, build, and show the code-bot injection demo.
# With a display it opens the console on the demo run; without one it runs
# the same demo headless in the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
# Only what the demo needs: the packages that build and run the programs,
# and the programs themselves (packaging/test.sh later reuses this build and
# compiles only the tests).
./packaging/install-deps.sh --demo
./packaging/build.sh --demo
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x build/app/warden ]; then
  exec build/app/warden --demo code-bot
fi
echo "(no display: running the code-bot demo headless)"
exec build/app/wardenctl demo code-bot
