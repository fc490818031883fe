#!/bin/sh
# live-data-test.sh
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 12, live data, through the real `vigie` binary: while the desk
# runs (its own session bus and data folders), a client is added to
# clients.json with a copy of a demo script; a call on its line, sent
# with `vigie call` as the switchboard would, must reach that client,
# and call-received must journal the script's SHA-256. Then the script is
# broken on disk: the next call still gets the previous version.
#
#   live-data-test.sh BUILD_DIR SOURCE_DIR
set -eu

build=$1
source=$2
. "$source/tests/lib/desk-session.sh"

data="$XDG_DATA_HOME/vigie"
journal="$data/journal.sqlite"

echo "1..3"
i=0
while [ ! -f "$data/clients.json" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done

event () {
  sqlite3 "$journal" "SELECT data FROM events WHERE call_id = '$1' AND kind = '$2' ORDER BY seq DESC LIMIT 1;"
}

# The new client, written the way an editor saves (temporary file, rename).
cp "$data/scripts/mairie-saint-aubin.json" "$data/scripts/ascenseurs-loire.json"
sum=$(sha256sum "$data/scripts/ascenseurs-loire.json" | cut -d' ' -f1)
python3 - "$data/clients.json" <<'PY'
import json, os, sys
path = sys.argv[1]
doc = json.load(open(path))
doc["clients"].append({
    "id": "ascenseurs-loire", "name": "Ascenseurs de Loire", "sector": "Ascenseurs",
    "lines": ["0800 500 600"], "greeting": "Ascenseurs de Loire, bonjour.",
    "script": "scripts/ascenseurs-loire.json", "timezone": "Europe/Paris",
})
with open(path + ".tmp", "w") as out:
    json.dump(doc, out, ensure_ascii=False, indent=2)
os.rename(path + ".tmp", path)
PY
sleep 1.5

"$vigie" call --from "06 11 22 33 44" --line "0800 500 600" --call-id live-1 >/dev/null
received=$(event live-1 call-received)
case "$received" in
  *'"client_id":"ascenseurs-loire"'*) echo "ok 1 a client added while the desk runs takes its first call" ;;
  *) echo "not ok 1 the new client's call: $received"; sed 's/^/# /' "$tmp/vigie.log"; exit 1 ;;
esac
case "$received" in
  *"$sum"*) echo "ok 2 call-received journals the script's SHA-256" ;;
  *) echo "not ok 2 no SHA-256 $sum in: $received"; exit 1 ;;
esac

# A broken version: refused, the previous one stays in use.
printf '{ broken' > "$data/scripts/ascenseurs-loire.json.tmp"
mv "$data/scripts/ascenseurs-loire.json.tmp" "$data/scripts/ascenseurs-loire.json"
sleep 1.5
"$vigie" call --from "06 11 22 33 55" --line "0800 500 600" --call-id live-2 >/dev/null
received=$(event live-2 call-received)
case "$received" in
  *"$sum"*) echo "ok 3 a broken script is refused, the previous version stays in use" ;;
  *) echo "not ok 3 after a broken script: $received"; sed 's/^/# /' "$tmp/vigie.log"; exit 1 ;;
esac
