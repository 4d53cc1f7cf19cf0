"""Escape attempts from inside a Warden sandbox. Prints one JSON line per
attempt: {"attempt": NAME, "escaped": bool, "detail": ...}. Every attempt is
expected to fail; the test asserts that it did."""

import json
import os
import resource
import socket
import subprocess
import sys

sys.path.insert(0, "/opt/warden")
from warden_agent import Gateway  # noqa: E402


def report(name, escaped, detail=""):
    print(json.dumps({"attempt": name, "escaped": bool(escaped), "detail": str(detail)[:200]}), flush=True)


def attempt(name, fn):
    try:
        detail = fn()
        report(name, True, detail)
    except Exception as e:  # noqa: BLE001
        report(name, False, "%s: %s" % (type(e).__name__, e))


def direct_connect():
    s = socket.create_connection(("192.0.2.1", 80), timeout=3)  # TEST-NET-1: must find no route
    s.close()
    return "connected"


def dns():
    return socket.getaddrinfo("example.com", 443)


def host_files():
    # The test leaves a marker file on the host; the image's own /etc is not the host's.
    for path in sys.argv[1:2] + ["/var/run/docker.sock", "/run/docker.sock", "/root/.ssh"]:
        if os.path.exists(path):
            return "sees " + path
    with open("/proc/1/cmdline", "rb") as f:
        if b"systemd" in f.read() or b"init" in f.read():
            return "sees the host's init"
    raise FileNotFoundError("no host files visible")


def write_outside_scratch():
    with open("/usr/warden-escape", "w") as f:
        f.write("x")
    return "wrote /usr"


def fork_bomb():
    children = []
    try:
        for _ in range(500):
            children.append(subprocess.Popen(["sleep", "5"]))
    finally:
        for c in children:
            c.kill()
    return "started 500 processes"


def memory_hog():
    blocks = []
    for _ in range(64):
        blocks.append(bytearray(64 * 1024 * 1024))  # 4 GiB in all
    return "allocated 4 GiB"


def gateway_garbage():
    gw = Gateway()
    gw.send_raw(b"\x00\xff not json at all\n")
    a = gw.read_answer()
    gw.send_raw(b'{"id": "1", "tool": "load_csv", "params": {}, "run": "someone-elses-run"}\n')
    b = gw.read_answer()
    gw.send_raw(b"x" * (300 * 1024) + b"\n")
    c = gw.read_answer()
    if a.allowed or b.allowed or c.allowed:
        return "a garbage line was allowed"
    raise PermissionError("refused: %s | %s | %s" % (a.reason, b.reason, c.reason))


def gateway_flood():
    gw = Gateway()
    burst = "".join('{"id": "%d", "tool": "no_such_tool"}\n' % i for i in range(400))
    gw.send_raw(burst)
    answers = [gw.read_answer() for _ in range(400)]
    limited = [a for a in answers if "rate limit" in a.reason or "too many" in a.reason]
    if not limited:
        return "400 requests in a burst were all taken"
    if any(a.allowed for a in answers):
        return "something was allowed"
    raise PermissionError("%d of 400 refused by the limits" % len(limited))


def capabilities():
    status = open("/proc/self/status").read()
    eff = [l for l in status.splitlines() if l.startswith("CapEff")][0].split()[1]
    if int(eff, 16) != 0:
        return "has capabilities " + eff
    if os.getuid() == 0:
        return "runs as root"
    raise PermissionError("no capabilities, uid %d" % os.getuid())


for name, fn in [("direct_connect", direct_connect), ("dns", dns), ("host_files", host_files),
                 ("write_outside_scratch", write_outside_scratch), ("fork_bomb", fork_bomb),
                 ("memory_hog", memory_hog), ("capabilities", capabilities),
                 ("gateway_garbage", gateway_garbage), ("gateway_flood", gateway_flood)]:
    attempt(name, fn)
print(json.dumps({"done": True}), flush=True)
