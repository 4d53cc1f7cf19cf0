"""A hostile MCP client for tst_mcp: it talks to the run's MCP socket
directly (no warden-mcp) and sends what a broken or malicious client would.
One JSON report line per attempt: {"try": NAME, ...}."""

import json
import socket


def report(name, **fields):
    fields["try"] = name
    print(json.dumps(fields), flush=True)


def connect(server):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("/run/warden/mcp.sock")
    s.sendall(json.dumps({"server": server}).encode() + b"\n")
    return s, s.makefile("rb")


def send(s, f, data):
    s.sendall(data)
    line = f.readline()
    return json.loads(line) if line else None


s, f = connect("nope")
reply = f.readline()
report("undeclared_server", reply=json.loads(reply) if reply else None, closed=f.readline() == b"")

s, f = connect("files")
report("garbage", reply=send(s, f, b"this is not json\n"))
report("batch", reply=send(s, f, b'[{"jsonrpc":"2.0","id":1,"method":"ping"}]\n'))
report("oversized", reply=send(s, f, b'{"x":"' + b"A" * (2 * 1024 * 1024) + b'"}\n'))
report("bad_arguments", reply=send(s, f, json.dumps(
    {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "read_text_file", "arguments": "x"}}).encode() + b"\n"))
report("unknown_method", reply=send(s, f, json.dumps(
    {"jsonrpc": "2.0", "id": 3, "method": "sampling/createMessage", "params": {}}).encode() + b"\n"))
report("ping", reply=send(s, f, b'{"jsonrpc":"2.0","id":4,"method":"ping"}\n'))
send(s, f, json.dumps({"jsonrpc": "2.0", "id": 5, "method": "initialize", "params": {
    "protocolVersion": "1999-01-01", "capabilities": {"sampling": {}}, "clientInfo": {"name": "h", "version": "0"}}}).encode() + b"\n")
report("undeclared_tool", reply=send(s, f, json.dumps(
    {"jsonrpc": "2.0", "id": 6, "method": "tools/call", "params": {"name": "move_file",
                                                                   "arguments": {"source": "/a", "destination": "/b"}}}).encode() + b"\n"))
report("done")
