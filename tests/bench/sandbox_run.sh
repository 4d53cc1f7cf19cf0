#!/usr/bin/env bash
# One short run, under Warden (`wardenctl run`: supervisor, proxy, canaries,
# store) or in plain bubblewrap of the same image with the same namespaces
# and no Warden. Time the two in pairs (A B A B ..., the ratio pair by pair):
#
#   for i in $(seq 15); do
#     /usr/bin/time -f "warden %e" tests/bench/sandbox_run.sh warden CASE
#     /usr/bin/time -f "plain %e" tests/bench/sandbox_run.sh plain CASE
#   done
#
# CASE: execloop (1,000 execs of /bin/true from a sh loop, each declared),
# pass (python3 -c pass), pytest (a small package's tests with unittest:
# many imports and a few subprocesses). WARDEN_BENCH_DB keeps the store
# between runs (default /tmp/warden-sandbox-bench.db), as a user's store is.
set -euo pipefail
mode="$1" case="$2"
here="$(cd "$(dirname "$0")/../.." && pwd)"
image="${WARDEN_IMAGE_DIR:-/var/cache/warden/image/rootfs}"
db="${WARDEN_BENCH_DB:-/tmp/warden-sandbox-bench.db}"
case "$case" in
  execloop) cmd=(sh -c 'i=0; while [ $i -lt 1000 ]; do /bin/true; i=$((i+1)); done');;
  pass) cmd=(python3 -c pass);;
  pytest) cmd=(python3 -m unittest discover -s /data -t /data -q);;
  *) echo "sandbox_run: no case $case" >&2; exit 2;;
esac
data="$here/tests/bench/pypackage"
if [ "$mode" = warden ]; then
  WARDEN_DATA_ROOTS="$here/tests/bench" exec "$here/build/app/wardenctl" run --declaration "$here/tests/bench/sandbox-bench.json" --db "$db" \
       --data "$data" --wall-seconds 120 -- "${cmd[@]}" >/dev/null 2>&1
fi
# Plain bubblewrap: the image as root, the namespaces Warden's sandbox has.
exec bwrap --ro-bind "$image" / --proc /proc --dev /dev --tmpfs /tmp --tmpfs /run --ro-bind "$data" /data \
     --unshare-all --die-with-parent --new-session --cap-drop ALL --chdir /tmp \
     --clearenv --setenv HOME /tmp --setenv PATH /usr/bin:/bin --setenv LANG C.UTF-8 \
     "${cmd[@]}" </dev/null >/dev/null 2>&1
