#!/usr/bin/env python3
"""The core's subsystems depend one way. src/core/meson.build lists them
lowest first (core_layers); a file may include headers of its own subsystem
and of earlier ones only, never of a later one, so there is no include
cycle between subsystems. The core includes no GTK header either."""
import os
import re
import sys

core = sys.argv[1]
layers = re.findall(r"^\s+'([a-z]+)',", open(os.path.join(core, "meson.build")).read().split("core_layers = [")[1].split("]")[0], re.M)
rank = {layer: i for i, layer in enumerate(layers)}
owner = {}
for layer in layers:
    for name in os.listdir(os.path.join(core, layer)):
        if name.endswith(".h"):
            owner[name] = layer

n = 0
failures = 0
for layer in layers:
    for name in sorted(os.listdir(os.path.join(core, layer))):
        if not name.endswith((".c", ".h")):
            continue
        text = open(os.path.join(core, layer, name), encoding="utf-8").read()
        upward = [inc for inc in re.findall(r'#include "([^"]+)"', text)
                  if inc in owner and rank[owner[inc]] > rank[layer]]
        gtk = re.findall(r"#include <(gtk/|adwaita|gdk/)", text)
        n += 1
        ok = not upward and not gtk
        detail = ", ".join(f"{inc} ({owner[inc]})" for inc in upward) + (" GTK" if gtk else "")
        print(("ok" if ok else "not ok"), n, f"{layer}/{name}", "" if ok else f"# includes later subsystems: {detail}")
        failures += not ok
stray = [f for f in os.listdir(core) if f.endswith((".c", ".h"))]
n += 1
print(("ok" if not stray else "not ok"), n, "every core file is in a subsystem", "" if not stray else f"# {stray}")
failures += bool(stray)
print(f"1..{n}")
sys.exit(1 if failures else 0)
