#!/usr/bin/env python3
"""A small stdio MCP server for Warden's session tests: one tool, echo.

It starts in a few tens of milliseconds (the reference servers take most of
a second in Node), so a test can turn over a hundred sessions, each its own
server sandbox, and measure Warden's side rather than a runtime's start.
It speaks MCP as the specification has it: initialize, the initialized
notification, ping, tools/list and tools/call; anything else is an error.
"""
import json
import sys

TOOL = {
    "name": "echo",
    "description": "Says back the message it is given.",
    "inputSchema": {
        "type": "object",
        "properties": {"message": {"type": "string"}},
        "required": ["message"],
    },
}


def answer(message_id, result=None, error=None):
    reply = {"jsonrpc": "2.0", "id": message_id}
    if error is not None:
        reply["error"] = error
    else:
        reply["result"] = result
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()


def handle(message):
    method = message.get("method")
    if "id" not in message:
        return  # notifications: nothing to say
    params = message.get("params") or {}
    if method == "initialize":
        answer(message["id"], {
            "protocolVersion": params.get("protocolVersion", "2025-06-18"),
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "echo", "version": "1.0.0"},
        })
    elif method == "ping":
        answer(message["id"], {})
    elif method == "tools/list":
        answer(message["id"], {"tools": [TOOL]})
    elif method == "tools/call" and params.get("name") == "echo":
        text = str((params.get("arguments") or {}).get("message", ""))
        answer(message["id"], {"content": [{"type": "text", "text": text}]})
    else:
        answer(message["id"], error={"code": -32601, "message": "unknown method or tool"})


for line in sys.stdin:
    line = line.strip()
    if not line:
        continue
    try:
        handle(json.loads(line))
    except (ValueError, AttributeError):
        answer(None, error={"code": -32700, "message": "not a JSON-RPC message"})
