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
. "$source/tests/lib/desk-session.sh"

echo "1..1"
if VIGIE="$vigie" VIGIE_JOURNAL="$XDG_DATA_HOME/vigie/journal.sqlite" NIGHT_PAUSE=0.05 \
     sh "$source/data/demo/night-shift.sh" >"$tmp/night.log" 2>&1 &&
   grep -q "^10/10 calls decided, 10/10 closed" "$tmp/night.log"; then
  sed 's/^/# /' "$tmp/night.log"
  echo "ok 1 ten scripted calls decided, closed and journaled"
else
  sed 's/^/# /' "$tmp/night.log" "$tmp/vigie.log"
  echo "not ok 1 the night shift did not complete"
  exit 1
fi
