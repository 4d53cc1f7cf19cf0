"""The first process in a Warden sandbox.

The sandbox has no network, only loopback. Programs expect an HTTP proxy at
host:port, so this bridges 127.0.0.1:3128 to the warden's egress proxy socket
($WARDEN_PROXY_SOCKET), then runs the agent's command and exits with its
status. Killing the bridge only cuts the agent off: there is no other way out.
"""

import os
import socket
import subprocess
import sys
import threading

PROXY_PORT = 3128


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(listener, target):
    while True:
        client, _ = listener.accept()
        upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            upstream.connect(target)
        except OSError:
            client.close()
            continue
        threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client), daemon=True).start()


def main():
    if len(sys.argv) < 2:
        print("usage: warden_init.py COMMAND [ARG...]", file=sys.stderr)
        return 2
    target = os.environ.get("WARDEN_PROXY_SOCKET", "/run/warden/proxy.sock")
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", PROXY_PORT))
    listener.listen(16)
    threading.Thread(target=serve, args=(listener, target), daemon=True).start()
    try:
        return subprocess.call(sys.argv[1:])
    except OSError as e:
        print("warden_init: cannot run %s: %s" % (sys.argv[1], e), file=sys.stderr)
        return 127


if __name__ == "__main__":
    sys.exit(main())
