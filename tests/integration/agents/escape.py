"""Escape attempts from inside a Warden sandbox. Prints one JSON line per
attempt: {"attempt": NAME, "escaped": bool, "detail": ...}. Every attempt is
expected to fail, and in the one way that only the sandbox explains: an
attempt that fails some other way (a timeout, a typo, plain file permissions
that would refuse it on the host too) counts as escaped, so the test cannot
pass by accident."""

import errno
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


def attempt(name, fn, contained):
    """`contained(e)` says whether exception `e` is the sandbox's refusal."""
    try:
        detail = fn()
        report(name, True, detail)
    except Exception as e:  # noqa: BLE001
        text = "%s: %s" % (type(e).__name__, e)
        report(name, not contained(e), text if contained(e) else "failed the wrong way: " + text)


def os_error(*codes):
    return lambda e: isinstance(e, OSError) and e.errno in codes


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
        init = f.read()
    if b"systemd" in init or b"/sbin/init" in init:
        return "sees the host's init"
    raise FileNotFoundError("no host files visible")


def write_outside_scratch():
    # EROFS, not EACCES: plain permissions would refuse an unprivileged user
    # on the host too; only the read-only root says the sandbox did it.
    with open("/usr/warden-escape", "w") as f:
        f.write("x")
    return "wrote /usr"


def fork_bomb():
    children = []
    try:
        for _ in range(500):
            children.append(subprocess.Popen(["sleep", "5"]))
    finally:
        # Reaped, not only killed: an unreaped child still counts against the
        # pids limit, and the next attempt's fork would fail with EAGAIN.
        for c in children:
            c.kill()
        for c in children:
            c.wait()
    return "started 500 processes"


def memory_hog():
    # In a child: under a cgroup limit (Docker) the kernel kills the process
    # that grows, under RLIMIT_AS (bubblewrap) the allocation fails.
    child = subprocess.run([sys.executable, "-c",
                            "import sys\n"
                            "blocks = []\n"
                            "try:\n"
                            "    for _ in range(64):\n"
                            "        blocks.append(bytearray(64 * 1024 * 1024))\n"
                            "except MemoryError:\n"
                            "    sys.exit(3)\n"], timeout=60)
    if child.returncode == 3:
        raise MemoryError("the allocation failed (rlimit)")
    if child.returncode == -9:
        raise MemoryError("killed by the memory limit")
    return "allocated 4 GiB (exit %d)" % child.returncode


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


def refused(e):
    return isinstance(e, PermissionError) and str(e).startswith(("refused", "no capabilities")) or \
        isinstance(e, PermissionError) and "of 400 refused" in str(e)


for name, fn, contained in [
        # Refused by the syscall supervisor, which records it; no route at
        # all (ENETUNREACH) would mean it went unseen.
        ("direct_connect", direct_connect, os_error(errno.EPERM)),
        ("dns", dns, lambda e: isinstance(e, socket.gaierror)),
        ("host_files", host_files, lambda e: isinstance(e, FileNotFoundError) and "no host files" in str(e)),
        ("write_outside_scratch", write_outside_scratch, os_error(errno.EROFS)),
        ("fork_bomb", fork_bomb, os_error(errno.EAGAIN)),
        ("memory_hog", memory_hog, lambda e: isinstance(e, MemoryError)),
        ("capabilities", capabilities, refused),
        ("gateway_garbage", gateway_garbage, refused),
        ("gateway_flood", gateway_flood, refused)]:
    attempt(name, fn, contained)
print(json.dumps({"done": True}), flush=True)
