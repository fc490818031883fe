#!/bin/sh
# night-shift-test.sh
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Issue 4's "done": the demo night shift (data/demo/night-shift.sh) played
# from the command line against a real running desk, on the embedded demo
# data, in its own session bus and data folders; every call must end in
# the journal, decided and closed. Needs an X display (make check: Xvfb).
#
#   night-shift-test.sh BUILD_DIR SOURCE_DIR
set -eu

build=$1
source=$2
tmp=$(mktemp -d)
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
       XDG_CACHE_HOME="$tmp/cache" XDG_STATE_HOME="$tmp/state"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"

if [ -z "${NIGHT_SHIFT_INNER:-}" ]; then
  # A bus of its own: another Vigie on the session bus must not take the calls.
  NIGHT_SHIFT_INNER=1 exec dbus-run-session -- "$0" "$@"
fi

"$build/src/gui/vigie" >"$tmp/vigie.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT

if ! gdbus wait --session --timeout 30 org.vigie.Vigie; then
  echo "Bail out! vigie did not start"; cat "$tmp/vigie.log"; exit 1
fi

echo "1..1"
if VIGIE="$build/src/gui/vigie" VIGIE_JOURNAL="$XDG_DATA_HOME/vigie/journal.sqlite" NIGHT_PAUSE=0.05 \
     sh "$source/data/demo/night-shift.sh" >"$tmp/night.log" 2>&1 &&
   grep -q "^10/10 calls decided, 10/10 closed" "$tmp/night.log"; then
  sed 's/^/# /' "$tmp/night.log"
  echo "ok 1 ten scripted calls decided, closed and journaled"
else
  sed 's/^/# /' "$tmp/night.log" "$tmp/vigie.log"
  echo "not ok 1 the night shift did not complete"
  exit 1
fi
