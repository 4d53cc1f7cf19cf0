"""Two processes that each stay under a per-process memory limit and
together exceed the run's: only a limit for the whole run stops them."""
import os
import subprocess
import sys
import time

size = int(sys.argv[1]) * 1024 * 1024
with open("/proc/self/cgroup") as f:
    print("cgroup", " ".join(line.strip() for line in f if "memory" in line or line.startswith("0::")), flush=True)
child = subprocess.Popen([sys.executable, "-c", "import time; b = b'x' * %d; time.sleep(4)" % size])
time.sleep(1)
mine = b"y" * size
time.sleep(1)
if child.poll() is None:
    print("both allocated", flush=True)
else:
    print("the other process ended with", child.returncode, flush=True)
child.wait()
