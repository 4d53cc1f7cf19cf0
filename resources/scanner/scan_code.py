"""Reads Python source on stdin and prints, one JSON object per line, the
actions it would take: secret reads, processes and network destinations.
Uses Python's own parser (ast), never runs the code, and runs inside a
sandbox of its own with no network. Literal values only: what is computed at
run time is caught by the egress proxy instead.
"""

import ast
import json
import sys
from urllib.parse import urlsplit

NETWORK_CALLS = {"urlopen", "Request", "get", "post", "put", "delete", "request", "create_connection",
                 "HTTPConnection", "HTTPSConnection", "connect"}
PROCESS_CALLS = {"system", "popen", "run", "call", "check_call", "check_output", "Popen", "execv", "execvp",
                 "spawnv", "spawnl"}


FOUND = []


def emit(obj, line):
    FOUND.append((line, obj))


def literal_strings(node):
    """Every string constant inside node, in source order."""
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def call_name(func):
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return ".".join(reversed(parts))


def url_action(text):
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return {"kind": "egress", "url": text, "method": "GET"}


def main():
    source = sys.stdin.read()
    try:
        tree = ast.parse(source)
    except SyntaxError as e:
        print("scan_code: not Python: %s" % e, file=sys.stderr)
        return 1
    seen = set()

    def once(obj):
        key = json.dumps(obj, sort_keys=True)
        if key not in seen:
            seen.add(key)
            emit(obj, getattr(node, "lineno", 0))

    for node in ast.walk(tree):
        # os.environ["X"], os.environ.get("X"), os.getenv("X"), os.environ.items()
        if isinstance(node, ast.Subscript) and dotted(node.value) in ("os.environ", "environ"):
            names = literal_strings(node.slice)
            once({"kind": "secret_read", "name": names[0] if names else "*environment*"})
        elif isinstance(node, ast.Call):
            name = call_name(node.func)
            target = dotted(node.func)
            if target in ("os.getenv", "getenv", "os.environ.get", "environ.get"):
                names = literal_strings(node)
                once({"kind": "secret_read", "name": names[0] if names else "*environment*"})
            elif target in ("os.environ.items", "os.environ.copy", "os.environ.values", "dict"):
                if target != "dict" or any(dotted(a) == "os.environ" for a in node.args):
                    once({"kind": "secret_read", "name": "*environment*"})
            elif name in PROCESS_CALLS and (target.startswith(("os.", "subprocess.")) or name in ("Popen", "system")):
                argv = []
                if node.args and isinstance(node.args[0], (ast.List, ast.Tuple)):
                    argv = [e.value for e in node.args[0].elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                elif node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    argv = ["sh", "-c", node.args[0].value]
                once({"kind": "process", "argv": argv or ["<computed>"]})
            if name in NETWORK_CALLS or target.startswith(("urllib.", "requests.", "http.client.", "socket.")):
                for text in literal_strings(node):
                    action = url_action(text)
                    if action:
                        if node.keywords and any(k.arg == "data" for k in node.keywords) or name == "post":
                            action["method"] = "POST"
                        once(action)
    # In source order, so the timeline reads like the code.
    for _, obj in sorted(FOUND, key=lambda item: item[0]):
        print(json.dumps(obj))
    return 0


if __name__ == "__main__":
    sys.exit(main())
