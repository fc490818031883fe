#!/bin/sh
# Builds the libFuzzer harness with ASan, LSan and UBSan; needs clang and
# libclang-rt-14-dev (Debian 12). The normal build does not use this.
#   tests/fuzz/build.sh [OUTDIR]      (default: build-fuzz)
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-"$src/build-fuzz"}
mkdir -p "$out"

cat > "$out/config.h" <<EOC
#pragma once
#define APP_ID "org.vigie.Vigie"
#define GETTEXT_PACKAGE "vigie"
#define LOCALEDIR "/usr/share/locale"
#define PACKAGE_VERSION "fuzz"
#define PKGDATADIR "/usr/share/vigie"
EOC

core="$src/src/core"
pkgs="glib-2.0 gio-2.0 json-glib-1.0 libsoup-3.0 libsecret-1 libcurl"
# The script loader and what it reads (folders, so that splitting a module
# into files does not break this build).
loader="$core/script/*.c $core/base/vigie-json.c $core/base/vigie-json-io.c $core/base/vigie-holidays.c
  $core/base/vigie-phone.c $core/base/vigie-catalog.c $core/base/vigie-input.c $core/decision/*.c
  $core/directory/*.c $core/target/*.c"
# The roster model and its JSON (not its store, escalation or labour checks).
roster="$core/roster/vigie-roster.c $core/roster/vigie-roster-json.c $core/roster/vigie-roster-named.c
  $core/roster/vigie-roster-timeline.c $core/roster/vigie-roster-write.c"
# shellcheck disable=SC2046
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 \
  -I"$out" $(for d in "$core"/*/; do printf -- "-I%s " "$d"; done) $(pkg-config --cflags $pkgs) \
  "$src/tests/fuzz/fuzz-script.c" "$src/tests/fuzz/vigie-fuzz-init.c" $loader \
  $(pkg-config --libs $pkgs) -lm \
  -o "$out/fuzz-script"
echo "$out/fuzz-script"

# The data folder's files (clients.json, directory.json, rosters).
# shellcheck disable=SC2046
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 \
  -I"$out" $(for d in "$core"/*/; do printf -- "-I%s " "$d"; done) $(pkg-config --cflags $pkgs) \
  "$src/tests/fuzz/fuzz-data.c" $loader $roster \
  $(pkg-config --libs $pkgs) -lm \
  -o "$out/fuzz-data"
echo "$out/fuzz-data"

# The AMI and netstring parsers and the connectors that read their messages.
tel="$core/telephony"
# shellcheck disable=SC2046
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 \
  -I"$out" -I"$tel" -I"$core/base" $(pkg-config --cflags glib-2.0 gio-2.0 json-glib-1.0) \
  "$src/tests/fuzz/fuzz-telephony.c" "$src/tests/fuzz/vigie-fuzz-init.c" \
  "$tel/vigie-ami-parser.c" "$tel/vigie-ami-connector.c" "$tel/vigie-netstring.c" \
  "$tel/vigie-baresip-connector.c" "$tel/vigie-telephony-connector.c" "$tel/vigie-telephony-link.c" \
  "$tel/vigie-frame-buffer.c" \
  $(pkg-config --libs glib-2.0 gio-2.0 json-glib-1.0) \
  -o "$out/fuzz-telephony"
echo "$out/fuzz-telephony"
