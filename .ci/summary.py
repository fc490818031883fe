#!/usr/bin/env python3
"""Print "PASSED FAILED SKIPPED" counts from meson's testlog.json.

TAP tests count one per test case ("ok"/"not ok" lines); other tests count
once by their meson result. Skipped cases are reported on their own line.
"""
import json
import re
import sys

passed = failed = skipped = 0
try:
    lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
except OSError as e:
    print(f"no test log: {e}", file=sys.stderr)
    print(0, 1, 0)
    sys.exit(0)

for line in lines:
    if not line.strip():
        continue
    test = json.loads(line)
    result = test.get("result")
    cases = [l for l in (test.get("stdout") or "").splitlines()
             if re.match(r"^(not )?ok \d+", l)]
    if cases and result not in ("TIMEOUT", "ERROR"):
        for case in cases:
            if re.search(r"#\s*SKIP", case, re.I):
                skipped += 1
            elif case.startswith("not ok"):
                failed += 1
            else:
                passed += 1
        if result == "FAIL" and not any(c.startswith("not ok") for c in cases):
            failed += 1
    elif result in ("OK", "EXPECTEDFAIL"):
        passed += 1
    elif result == "SKIP":
        skipped += 1
    else:
        failed += 1

print(passed, failed, skipped)
