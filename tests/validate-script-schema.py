#!/usr/bin/python3
# validate-script-schema.py
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The JSON Schema shipped for editors must accept every script the loader
# accepts (the demo scripts, the valid test scripts) and reject the shape
# errors the loader rejects, so designers' editors and `vigie-script check`
# agree. Graph errors (missing node, cycle) are beyond a schema's reach.
#
#   validate-script-schema.py SCHEMA SOURCE_DIR      (python3-jsonschema)
import json
import pathlib
import sys

import jsonschema

schema_path, source = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
schema = json.loads(schema_path.read_text(encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

valid = sorted(p for p in (source / "data/demo/scripts").rglob("*.json") if not p.name.endswith(".cases.json"))
valid += [source / "tests/data/scripts" / name for name in
          ("includes.json", "cycle.json", "missing-node.json", "unreachable.json")]
valid += sorted(p for p in (source / "tests/data/scripts/branches").glob("*.json") if p.name != "with-rules.json")
valid += sorted((source / "tests/data/skeleton").rglob("*.json"))
# Shape errors: the schema must say no, as the loader does.
invalid = [source / "tests/data/scripts" / name for name in
           ("unknown-field.json", "wrong-type.json", "no-decision.json", "branches/with-rules.json")]

failures = 0
count = 0
for path in valid:
    if path.name.endswith(".schema.json"):
        continue
    count += 1
    errors = sorted(validator.iter_errors(json.loads(path.read_text(encoding="utf-8"))), key=str)
    if errors:
        failures += 1
        print(f"not accepted: {path.relative_to(source)}: {errors[0].message} at {list(errors[0].absolute_path)}")
for path in invalid:
    count += 1
    if validator.is_valid(json.loads(path.read_text(encoding="utf-8"))):
        failures += 1
        print(f"not rejected: {path.relative_to(source)}")

print(f"{count} files checked against {schema_path.name}, {failures} wrong")
sys.exit(1 if failures else 0)
