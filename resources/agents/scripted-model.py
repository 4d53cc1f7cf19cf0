#!/usr/bin/env python3
"""A scripted model: a stand-in for a hosted LLM (the real-agent demos'
model, and the tests' TEST DOUBLE: no hosted model can be reached from
there). It speaks the vendors' real wire formats, streaming as they do
(server-sent events), so the agent CLIs run unmodified against it:

  Anthropic Messages      POST /v1/messages                       (Claude Code)
  OpenAI Responses        POST /v1/responses                      (Codex CLI)
  Gemini                  POST /v1beta/models/M:streamGenerateContent?alt=sse
                          POST /v1beta/models/M:generateContent   (Gemini CLI)

It replays a conversation from a JSON file instead of thinking:

  {"turns": [{"shell": "cat README.md"},
             {"shell": "python3 -m pytest -q"},
             {"mcp": {"server": "files", "tool": "read_text_file", "args": {...}}},
             {"text": "Fixed."}]}

The turn answered is the number of tool turns already in the request's
history (so a retried request gets the same answer). A "shell" turn is
sent as the CLI's own shell tool, found by name in the request's tool list;
an "mcp" turn as the CLI's name for that MCP tool. A request without tools
(a CLI's side request: a title, a routing check) gets a short text. Every
request is appended to the log file as one JSON line, for a test to read.

  scripted-model.py SCRIPT [LOG]   prints `listening http://127.0.0.1:PORT`

It listens on loopback only, answers four requests at a time, reads at
most 2 MiB of one and waits 30 s at most for it, keeps under 1 GiB of
memory, and ends when its standard input closes (the warden that started
it has ended). What it is sent comes from a sandbox: hostile.
"""
import json
import os
import resource
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SCRIPT = json.load(open(sys.argv[1]))["turns"]
LOG = open(sys.argv[2], "a", buffering=1) if len(sys.argv) > 2 else None
MAX_BODY = 2 * 1024 * 1024
BUSY = threading.BoundedSemaphore(4)
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
threading.stack_size(512 * 1024)  # a thread a connection: small stacks under that limit
LOCK = threading.Lock()

SHELL_TOOLS = ["Bash", "shell", "exec_command", "local_shell", "run_shell_command"]


def log(entry):
    if LOG is None:
        return
    with LOCK:
        LOG.write(json.dumps(entry) + "\n")


def tool_names(tools):
    names = []
    for t in tools or []:
        if not isinstance(t, dict):
            continue
        if "functionDeclarations" in t:  # Gemini
            names += [f.get("name", "") for f in t["functionDeclarations"]]
        elif t.get("type") == "namespace":  # Codex's MCP tools
            names += [t.get("name", "") + "/" + f.get("name", "") for f in t.get("tools", [])]
        else:
            names.append(t.get("name", "") or t.get("function", {}).get("name", ""))
    return names


def shell_call(names, command):
    """(tool name, arguments) for a shell turn in this CLI's terms."""
    for name in SHELL_TOOLS:
        if name in names:
            if name == "shell":
                return name, {"command": ["bash", "-lc", command]}
            if name == "exec_command":
                return name, {"cmd": command}
            return name, {"command": command}
    return None, None


def mcp_call(names, spec):
    wanted = [f"mcp__{spec['server']}__{spec['tool']}", f"mcp_{spec['server']}_{spec['tool']}",
              f"{spec['server']}__{spec['tool']}", f"mcp__{spec['server']}/{spec['tool']}"]
    for name in wanted:
        if name in names:
            return name, spec.get("args", {})
    # Claude Code defers MCP tools behind ToolSearch; a direct call works.
    return wanted[0], spec.get("args", {})


def sample(schema):
    """A value that fits a JSON schema (a CLI's side request that wants JSON)."""
    kind = str(schema.get("type", "object")).lower()
    if kind == "object":
        return {k: sample(v) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        return []
    if kind == "integer":
        return 10
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return False
    if "enum" in schema:
        return schema["enum"][0]
    return "scripted"


def turn_for(index, names):
    """('tool', name, args) or ('text', text)."""
    if not names:
        return ("text", "ok")
    if index >= len(SCRIPT):
        return ("text", "Done.")
    turn = SCRIPT[index]
    if "shell" in turn:
        name, args = shell_call(names, turn["shell"])
        if name:
            return ("tool", name, args)
        return ("text", "no shell tool offered")
    if "mcp" in turn:
        name, args = mcp_call(names, turn["mcp"])
        return ("tool", name, args)
    return ("text", turn.get("text", "Done."))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # a request that trickles in is dropped

    def log_message(self, *args):
        pass

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > MAX_BODY:
            raise ValueError("request body too large")
        raw = self.rfile.read(length) if length else b""
        request = json.loads(raw or b"{}")
        if not isinstance(request, dict):
            raise ValueError("request body is not a JSON object")
        return request

    def sse(self, events, named=True):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        for name, data in events:
            if named:
                self.wfile.write(f"event: {name}\n".encode())
            self.wfile.write(f"data: {json.dumps(data)}\n\n".encode())
            self.wfile.flush()
        self.close_connection = True

    def json_answer(self, data):
        raw = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self):
        # Model listings and health checks some CLIs make.
        log({"method": "GET", "path": self.path})
        self.json_answer({"data": [], "models": []})

    def do_HEAD(self):
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        with BUSY:
            self.post()

    def post(self):
        try:
            request = self.body()
        except (ValueError, RecursionError, MemoryError):
            self.send_response(400)
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            return
        path = self.path.split("?")[0]
        # The key as it arrived (a test double's log: the tests check which key reached the model).
        log({"method": "POST", "path": self.path, "body": request,
             "key": (self.headers.get("x-api-key") or self.headers.get("x-goog-api-key")
                     or self.headers.get("Authorization") or "")})
        if path.endswith("/v1/messages"):
            return self.anthropic(request)
        if path.endswith("/responses"):
            return self.openai(request)
        if ":streamGenerateContent" in path or ":generateContent" in path:
            return self.gemini(request, ":streamGenerateContent" in path)
        if path.endswith("/count_tokens"):
            return self.json_answer({"input_tokens": 10})
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    # Anthropic Messages ---------------------------------------------------
    def anthropic(self, request):
        index = sum(1 for m in request.get("messages", []) if m.get("role") == "assistant"
                    and any(isinstance(c, dict) and c.get("type") == "tool_use" for c in m.get("content", [])))
        turn = turn_for(index, tool_names(request.get("tools")))
        model = request.get("model", "claude-test")
        usage = {"input_tokens": 10, "output_tokens": 5}
        if turn[0] == "tool":
            block = {"type": "tool_use", "id": f"toolu_{index:04d}", "name": turn[1], "input": {}}
            stop = "tool_use"
        else:
            block = {"type": "text", "text": ""}
            stop = "end_turn"
        if not request.get("stream"):
            content = dict(block)
            if turn[0] == "tool":
                content["input"] = turn[2]
            else:
                content["text"] = turn[1]
            return self.json_answer({"id": f"msg_{index}", "type": "message", "role": "assistant", "model": model,
                                     "content": [content], "stop_reason": stop, "stop_sequence": None,
                                     "usage": usage})
        delta = ({"type": "input_json_delta", "partial_json": json.dumps(turn[2])} if turn[0] == "tool"
                 else {"type": "text_delta", "text": turn[1]})
        self.sse([
            ("message_start", {"type": "message_start", "message": {
                "id": f"msg_{index}", "type": "message", "role": "assistant", "model": model, "content": [],
                "stop_reason": None, "stop_sequence": None, "usage": usage}}),
            ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": block}),
            ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta}),
            ("content_block_stop", {"type": "content_block_stop", "index": 0}),
            ("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                               "usage": {"output_tokens": 5}}),
            ("message_stop", {"type": "message_stop"}),
        ])

    # OpenAI Responses -----------------------------------------------------
    def openai(self, request):
        items = request.get("input", [])
        index = sum(1 for i in items if isinstance(i, dict) and i.get("type") in ("function_call", "custom_tool_call"))
        turn = turn_for(index, tool_names(request.get("tools")))
        rid = f"resp_{index}"
        if turn[0] == "tool":
            name, args = turn[1], turn[2]
            item = {"type": "function_call", "id": f"fc_{index}", "call_id": f"call_{index}",
                    "name": name, "arguments": json.dumps(args), "status": "completed"}
            if "/" in name:  # an MCP tool of a namespace
                item["namespace"], item["name"] = name.split("/", 1)
        else:
            item = {"type": "message", "id": f"msg_{index}", "role": "assistant", "status": "completed",
                    "content": [{"type": "output_text", "text": turn[1], "annotations": []}]}
        response = {"id": rid, "object": "response", "status": "in_progress", "model": request.get("model", ""),
                    "output": []}
        done = dict(response, status="completed", output=[item],
                    usage={"input_tokens": 10, "output_tokens": 5, "total_tokens": 15,
                           "input_tokens_details": {"cached_tokens": 0},
                           "output_tokens_details": {"reasoning_tokens": 0}})
        self.sse([
            ("response.created", {"type": "response.created", "sequence_number": 0, "response": response}),
            ("response.output_item.added", {"type": "response.output_item.added", "sequence_number": 1,
                                            "output_index": 0, "item": item}),
            ("response.output_item.done", {"type": "response.output_item.done", "sequence_number": 2,
                                           "output_index": 0, "item": item}),
            ("response.completed", {"type": "response.completed", "sequence_number": 3, "response": done}),
        ])

    # Gemini ---------------------------------------------------------------
    def gemini(self, request, stream):
        contents = request.get("contents", [])
        index = sum(1 for c in contents if c.get("role") == "model"
                    and any("functionCall" in p for p in c.get("parts", [])))
        turn = turn_for(index, tool_names(request.get("tools")))
        config = request.get("generationConfig", {})
        schema = config.get("responseJsonSchema") or config.get("responseSchema")
        if not request.get("tools") and schema:
            turn = ("text", json.dumps(sample(schema)))
        if turn[0] == "tool":
            part = {"functionCall": {"name": turn[1], "args": turn[2]}}
        else:
            part = {"text": turn[1]}
        answer = {"candidates": [{"content": {"role": "model", "parts": [part]}, "finishReason": "STOP",
                                  "index": 0}],
                  "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 5, "totalTokenCount": 15},
                  "modelVersion": "gemini-test"}
        if not stream:
            return self.json_answer(answer)
        self.sse([("message", answer)], named=False)


def end_with_the_warden():
    sys.stdin.buffer.read()
    os._exit(0)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
threading.Thread(target=end_with_the_warden, daemon=True).start()
print(f"listening http://127.0.0.1:{server.server_address[1]}", flush=True)
server.serve_forever()
