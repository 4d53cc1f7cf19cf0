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
# An agent's runs on one timeline: two stored code-bot runs (a benign and an
# injected trace), then a live one joining as the third band.
for trace in benign injected; do
  build/app/wardenctl evaluate --declaration resources/declarations/code-bot.json \
    --trace "resources/traces/code-bot-$trace.jsonl" --record --db "$tmp/agent.db" >/dev/null
done
xvfb-run -a -s "-screen 0 1500x900x24" build/app/warden --db "$tmp/agent.db" --agent code-bot --demo code-bot \
  --screenshot "$OUT/console-agent-timeline.png" --screenshot-after 8 >/dev/null 2>&1
echo "screenshots: $OUT/console-agent-timeline.png"
# The Hosts screen, after its first automatic connection test.
xvfb-run -a -s "-screen 0 1500x900x24" build/app/warden --db "$tmp/hosts.db" --demo code-bot --screen hosts \
  --screenshot "$OUT/console-hosts.png" --screenshot-after 4 >/dev/null 2>&1
echo "screenshots: $OUT/console-hosts.png"
