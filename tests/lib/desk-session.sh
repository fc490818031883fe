# desk-session.sh
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sourced by the shell tests that drive the real desk, with $build set:
#   . "$source/tests/lib/desk-session.sh"
# Runs the rest of the test in a session bus of its own (another Vigie on
# the machine's bus must not take the calls) and XDG folders of its own
# ($tmp, removed at exit), starts the desk there ($pid, its output in
# $tmp/vigie.log) and waits until it holds its bus name.

if [ -z "${VIGIE_DESK_SESSION:-}" ]; then
  VIGIE_DESK_SESSION=1 exec dbus-run-session -- "$0" "$@"
fi

tmp=$(mktemp -d)
export XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
       XDG_CACHE_HOME="$tmp/cache" XDG_STATE_HOME="$tmp/state"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"

vigie="$build/src/gui/vigie"
"$vigie" >"$tmp/vigie.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT

if ! gdbus wait --session --timeout 30 org.vigie.Vigie; then
  echo "Bail out! vigie did not start"; cat "$tmp/vigie.log"; exit 1
fi
