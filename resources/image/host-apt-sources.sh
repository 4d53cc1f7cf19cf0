#!/usr/bin/env bash
# Prints this machine's own apt sources, one-line and deb822 forms, skipping
# disabled files, as one file mmdebstrap reads. No mirror is named in the
# repository: Warden's roots come from wherever this machine gets Debian.
set -euo pipefail
if [ -f /etc/apt/sources.list ]; then grep -Ev '^\s*(#|$)' /etc/apt/sources.list || true; fi
for f in /etc/apt/sources.list.d/*.list; do [ -f "$f" ] && { grep -Ev '^\s*(#|$)' "$f" || true; }; done
for f in /etc/apt/sources.list.d/*.sources; do [ -f "$f" ] && { cat "$f"; echo; }; done
exit 0
