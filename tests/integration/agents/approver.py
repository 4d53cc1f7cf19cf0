"""Asks for one privileged tool and prints the answer as JSON."""
import json
import sys
sys.path.insert(0, "/opt/warden")
from warden_agent import Gateway  # noqa: E402

gw = Gateway()
for _ in range(int(sys.argv[1]) if len(sys.argv) > 1 else 1):
    a = gw.call("delete_file", {"path": "/tmp/agent_session/old.csv"}, "clean up the old export")
    print(json.dumps({"decision": a.decision, "reason": a.reason}), flush=True)
