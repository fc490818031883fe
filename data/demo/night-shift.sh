#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A demo night shift: ten scripted calls played against the running Vigie
# desk from the command line, the way a switchboard and an operator would.
# Each call pops (vigie call), is qualified (vigie answer: the digits the
# operator would press, or what they would type at a text or number
# question), the caller identified when needed, decided
# (following the advice or overriding it with a reason) and closed. The
# closing note checks the journal and gives the screen-pop figures.
#
#   make run &                      # or any running `vigie`
#   data/demo/night-shift.sh
#
# VIGIE: the vigie binary (default: build/src/gui/vigie, else vigie)
# VIGIE_JOURNAL: the journal to check (default: ~/.local/share/vigie/journal.sqlite)
# NIGHT_PAUSE: seconds between steps, to watch it happen (default 0.3)

set -eu

here=$(cd "$(dirname "$0")/../.." && pwd)
VIGIE=${VIGIE:-$here/build/src/gui/vigie}
[ -x "$VIGIE" ] || VIGIE=vigie
JOURNAL=${VIGIE_JOURNAL:-${XDG_DATA_HOME:-$HOME/.local/share}/vigie/journal.sqlite}
PAUSE=${NIGHT_PAUSE:-0.3}
night=$(date +%H%M%S)

step () { "$VIGIE" "$@"; sleep "$PAUSE"; }

call () {   # call N FROM LINE ANSWER… [-- decide options]
  id="night-$night-$1"; from=$2; line=$3; shift 3
  echo "Call $id from $from on $line"
  step call --from "$from" --line "$line" --call-id "$id" >/dev/null
  # One answer at a time, as the operator gives them; texts keep their spaces.
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do step answer --call-id "$id" "$1"; shift; done
  [ $# -gt 0 ] && shift
  step decide --call-id "$id" "$@"
  step close --call-id "$id"
}

# 22:05 water leak with electrical risk, VIP syndic: trigger.
call 01 "+33 6 12 34 56 78" "0800 100 200" 1 "Plafond de la salle de bains, l'eau coule sur le tableau électrique" 1 1
# 22:20 the plumber on call phones the desk back: the cascade stops.
step acknowledge --call-id "night-$night-01"
# 22:40 tenant, leak already stopped: defer to the morning.
call 02 "06 98 76 54 32" "0800 100 200" 1 "Sous l'évier de la cuisine, robinet d'arrêt fermé" 2
# 23:10 hidden number, all services down at a host: identify, trigger.
id="night-$night-03"
echo "Call $id from a hidden number on 0800 300 400"
step call --from anonymous --line "0800 300 400" --call-id "$id" >/dev/null
step identify --call-id "$id" --last-name Garnier --first-name Hugo --company "Agence Web Garnier" \
  --callback "07 61 22 33 44" --note "Tous les sites clients hors ligne depuis 23 h"
step answer --call-id "$id" 1 1
step decide --call-id "$id"
step close --call-id "$id"
# 23:45 slowness, from a Gold 24/7 customer: the contract rule turns the
# script's deferral into a trigger.
call 04 "+33 7 11 22 33 44" "01 84 60 20 20" 3
# 00:30 elected official, road blocked and dangerous: trigger.
call 05 "06 20 30 40 50" "02 40 50 60 70" 1 1
step acknowledge --call-id "night-$night-05"
# 01:15 noise complaint: advice is log only, operator follows it.
call 06 "02 40 98 76 54" "02 40 50 60 70" 4 1
# 02:00 noise complaint again, same caller: override to trigger with a reason.
call 07 "02 40 98 76 54" "02 40 50 60 70" 4 1 -- --kind trigger --reason "Appel répété pour le même problème"
# 03:20 billing question: log only.
call 08 "0033 6 55 44 33 22" "0800 300 400" 5
# 04:10 heating failure (17 °C inside) with a vulnerable person: trigger.
call 09 "02 40 11 22 33" "0800 100 200" 3 17 1
step acknowledge --call-id "night-$night-09"
# 05:30 access blocked, by instruction: log only, overridden to defer.
call 10 "06 98 76 54 32" "0800 100 200" 5 2 -- --kind defer --reason "Consigne permanente du client"

sleep 1
echo
echo "=== Closing note ==="
if command -v sqlite3 >/dev/null && [ -f "$JOURNAL" ]; then
  sqlite3 -separator '  ' "$JOURNAL" \
    "SELECT call_id, COALESCE(caller_name, caller_number), COALESCE(decision, 'NOT DECIDED'),
            COALESCE(alert_status, '-') FROM calls WHERE call_id LIKE 'night-$night-%' ORDER BY call_id"
  decided=$(sqlite3 "$JOURNAL" "SELECT count(*) FROM calls WHERE call_id LIKE 'night-$night-%' AND decision IS NOT NULL")
  closed=$(sqlite3 "$JOURNAL" "SELECT count(DISTINCT call_id) FROM events WHERE call_id LIKE 'night-$night-%' AND kind = 'call-closed'")
  pops=$(sqlite3 "$JOURNAL" "SELECT json_extract(data, '\$.ms') FROM events WHERE call_id LIKE 'night-$night-%' AND kind = 'screen-pop' ORDER BY 1")
  n=$(echo "$pops" | grep -c . || true)
  median=$(echo "$pops" | awk -v n="$n" 'NR == int((n + 1) / 2) { printf "%.1f", $1 }')
  worst=$(echo "$pops" | tail -n 1 | awk '{ printf "%.1f", $1 }')
  echo
  echo "Who was alerted (journal: decision's recipient, delivered attempts, cascade steps, acknowledgement):"
  sqlite3 -separator ' | ' "$JOURNAL" "
    SELECT d.call_id,
           COALESCE(json_extract (d.data, '\$.recipient.name'), '-') || ' (' ||
             COALESCE(json_extract (d.data, '\$.recipient.roster_name'), json_extract (d.data, '\$.recipient.source'), '-') || ')',
           COALESCE((SELECT group_concat (DISTINCT CASE WHEN json_extract (a.data, '\$.target_id') LIKE 'webhook:%'
                                                      THEN 'own webhook' ELSE json_extract (a.data, '\$.target_id') END)
                     FROM events a WHERE a.call_id = d.call_id AND a.kind = 'alert-attempt'
                       AND json_extract (a.data, '\$.status') = 'delivered'), 'not delivered'),
           COALESCE((SELECT group_concat (json_extract (e.data, '\$.name'), ', ') FROM events e
                     WHERE e.call_id = d.call_id AND e.kind = 'escalation-step'), '-'),
           COALESCE((SELECT json_extract (k.data, '\$.by') || ' via ' || json_extract (k.data, '\$.source') FROM events k
                     WHERE k.call_id = d.call_id AND k.kind = 'alert-acknowledged'), 'not acknowledged')
    FROM events d WHERE d.call_id LIKE 'night-$night-%' AND d.kind = 'decision'
      AND json_extract (d.data, '\$.decision') IN ('trigger', 'defer') ORDER BY d.call_id" |
    sed 's/^/  /'
  echo "  (call | person (roster) | channels delivered | cascade steps | acknowledged by)"
  echo
  echo "$decided/10 calls decided, $closed/10 closed, all in the journal."
  echo "Screen pop tonight (request → call painted, journaled per call): median ${median} ms, worst ${worst} ms over $n calls."
  [ "$decided" -eq 10 ] && [ "$closed" -eq 10 ] || { echo "Some calls are missing a decision." >&2; exit 1; }
else
  echo "sqlite3 or the journal ($JOURNAL) not found: check the Journal page."
fi
bench=$(sed -n 's/^| \*\*request → caller card + question painted\*\* | \(.*\) |$/\1/p' "$here/docs/benchmarks.md" 2>/dev/null |
        head -n 1 | sed 's/\*\*//g; s/ | /, p95 /; s/ | /, max /')
[ -n "$bench" ] && echo "Screen-pop benchmark (100,000 contacts, bench/bench-screenpop, idle desk): median $bench"
exit 0
