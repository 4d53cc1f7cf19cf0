"""A stand-in for kubectl against a cluster that cannot exist on this machine.

The warden runs it (never the agent) when a reviewer approves a kubectl
command. It prints what kubectl would print for the few commands the demo
declares, and refuses everything else.
"""

import shlex
import sys

words = shlex.split(sys.argv[1]) if len(sys.argv) > 1 else []
if words[:3] == ["kubectl", "rollout", "restart"] and len(words) == 4:
    print("%s restarted (stand-in cluster)" % words[3].replace("deployment/", "deployment.apps/"))
elif words == ["kubectl", "get", "pods"]:
    print("NAME                     READY   STATUS    RESTARTS   AGE\n"
          "webapp-7d9f8b6c4-x2k9q   1/1     Running   0          4s")
else:
    print("stand-in kubectl: unsupported command", file=sys.stderr)
    sys.exit(1)
