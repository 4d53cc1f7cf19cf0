#!/usr/bin/env python3
"""clang-tidy over core, cli, ui and app, one translation unit at a time,
skipping every unit it found clean before.

A unit's key is what clang-tidy would see: the unit preprocessed (its own
text and every header it includes, with the checkout's and the build's
paths replaced by placeholders, so a clone elsewhere shares the key), the
flags, .clang-tidy, the prelude and the tool's version. A clean unit's key
is kept in CACHE; a unit with findings is never kept, so it is checked
again until it is clean. Units are checked in parallel.

The build may be a unity build: its compile_commands.json then names the
generated unity sources. Each unity source is checked as one unit, its
member .cpp files reported like headers (a header filter that takes our
.cpp files too), so Qt's and nlohmann's headers are parsed once a batch
rather than once a file; with WARDEN_TIDY_PER_FILE=1 each member is
checked on its own with its unity source's flags instead.

usage: tidy-cached.py BUILD_DIR CACHE_DIR LOG   (from the source root)
"""
import concurrent.futures
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys

TIDY = "clang-tidy-16"
CLANG = "clang++-16"
OWN = re.compile(r"^(core|cli|ui|app)/.*\.cpp$")
# Diagnostics in our headers and, for a unity source, in the .cpp files it
# includes; never in Qt's generated or the system's headers.
HEADER_FILTER = r"^.*/(core|cli|ui|app)/[^/]+(/[^/]+)?\.(h|cpp)$"


def sha(*parts):
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode())
        h.update(b"\0")
    return h.hexdigest()[:40]


def units(build, root, per_file):
    """{unit: (source, argv, directory)} for our sources: each unity source
    whose members are ours (or, per file, each member), and each own .cpp
    compiled alone. A unit is named by its members, relative to the root."""
    with open(os.path.join(build, "compile_commands.json")) as f:
        entries = json.load(f)
    seen = {}
    for e in entries:
        argv = e["arguments"] if "arguments" in e else shlex.split(e["command"])
        src = os.path.normpath(os.path.join(e["directory"], e["file"]))
        members = [src]
        if "/Unity/unity_" in src:
            with open(src) as u:
                members = re.findall(r'#include "([^"]+)"', u.read())
        own = [os.path.relpath(m, root) for m in members if OWN.match(os.path.relpath(m, root))]
        if not own:
            continue
        if per_file or len(members) == 1:
            for rel in own:
                seen.setdefault(rel, (os.path.join(root, rel), argv, e["directory"]))
        else:
            seen.setdefault(" ".join(own), (src, argv, e["directory"]))
    return seen


def flags_for(argv):
    """The compile flags for MEMBER alone, as clang would take GCC's."""
    out = []
    skip = False
    for a in argv[1:]:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ", "-c"):
            skip = True
            continue
        if a in ("-MD", "-MMD") or a.startswith("-std=") or a.endswith(".cxx") or a.endswith(".cpp"):
            continue
        out.append(a)
    return out + ["-std=c++2b", "-Wno-unknown-warning-option"]


def main():
    build, cache, log = sys.argv[1:4]
    root = os.getcwd()
    build_abs = os.path.abspath(build)
    prelude = os.path.join(root, "packaging", "clang-tidy-prelude.h")
    version = subprocess.run([TIDY, "--version"], capture_output=True, text=True, check=True).stdout
    with open(os.path.join(root, ".clang-tidy"), "rb") as f:
        config = f.read()
    with open(prelude, "rb") as f:
        prelude_text = f.read()
    os.makedirs(cache, exist_ok=True)
    per_file = os.environ.get("WARDEN_TIDY_PER_FILE") == "1"
    todo = units(build, root, per_file)

    def neutral(text):
        # The checkout's and the build's places, replaced: keys shared by clones.
        return text.replace(build_abs.encode(), b"@BUILD@").replace(root.encode(), b"@ROOT@")

    def check(rel):
        src, argv, directory = todo[rel]
        flags = flags_for(argv)
        pre = subprocess.run([CLANG, "-E", "-P", "-include", prelude] + flags + [src],
                             cwd=directory, capture_output=True)
        if pre.returncode != 0:
            return rel, False, "preprocessing failed:\n" + pre.stderr.decode(errors="replace")
        key = sha(neutral(pre.stdout), neutral(" ".join(flags).encode()), config, prelude_text, version, rel,
                  HEADER_FILTER)
        stamp = os.path.join(cache, key)
        if os.path.exists(stamp):
            return rel, True, None
        # The unit as compiled alone: a one-entry database of its own.
        # A unity source includes .cpp files by design: that one check is
        # not asked of it (each member is still checked for everything).
        unity = ["--checks=-bugprone-suspicious-include"] if "/Unity/unity_" in src else []
        run = subprocess.run([TIDY, "--quiet", f"--header-filter={HEADER_FILTER}", f"--extra-arg=-include{prelude}"]
                             + unity + [src, "--"] + flags,
                             cwd=directory, capture_output=True)
        text = (run.stdout + run.stderr).decode(errors="replace")
        if run.returncode == 0 and "warning:" not in text and "error:" not in text:
            open(stamp, "w").close()
            return rel, True, ""
        return rel, False, text

    jobs = int(os.environ.get("WARDEN_TIDY_JOBS", os.cpu_count() or 2))
    checked = cached = 0
    failed = []
    with open(log, "w") as out, concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for rel, ok, text in pool.map(check, sorted(todo)):
            if text is None:
                cached += 1
                continue
            checked += 1
            if not ok:
                failed.append(rel)
                out.write(f"== {rel}\n{text}\n")
    files = sum(len(unit.split()) for unit in todo)
    print(f"check-style: clang-tidy: {len(todo)} units ({files} sources), {cached} clean before (cache), "
          f"{checked} checked now, {len(failed)} with findings")
    if failed:
        print("check-style: findings in " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
