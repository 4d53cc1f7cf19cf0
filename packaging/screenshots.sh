#!/usr/bin/env bash
# Takes docs/screenshots/: every screen of the console from live runs, at
# 1024x700 and 1500x900, in English and German, under Xvfb. Look at them
# after: a screenshot nobody opened proves nothing.
# Usage: packaging/screenshots.sh [OUT_DIR]   (needs build/app/warden)
#        ONLY="name name" packaging/screenshots.sh   takes only those
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
warden="$PWD/build/app/warden"

wanted() { [ -z "${ONLY:-}" ] || [[ " $ONLY " == *" $1 "* ]]; }

shot() { # NAME SIZE LANG SECONDS ARGS...
  local name="$1" size="$2" lang="$3" after="$4"
  shift 4
  wanted "$name" || return 0
  WARDEN_DB="$work/${DB:-$name}-$size-$lang.db" XDG_CONFIG_HOME="$work/config" \
    timeout 180 xvfb-run -a -s "-screen 0 1600x1000x24" \
    "$warden" -geometry "${size}+0+0" --lang "$lang" --screenshot "$out/$name-$size-$lang.png" \
    --screenshot-after "$after" "$@" >/dev/null 2>&1 || echo "screenshots: $name $size $lang failed" >&2
}

# On a screen of exactly SIZE, the window placed by the console itself: it
# must fit (the PNG is the window, so its size shows whether it did).
fits() { # NAME SIZE LANG SECONDS ARGS...
  local name="$1" size="$2" lang="$3" after="$4"
  shift 4
  wanted "$name" || return 0
  WARDEN_DB="$work/$name-$size-$lang.db" XDG_CONFIG_HOME="$work/config-$name" \
    timeout 240 xvfb-run -a -s "-screen 0 ${size}x24" \
    "$warden" --lang "$lang" --screenshot "$out/$name-$size-$lang.png" \
    --screenshot-after "$after" "$@" >/dev/null 2>&1 || echo "screenshots: $name $size $lang failed" >&2
}

for size in 1024x700 1500x900; do
  for lang in en de; do
    fits first-start "$size" "$lang" 3
    # Two requests waiting: the more urgent in front, the keys on the buttons.
    fits approvals-two-pending "$size" "$lang" 16 --demo kubesleuth --demo mcp-files
  done
done
# A request left to expire (the shortest deadline, one minute): its card
# sinks, greyed, with a button to clear it.
for lang in en de; do
  # The console's QSettings file (organisation domain warden.dev).
  mkdir -p "$work/config-approval-expired/warden.dev"
  printf '[approvals]\ndeadlineMinutes=1\n' > "$work/config-approval-expired/warden.dev/warden.conf"
  fits approval-expired 1024x700 "$lang" 70 --demo kubesleuth
done

for size in 1024x700 1500x900; do
  for lang in en de; do
    shot runs-code-bot "$size" "$lang" 12 --demo code-bot
    shot approval-kubesleuth "$size" "$lang" 10 --demo kubesleuth
    shot hosts "$size" "$lang" 6 --demo code-bot --screen hosts
    # A second code-bot run into the first one's store: the agent's timeline.
    DB=runs-code-bot shot agent-timeline "$size" "$lang" 12 --demo code-bot --agent code-bot
  done
done
# A custom run under code-bot.json that reads the planted credentials file:
# allowed (it is only a read) but undeclared, so never benign.
if wanted custom-run-canary; then
  "$PWD/build/app/wardenctl" run --declaration resources/declarations/code-bot.json --db "$work/canary.db" -- \
    python3 -c 'import os; print("checking the deploy setup"); print(len(open(os.path.expanduser("~/.aws/credentials")).read()), "bytes of credentials")' \
    >/dev/null 2>&1 || echo "screenshots: the canary run failed" >&2
  for size in 1024x700 1500x900; do
    for lang in en de; do
      cp "$work/canary.db" "$work/canary-$size-$lang.db"
      DB=canary shot custom-run-canary "$size" "$lang" 4
    done
  done
fi
# What if: code-bot's injected run (recorded from its trace) replayed under a
# declaration that gives it curl and the attacker's host; the dialog over
# the window, the three actions that would now be allowed ringed.
if wanted what-if; then
  "$PWD/build/app/wardenctl" evaluate --declaration resources/declarations/code-bot.json \
    --trace resources/traces/code-bot-injected.jsonl --record --db "$work/what-if.db" >/dev/null ||
    echo "screenshots: recording the what-if run failed" >&2
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d["destinations"] = ["attacker.example:443"]; d["processes"] = ["python3", "curl"]; json.dump(d, open(sys.argv[2], "w"), indent=1)' \
    resources/declarations/code-bot.json "$work/code-bot-looser.json"
  for lang in en de; do
    cp "$work/what-if.db" "$work/what-if-1500x900-$lang.db"
    cp "$work/what-if.db.head" "$work/what-if-1500x900-$lang.db.head"
    shot what-if 1500x900 "$lang" 2 --what-if "$work/code-bot-looser.json"
  done
fi
# Claude Code, installed (resources/agents/install-agents.sh), live in the
# console: its real-agent demo (a poisoned README, the scripted model as a
# stand-in for the hosted one), started as the launch menu starts it.
if wanted agent-claude-code-injected; then
  for size in 1024x700 1500x900; do
    for lang in en de; do
      shot agent-claude-code-injected "$size" "$lang" 14 --demo claude-code-injected
    done
  done
fi
ls -1 "$out"
