#!/usr/bin/env bash
# Renders the console's main screens from live demo runs under Xvfb into
# docs/screenshots/. Needs a build (packaging/build.sh) and the sandbox image.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=docs/screenshots
mkdir -p "$OUT"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
shoot() { # NAME DEMO SECONDS
  xvfb-run -a -s "-screen 0 1500x900x24" build/app/warden --db "$tmp/$1.db" --demo "$2" \
    --screenshot "$OUT/$1.png" --screenshot-after "$3" >/dev/null 2>&1
  echo "screenshots: $OUT/$1.png"
}
shoot console-code-bot code-bot 8
shoot console-kubesleuth-approval kubesleuth 6
# The Hosts screen, after its first automatic connection test.
xvfb-run -a -s "-screen 0 1500x900x24" build/app/warden --db "$tmp/hosts.db" --demo code-bot --screen hosts \
  --screenshot "$OUT/console-hosts.png" --screenshot-after 4 >/dev/null 2>&1
echo "screenshots: $OUT/console-hosts.png"
