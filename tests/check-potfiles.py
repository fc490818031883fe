#!/usr/bin/env python3
"""po/POTFILES.in names every file with translatable strings, and only
files that exist: otherwise new strings never reach po/fr.po."""
import os
import re
import sys

top = sys.argv[1]
listed = [l.strip() for l in open(os.path.join(top, "po", "POTFILES.in"), encoding="utf-8")
          if l.strip() and not l.startswith("#")]
n = 0
failures = 0


def check(name, ok, detail=""):
    global n, failures
    n += 1
    print("ok" if ok else "not ok", n, name, "" if ok else f"# {detail}")
    failures += not ok


for path in listed:
    check(f"{path} exists", os.path.isfile(os.path.join(top, path)))
marks = re.compile(r'\b(_|N_|C_|NC_|ngettext|g_dngettext)\s*\(\s*"|translatable="yes"')
wanted = []
for folder in ("src", "ui", "data"):
    for d, _, files in os.walk(os.path.join(top, folder)):
        for f in files:
            if f.endswith((".c", ".ui", ".in", ".xml")) and "demo" not in d:
                path = os.path.relpath(os.path.join(d, f), top)
                if marks.search(open(os.path.join(d, f), encoding="utf-8", errors="replace").read()):
                    wanted.append(path)
for path in sorted(wanted):
    check(f"{path} is listed", path in listed)
print(f"1..{n}")
sys.exit(1 if failures else 0)
