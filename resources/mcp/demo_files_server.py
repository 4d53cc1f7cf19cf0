"""A small stdio MCP server for Warden's mcp-files demo: files in one
directory tree, and a command runner. It trusts its caller completely, as
many real servers do: what keeps the agent in line is Warden's declaration
(and what this server's own sandbox mounts), not this code.

    python3 demo_files_server.py ROOT
"""

import json
import os
import subprocess
import sys

ROOT = os.path.realpath(sys.argv[1]) if len(sys.argv) > 1 else "/data"

TOOLS = [
    {"name": "read_file", "description": "Read a text file and return its contents.",
     "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}},
    {"name": "write_file", "description": "Create or overwrite a text file with the given content.",
     "inputSchema": {"type": "object",
                     "properties": {"path": {"type": "string"}, "content": {"type": "string"}},
                     "required": ["path", "content"]}},
    {"name": "list_directory", "description": "List the entries of a directory.",
     "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}},
    {"name": "run_command", "description": "Run a shell command and return what it printed.",
     "inputSchema": {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]}},
]


def text(body, error=False):
    return {"content": [{"type": "text", "text": body}], "isError": error}


def call(name, args):
    path = args.get("path", "")
    try:
        if name == "read_file":
            with open(os.path.expanduser(path), encoding="utf-8", errors="replace") as f:
                return text(f.read(65536))
        if name == "write_file":
            with open(os.path.expanduser(path), "w", encoding="utf-8") as f:
                f.write(args.get("content", ""))
            return text("wrote %d bytes to %s" % (len(args.get("content", "")), path))
        if name == "list_directory":
            return text("\n".join(sorted(os.listdir(os.path.expanduser(path)))))
        if name == "run_command":
            done = subprocess.run(["sh", "-c", args.get("command", "")], capture_output=True, text=True, timeout=20)
            return text(done.stdout + done.stderr, done.returncode != 0)
    except OSError as e:
        return text("%s: %s" % (path, e.strerror), True)
    return None


def main():
    for line in sys.stdin:
        try:
            message = json.loads(line)
        except ValueError:
            continue
        method, mid = message.get("method"), message.get("id")
        if mid is None:
            continue  # notifications: nothing to answer
        if method == "initialize":
            result = {"protocolVersion": message.get("params", {}).get("protocolVersion", "2025-06-18"),
                      "capabilities": {"tools": {}},
                      "serverInfo": {"name": "demo-files", "version": "1.0"}}
        elif method == "tools/list":
            result = {"tools": TOOLS}
        elif method == "tools/call":
            params = message.get("params", {})
            result = call(params.get("name"), params.get("arguments", {}))
        elif method == "ping":
            result = {}
        else:
            result = None
        if result is None:
            reply = {"jsonrpc": "2.0", "id": mid, "error": {"code": -32601, "message": "unknown: %s" % method}}
        else:
            reply = {"jsonrpc": "2.0", "id": mid, "result": result}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
