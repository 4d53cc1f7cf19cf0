#!/usr/bin/env bash
# Proves a new user's first run, on a machine that may already have
# everything (CI's does):
#
#  root  A clean Debian minbase root, made with mmdebstrap from this
#        machine's own apt sources. The source tree is copied in and the
#        README's first command does its setup there as a new user's would,
#        timed: packaging/install-deps.sh --demo and packaging/build.sh
#        --demo (the demo's programs). Then the full install-deps.sh (the
#        test command's set) runs there, and the main and the sanitized
#        builds are configured. A package that install-deps.sh forgets fails
#        here, named. (The demo itself cannot run in the root: a sandbox
#        nested in bwrap's root may not mount its /proc.)
#  demo  This machine's wardenctl from a pristine state: a private mount
#        namespace with empty tmpfs over /var/cache (so no sandbox image),
#        $HOME and $TMPDIR, then `wardenctl demo code-bot` to its judgement,
#        timed, and with no Qt warning. The root's setup time plus this is a
#        new user's time to the first judgement.
#  package  The Debian package (packaging/build-deb.sh, or $WARDEN_DEB):
#        lintian (no errors), desktop-file-validate and appstreamcli on its
#        files, then `apt-get install ./warden_*.deb` into another clean root
#        and the installed programs run there.
#
# usage: check-fresh.sh [root|demo|package]...   (default: all; needs root)
#   WARDEN_BUILD_DIR   the build whose wardenctl the demo runs (./build)
#   WARDEN_DEB         a built package to check instead of building one
#   WARDEN_DEB_FROM    a finished build to package (build-deb.sh)
#   WARDEN_CI_CACHE    cache of the minbase root and downloaded .debs
#                      (/var/cache/warden-ci); the root is remade weekly
#
# Cached between runs, as safe: the untouched minbase tarball (keyed by the
# apt sources and this recipe), apt's downloaded archives (apt checks
# every .deb against the signed index before it uses one) and the compiler
# cache that packaging/build.sh keeps (ccache checks its own entries). The
# sandbox image, the build and everything installed are made from scratch.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
here="$(pwd)"
RECIPE=1
CACHE="${WARDEN_CI_CACHE:-/var/cache/warden-ci}"
BUILD_DIR="${WARDEN_BUILD_DIR:-build}"
legs=("$@")
[ ${#legs[@]} -gt 0 ] || legs=(root demo package)
[ "$(id -u)" -eq 0 ] || { echo "check-fresh: needs root (chroot and mount namespaces)" >&2; exit 1; }

# Roots made here go when the script ends, however it ends.
made=()
cleanup() { local d; for d in "${made[@]}"; do rm -rf --one-file-system "$d"; done; }
trap cleanup EXIT

say() { echo "check-fresh: $*"; }
die() { echo "check-fresh: FAILED: $*" >&2; exit 1; }

# The clean minbase root, as a tarball in the cache; prints its path.
minbase_tarball() {
  local sources key tarball
  sources="$(mktemp)"
  ./resources/image/host-apt-sources.sh >"$sources"
  [ -s "$sources" ] || die "this machine has no apt sources"
  key="$( (cat "$sources"; echo "recipe $RECIPE") | sha256sum | cut -c1-16)"
  tarball="$CACHE/minbase-$key.tar"
  mkdir -p "$CACHE"
  if [ ! -f "$tarball" ] || [ -n "$(find "$tarball" -mtime +6)" ]; then
    local suite
    suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
    say "making a clean $suite minbase root (cached in $CACHE)" >&2
    rm -f "$CACHE"/minbase-*.tar
    # mmdebstrap picks its output format from the name: keep .tar last.
    mmdebstrap --quiet --variant=minbase "$suite" "$CACHE/minbase-new.tar" "$sources" >&2
    mv "$CACHE/minbase-new.tar" "$tarball"
  fi
  rm -f "$sources"
  echo "$tarball"
}

# Unpacks a fresh copy of the minbase root into a new directory; prints it.
# Services are never started inside it (policy-rc.d), as in any chroot.
fresh_root() {
  local tarball="$1" root
  root="$(mktemp -d /var/tmp/warden-fresh-root.XXXXXX)"
  tar -C "$root" -xf "$tarball"
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  # A throw-away root need not survive a power cut: dpkg skips its fsyncs.
  echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/warden-check-unsafe-io"
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  # The machine's network as it is, trust included: certificate authorities
  # added locally (a TLS-inspecting egress proxy's) go into the root's store
  # when ca-certificates is installed there, as they are in this machine's.
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$root/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  fi
  mkdir -p "$CACHE/archives/partial"
  echo "$root"
}

# Runs a bash script as root inside ROOT: bubblewrap makes ROOT the new
# root with pivot_root (in a chroot the demo's sandboxes could not make
# their user namespaces), with this machine's /dev, /proc and /sys, apt's
# archive cache and the compiler cache, and every capability (apt, cgroups).
in_root() {
  local root="$1" script="$2" ccache="$CACHE/ccache"
  mkdir -p "$ccache" "$root/var/cache/warden-ci/ccache"
  bwrap --bind "$root" / --dev-bind /dev /dev --proc /proc --bind /sys /sys \
    --bind "$CACHE/archives" /var/cache/apt/archives --bind "$ccache" /var/cache/warden-ci/ccache \
    --cap-add ALL --die-with-parent --chdir / \
    /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 TERM=dumb NO_COLOR=1 \
      DEBIAN_FRONTEND=noninteractive bash -euo pipefail -c "$script"
}

# Names the Debian package that holds each CMake package configure missed:
# this machine has it (its own configure works), the fresh root did not.
name_missing_packages() {
  local log="$1" name file pkg
  grep -oE 'provided by "[A-Za-z0-9_]+"|Could NOT find [A-Za-z0-9_]+' "$log" | grep -oE '[A-Za-z0-9_]+"?$' | tr -d '"' |
    sort -u | while read -r name; do
      file="$(dpkg -S "*/${name}Config.cmake" "*/${name,,}-config.cmake" 2>/dev/null | head -1 || true)"
      pkg="${file%%:*}"
      say "  configure could not find $name${pkg:+: packaging/install-deps.sh lacks $pkg}" >&2
    done
}

leg_root() {
  local started=$SECONDS tarball root log rc=0
  tarball="$(minbase_tarball)"
  root="$(fresh_root "$tarball")"
  made+=("$root")
  mkdir -p "$root/src"
  # The tree as a checkout has it: tracked and new files, no build output.
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard | (while IFS= read -r -d '' f; do
      [ -e "$f" ] && printf '%s\0' "$f"; done) | tar --null -T - -cf - | tar -C "$root/src" -xf -
  else
    tar --exclude='./build*' --exclude=./.git -cf - . | tar -C "$root/src" -xf -
  fi
  log="$(mktemp)"
  say "root: the demo's setup in a clean root (install-deps.sh --demo, build.sh --demo)"
  local demo_started=$SECONDS
  in_root "$root" 'cd /src && ./packaging/install-deps.sh --demo && ./packaging/build.sh --demo </dev/null' >"$log" 2>&1 || rc=$?
  if [ $rc -ne 0 ] || [ ! -x "$root/src/build/app/wardenctl" ]; then
    tail -40 "$log" >&2
    name_missing_packages "$log"
    die "the demo's setup (install-deps.sh --demo, build.sh --demo) failed in a clean root (exit $rc)"
  fi
  say "root: the demo's setup took $((SECONDS - demo_started)) s (apt and the programs' build, compiler cache shared)"
  say "root: the full packaging/install-deps.sh there; the main and sanitized builds configured"
  in_root "$root" 'cd /src && ./packaging/install-deps.sh && apt-get autoclean -qq &&
    cmake -S /src -B /src/build >/dev/null &&
    CXX=clang++-16 cmake -S /src -B /tmp/san -G Ninja -DWARDEN_GUI=OFF -DWARDEN_SANITIZE=ON -DWARDEN_FUZZ=ON' \
    >"$log" 2>&1 || rc=$?
  if [ $rc -ne 0 ] || grep -q "Could NOT find\|Could not find" "$log"; then
    grep -B2 -A8 "CMake Error\|CMake Warning\|Could NOT find\|E: " "$log" | head -60 >&2 || tail -30 "$log" >&2
    name_missing_packages "$log"
    die "the test command's set does not install or configure in a clean root after install-deps.sh"
  fi
  rm -f "$log"
  say "root: ok in $((SECONDS - started)) s"
}

leg_demo() {
  local started=$SECONDS wardenctl home tmp log rc=0
  wardenctl="$here/$BUILD_DIR/app/wardenctl"
  [ -x "$wardenctl" ] || die "no $wardenctl: build first (packaging/build.sh)"
  case "$wardenctl" in /var/cache/*) die "the build is under /var/cache, which this leg hides" ;; esac
  home="$(mktemp -d /var/tmp/warden-fresh-home.XXXXXX)"
  tmp="$(mktemp -d /var/tmp/warden-fresh-tmp.XXXXXX)"
  log="$(mktemp /var/tmp/warden-fresh-demo.XXXXXX)"
  say "demo: wardenctl demo code-bot with no image cache, an empty \$HOME and an empty TMPDIR"
  # A fresh TMPDIR rather than a tmpfs over /tmp: the checkout (CI's clone)
  # may itself live under /tmp.
  unshare --mount --fork -- bash -c '
    set -e
    home="$1"; tmp="$2"; shift 2
    mount -t tmpfs -o mode=0755 tmpfs /var/cache
    mount -t tmpfs -o mode=0700 tmpfs "$home"
    mount -t tmpfs -o mode=1777 tmpfs "$tmp"
    [ ! -e /var/cache/warden ] || { echo "check-fresh: /var/cache/warden is not pristine" >&2; exit 1; }
    exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$home" TMPDIR="$tmp" LANG=C.UTF-8 TERM=dumb NO_COLOR=1 "$@"
  ' _ "$home" "$tmp" "$wardenctl" demo code-bot </dev/null >"$log" 2>&1 || rc=$?
  rmdir "$home" "$tmp" 2>/dev/null || true
  if [ $rc -ne 0 ] || ! grep -qi "judgement: *malicious" "$log"; then
    tail -30 "$log" >&2
    die "the headless demo did not reach its judgement from a pristine state (exit $rc; log $log)"
  fi
  if grep -E "^(QStandardPaths|qt\.|QObject|Warning: )" "$log" >&2; then
    die "the headless demo printed Qt warnings (above)"
  fi
  grep -i "judgement" "$log" | tail -1 | sed 's/^/check-fresh: demo: /'
  rm -f "$log"
  say "demo: ok in $((SECONDS - started)) s"
}

leg_package() {
  local started=$SECONDS deb files root log rc=0
  deb="${WARDEN_DEB:-$(./packaging/build-deb.sh)}"
  [ -f "$deb" ] || die "no package at $deb"
  say "package: $(basename "$deb"): $(du -k "$deb" | cut -f1) KiB, installs $(dpkg-deb -f "$deb" Installed-Size) KiB"
  log="$(mktemp)"
  lintian --fail-on error --suppress-tags-from-file /dev/null "$deb" >"$log" 2>&1 || rc=$?
  sed 's/^/check-fresh: package: lintian: /' "$log"
  [ $rc -eq 0 ] || die "lintian reports errors on $deb"
  files="$(mktemp -d)"
  dpkg-deb -x "$deb" "$files"
  desktop-file-validate "$files"/usr/share/applications/*.desktop || die "desktop-file-validate refuses the .desktop file"
  appstreamcli validate --no-net --pedantic "$files"/usr/share/metainfo/*.xml >"$log" 2>&1 ||
    { cat "$log" >&2; die "appstreamcli refuses the metainfo"; }
  rm -rf "$files"

  root="$(fresh_root "$(minbase_tarball)")"
  made+=("$root")
  cp "$deb" "$root/tmp/"
  say "package: apt-get install ./$(basename "$deb") in a clean root"
  in_root "$root" "apt-get update -qq && apt-get install -y -qq --no-install-recommends ./tmp/$(basename "$deb") \
    >/tmp/install.log 2>&1 || { tail -20 /tmp/install.log; exit 1; }
    cd /tmp
    wardenctl --version && warden-hostd --version && warden --version
    env -u DISPLAY warden --help | grep -q -- --self-test
    wardenctl check-declaration /usr/share/warden/declarations/code-bot.json
    wardenctl evaluate --declaration /usr/share/warden/declarations/code-bot.json \
      --trace /usr/share/warden/traces/code-bot-injected.jsonl | grep -i 'judgement: malicious'
    QT_QPA_PLATFORM=offscreen warden --self-test
    for page in wardenctl warden-hostd warden; do test -s /usr/share/man/man1/\$page.1.gz; done
    test -x /usr/share/warden/image/build-image.sh && test -f /lib/systemd/system/warden-hostd.service
    du -sk /usr/bin/warden* /usr/lib/*/warden" 2>&1 | sed 's/^/check-fresh: package: /' || rc=$?
  [ $rc -eq 0 ] || die "the installed package does not work in a clean root"
  rm -f "$log"
  say "package: ok in $((SECONDS - started)) s"
}

for leg in "${legs[@]}"; do
  case "$leg" in
    root) leg_root ;;
    demo) leg_demo ;;
    package) leg_package ;;
    *) die "unknown leg $leg (root, demo or package)" ;;
  esac
done
