#!/usr/bin/env python3
"""The architecture's shape, checked: core never includes ui or cli, ui and
cli never include each other, no folder of core includes one that includes
it back (directly or round a loop), and no source file is over 600 lines.
Usage: packaging/check-layers.py  (from anywhere; reads the tracked sources)
"""
import os
import re
import subprocess
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
files = subprocess.run(["git", "-C", root, "ls-files", "core", "ui", "cli", "app"], check=True,
                       capture_output=True, text=True).stdout.split()
include = re.compile(r'#include "((core|ui|cli)/(\w+))/')
MAX_LINES = 600
problems = []
edges = {}
for path in files:
    if not path.endswith((".cpp", ".h", ".c")):
        continue
    with open(os.path.join(root, path), encoding="utf-8") as f:
        lines = f.readlines()
    if len(lines) > MAX_LINES:
        problems.append(f"{path}: {len(lines)} lines (at most {MAX_LINES}: split it)")
    top = path.split("/")[0]
    folder = "/".join(path.split("/")[:2]) if top == "core" else top
    for n, line in enumerate(lines, 1):
        m = include.match(line)
        if not m:
            continue
        target_top = m.group(2)
        if top == "core" and target_top != "core":
            problems.append(f"{path}:{n}: core includes {target_top}")
        if {top, target_top} == {"ui", "cli"}:
            problems.append(f"{path}:{n}: {top} includes {target_top}")
        if top == "core" and target_top == "core" and m.group(1) != folder:
            edges.setdefault(folder, set()).add(m.group(1))

# Loops among core's folders (Tarjan's strongly connected components).
index, low, stack, on, counter = {}, {}, [], set(), [0]
sys.setrecursionlimit(10000)


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in edges.get(v, ()):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        component = []
        while True:
            w = stack.pop()
            on.discard(w)
            component.append(w)
            if w == v:
                break
        if len(component) > 1:
            problems.append("folders include each other round a loop: " + " -> ".join(sorted(component)))


for v in list(edges):
    if v not in index:
        visit(v)
for p in problems:
    print("check-layers: " + p)
print(f"check-layers: {'clean' if not problems else str(len(problems)) + ' problems'} "
      f"({len(files)} files, {len(edges)} core folders with includes)")
sys.exit(1 if problems else 0)
