"""Warden's agent-side SDK: call tools through the warden gateway.

Inside a Warden sandbox the only way to a tool is the gateway, a unix socket
named by $WARDEN_GATEWAY. Each request is one JSON line; the warden answers
with one JSON line. Requests that need a reviewer block until one decides or
the deadline passes. Standard library only.

    from warden_agent import Gateway
    gw = Gateway()
    answer = gw.call("load_csv", {"path": "/data/sales.csv"}, "the user asked for Q3 totals")
    if answer.allowed:
        ...
"""

import itertools
import json
import os
import socket

__all__ = ["Gateway", "Answer", "GatewayError"]


class GatewayError(Exception):
    """The gateway could not be reached or answered something unreadable."""


class Answer:
    """The warden's answer to one request."""

    def __init__(self, data):
        self.data = data
        self.decision = data.get("decision", "deny")
        self.reason = data.get("reason") or data.get("error") or ""
        self.result = data.get("result")

    @property
    def allowed(self):
        """True when the agent may go ahead (allowed, or approved by a reviewer)."""
        return self.decision in ("allow", "approved")

    def __repr__(self):
        return "Answer(%s: %s)" % (self.decision, self.reason)


class Gateway:
    """One connection to the warden gateway; requests are answered in order."""

    def __init__(self, path=None, timeout=None):
        self.path = path or os.environ.get("WARDEN_GATEWAY", "/run/warden/gateway.sock")
        self._ids = itertools.count(1)
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.settimeout(timeout)
        try:
            self._sock.connect(self.path)
        except OSError as e:
            raise GatewayError("cannot reach the warden gateway at %s: %s" % (self.path, e))
        self._reader = self._sock.makefile("r", encoding="utf-8", newline="\n")

    def call(self, tool, params=None, justification=""):
        """Asks for `tool` with `params`; returns the warden's Answer."""
        request = {"id": str(next(self._ids)), "tool": tool, "params": params or {},
                   "justification": justification}
        self.send_raw(json.dumps(request) + "\n")
        return self.read_answer()

    def send_raw(self, text):
        """Sends bytes as they are (tests use this to check the warden's limits)."""
        self._sock.sendall(text.encode("utf-8") if isinstance(text, str) else text)

    def read_answer(self):
        line = self._reader.readline()
        if not line:
            raise GatewayError("the warden closed the gateway")
        try:
            return Answer(json.loads(line))
        except ValueError:
            raise GatewayError("unreadable answer from the warden: %r" % line[:200])

    def close(self):
        self._reader.close()
        self._sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
