#!/usr/bin/env bash
# Installs the agent CLIs Warden runs (Claude Code, Codex CLI, Gemini CLI),
# exactly as the lockfiles beside this script pin them, with npm from the
# npm registry: never at run time, never inside Warden's package (each CLI's
# licence is its vendor's). Where they go is where wardenctl looks:
# $WARDEN_AGENTS_DIR, else /var/cache/warden/agents for root and
# ~/.cache/warden/agents for anyone else. A CLI whose lockfile has not
# changed since it was installed is left as it is.
#
#   install-agents.sh [claude-code] [codex] [gemini]     (none named: all three)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ -n "${WARDEN_AGENTS_DIR:-}" ]; then dest="$WARDEN_AGENTS_DIR"
elif [ "$(id -u)" -eq 0 ]; then dest=/var/cache/warden/agents
else dest="${XDG_CACHE_HOME:-$HOME/.cache}/warden/agents"; fi
wanted=("$@")
[ ${#wanted[@]} -eq 0 ] && wanted=(claude-code codex gemini)
command -v npm >/dev/null || { echo "install-agents: npm is missing (apt-get install npm)" >&2; exit 1; }
ca=/etc/ssl/certs/ca-certificates.crt
for cli in "${wanted[@]}"; do
  case "$cli" in claude-code|codex|gemini) ;; *) echo "install-agents: no CLI \"$cli\" (claude-code, codex, gemini)" >&2; exit 2;; esac
  dir="$dest/$cli"
  if [ -f "$dir/node_modules/.warden-lock" ] && cmp -s "$here/$cli/package-lock.json" "$dir/node_modules/.warden-lock"; then
    echo "install-agents: $cli is installed ($dir)"
    continue
  fi
  echo "install-agents: $cli into $dir (npm ci, from the lockfile)"
  mkdir -p "$dir"
  cp "$here/$cli/package.json" "$here/$cli/package-lock.json" "$dir/"
  # No install scripts: each CLI's program is taken from its platform package.
  (cd "$dir" && NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-$([ -f $ca ] && echo $ca)}" \
     npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
  # Readable by every sandbox user (a run's user is not the installer).
  chmod -R a+rX "$dir"
  cp "$here/$cli/package-lock.json" "$dir/node_modules/.warden-lock"
done
