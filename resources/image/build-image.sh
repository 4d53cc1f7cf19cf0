#!/usr/bin/env bash
# Builds Warden's sandbox image: Debian minbase with python3 and Node.js (for
# MCP clients and servers), from this
# machine's own apt sources (no mirror is named here), as
#   OUT/rootfs/           a directory bubblewrap uses as the sandbox root
#   OUT/rootfs.tar        the same tree, for `docker import`
# and, when a Docker engine answers on DOCKER_HOST (or the default socket),
# imports it as warden-sandbox:VERSION. Rebuilds only when this recipe changes.
#
# usage: build-image.sh [OUT]   (default: $XDG_CACHE_HOME/warden/image, or
# /var/cache/warden/image as root: sandboxes then run as "nobody", who must
# be able to read the image)
set -euo pipefail
RECIPE_VERSION=1
if [ "$(id -u)" -eq 0 ]; then DEFAULT_OUT=/var/cache/warden/image; else DEFAULT_OUT="${XDG_CACHE_HOME:-$HOME/.cache}/warden/image"; fi
OUT="${1:-$DEFAULT_OUT}"
PACKAGES="python3-minimal,libpython3-stdlib,ca-certificates,nodejs"
stamp="$OUT/recipe-$RECIPE_VERSION-$(echo "$PACKAGES" | sha256sum | cut -c1-12)"

if [ ! -f "$stamp" ]; then
  # Readable by all: bubblewrap sandboxes run as "nobody" and must traverse
  # every directory down to the image, whatever the caller's umask.
  (umask 022 && mkdir -p "$OUT")
  sources="$(mktemp)"
  trap 'rm -f "$sources"' EXIT
  "$(dirname "$0")/host-apt-sources.sh" >"$sources"
  [ -s "$sources" ] || { echo "build-image: this machine has no apt sources" >&2; exit 1; }
  suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
  # Progress on stderr (callers keep stdout for the image's path):
  # mmdebstrap names each step as it goes.
  echo "build-image: building the sandbox image once: mmdebstrap $suite minbase + python3 + nodejs (a minute or two)" >&2
  mmdebstrap --verbose --variant=minbase --include="$PACKAGES" \
    --customize-hook='mkdir -p "$1/run/warden" "$1/opt/warden/bin" "$1/data" "$1/work"' \
    --customize-hook='rm -rf "$1/var/cache/apt/archives"/*.deb "$1/var/lib/apt/lists"/*' \
    "$suite" "$OUT/rootfs-new.tar" "$sources" 2>&1 | tee "$OUT/mmdebstrap.log" |
    { grep --line-buffered -E "^I: (running|downloading|extracting|installing|creating)" >&2 || true; } || {
    tail -20 "$OUT/mmdebstrap.log" >&2
    echo "build-image: mmdebstrap failed (all it said: $OUT/mmdebstrap.log)" >&2
    exit 1
  }
  rm -rf "$OUT/rootfs.new" && mkdir -p "$OUT/rootfs.new"
  tar -C "$OUT/rootfs.new" -xf "$OUT/rootfs-new.tar"
  rm -rf "$OUT/rootfs" && mv "$OUT/rootfs.new" "$OUT/rootfs"
  mv "$OUT/rootfs-new.tar" "$OUT/rootfs.tar"
  chmod 755 "$OUT" "$OUT/rootfs"
  rm -f "$OUT"/recipe-* && touch "$stamp"
fi

# Import into Docker when an engine is reachable and lacks this recipe (the
# image is labelled with its stamp: a changed package list re-imports).
TAG="warden-sandbox:$RECIPE_VERSION"
if command -v docker >/dev/null && docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  recipe="$(basename "$stamp")"
  if [ "$(docker image inspect -f '{{index .Config.Labels "dev.warden.recipe"}}' "$TAG" 2>/dev/null)" != "$recipe" ]; then
    docker import --change 'CMD ["/usr/bin/python3"]' --change "LABEL dev.warden.recipe=$recipe" "$OUT/rootfs.tar" "$TAG" >/dev/null
    echo "build-image: imported $TAG"
  fi
fi
echo "$OUT/rootfs"
