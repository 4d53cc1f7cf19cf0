#!/usr/bin/env bash
# Installs the Debian 12 packages Warden needs to build, test and run.
# Idempotent: packages already present are not touched, and apt is not run
# at all when nothing is missing. Needs root (or sudo) only when it installs.
#
# usage: install-deps.sh [--demo]
#   --demo  only what building the programs and running the demo needs (the
#           first-run path of packaging/demo.sh); the test tools (Docker,
#           Podman, clang, the linters, the MCP peers) come with the full set.
set -euo pipefail
mode=full
[ "${1:-}" = "--demo" ] && mode=demo

BUILD=(build-essential cmake ninja-build pkg-config git
       qt6-base-dev qt6-base-dev-tools libqt6charts6-dev libqt6opengl6-dev libqt6svg6-dev libxkbcommon-dev
       qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qtkeychain-qt6-dev libgl-dev
       nlohmann-json3-dev libcurl4-openssl-dev libsqlite3-dev libpcre2-dev libssl-dev
       libbenchmark-dev tzdata file dpkg-dev ccache help2man)
# Running and testing: sandboxes (bubblewrap, Docker Engine, Podman's
# Docker-compatible API, the image builder),
# a virtual display for GUI checks and screenshots, fonts, the fuzzer, and a
# Secret Service (D-Bus + gnome-keyring) for the keychain tests, and what
# builds and checks the Debian package (man pages from --help, lintian, the
# desktop file and AppStream validators).
TEST=(bubblewrap docker.io mmdebstrap xvfb xauth fonts-dejavu-core clang-16 libclang-rt-16-dev sqlite3 iproute2 procps openssl
      dbus gnome-keyring podman curl util-linux lintian desktop-file-utils appstream
      clang-format-16 clang-tidy-16 nodejs ca-certificates)
# npm installs the MCP test peers; a Node.js from elsewhere (NodeSource)
# brings its own npm, which Debian's would conflict with.
command -v npm >/dev/null || TEST+=(npm)

# The demo: a bubblewrap sandbox on an image mmdebstrap makes; Qt's own
# words (Cancel, Yes, No) for a console in German.
DEMO=(bubblewrap mmdebstrap ca-certificates python3 qt6-translations-l10n)

if [ "$mode" = demo ]; then wanted=("${BUILD[@]}" "${DEMO[@]}")
else wanted=("${BUILD[@]}" "${DEMO[@]}" "${TEST[@]}"); fi
missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#wanted[@]} packages present"
else
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: run as root or install sudo" >&2; exit 1; }
    SUDO="sudo"
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

[ "$mode" = demo ] && exit 0

# The real MCP peers the tests run (the official SDK's client, the reference
# servers), exactly as tests/mcp/package-lock.json pins them: installed here,
# never fetched while a test runs. Again only when the lockfile changed.
peers="$(cd "$(dirname "$0")/../tests/mcp" && pwd)"
if [ ! -f "$peers/node_modules/.warden-lock" ] || ! cmp -s "$peers/package-lock.json" "$peers/node_modules/.warden-lock"; then
  echo "install-deps: npm ci (MCP test peers, from the lockfile)"
  # Node.js trusts its own bundled authorities unless told otherwise; the
  # machine's store has those and any it added (a TLS-inspecting proxy's).
  ca=/etc/ssl/certs/ca-certificates.crt
  (cd "$peers" && NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-$([ -f $ca ] && echo $ca)}" \
     npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
  cp "$peers/package-lock.json" "$peers/node_modules/.warden-lock"
fi
