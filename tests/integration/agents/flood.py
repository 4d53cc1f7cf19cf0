"""Calls a tool over and over, as fast as the gateway answers."""
import sys
sys.path.insert(0, "/opt/warden")
from warden_agent import Gateway  # noqa: E402

gw = Gateway()
for i in range(int(sys.argv[1])):
    gw.call("note", {"text": "x" * 100}, "flooding")
print("sent all", flush=True)
