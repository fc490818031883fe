#!/usr/bin/env python3
"""`vigie --help` and `vigie COMMAND --help` work anywhere: no display, no
installed settings schema, no session bus, an empty home. Every command the
usage lists answers its own --help on standard output, exit 0, and nothing
is written into the home folder."""
import os
import re
import subprocess
import sys
import tempfile

vigie = sys.argv[1]
home = tempfile.mkdtemp(prefix="vigie-help-")
env = {"PATH": os.environ["PATH"], "HOME": home, "LC_ALL": "C.UTF-8"}
failures = 0
n = 0


def check(name, cond, detail=""):
    global failures, n
    n += 1
    print(("ok" if cond else "not ok"), n, name, ("# " + detail) if detail and not cond else "")
    if not cond:
        failures += 1


for flag in ("--help", "-h"):
    r = subprocess.run([vigie, flag], env=env, capture_output=True, text=True, timeout=20)
    check(f"vigie {flag} exits 0", r.returncode == 0, r.stderr[-300:])
    check(f"vigie {flag} prints usage", "Usage" in r.stdout, r.stdout[-300:])

r = subprocess.run([vigie, "--help"], env=env, capture_output=True, text=True, timeout=20)
for desk in ("call", "answer", "identify", "decide", "hangup", "close", "tel:"):
    check(f"usage lists the desk's '{desk}'", re.search(r"^\s+vigie " + re.escape(desk), r.stdout, re.M) is not None)
section = r.stdout.split("Without a display:")[-1]
commands = re.findall(r"^\s+vigie (\w+)\s", section, re.M)
check("usage lists display-less commands", len(commands) >= 3, repr(commands))
for expected in ("alert", "roster"):
    check(f"usage lists '{expected}'", expected in commands)
for command in commands:
    r = subprocess.run([vigie, command, "--help"], env=env, capture_output=True, text=True, timeout=20)
    check(f"vigie {command} --help exits 0", r.returncode == 0, r.stderr[-300:])
    check(f"vigie {command} --help prints its usage", command in r.stdout and len(r.stdout) > 40, r.stdout[-300:])

left = [os.path.join(d, f) for d, _, fs in os.walk(home) for f in fs]
check("help writes nothing into the home folder", not left, repr(left[:5]))
print(f"1..{n}")
sys.exit(1 if failures else 0)
