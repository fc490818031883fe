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
# shellcheck disable=SC2046
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 \
  -I"$out" $(for d in "$core"/*/; do printf -- "-I%s " "$d"; done) $(pkg-config --cflags glib-2.0 gio-2.0 json-glib-1.0 libsoup-3.0 libsecret-1) \
  "$src/tests/fuzz/fuzz-script.c" \
  "$core"/*/vigie-script.c "$core"/*/vigie-script-runner.c "$core"/*/vigie-json.c \
  "$core"/*/vigie-rules.c "$core"/*/vigie-opening-hours.c "$core"/*/vigie-holidays.c "$core"/*/vigie-deferral.c \
  "$core"/*/vigie-decision.c "$core"/*/vigie-contact.c "$core"/*/vigie-phone.c "$core"/*/vigie-directory.c \
  "$core"/*/vigie-client.c "$core"/*/vigie-target.c "$core"/*/vigie-secrets.c \
  $(pkg-config --libs glib-2.0 gio-2.0 json-glib-1.0 libsoup-3.0 libsecret-1) -lm \
  -o "$out/fuzz-script"
echo "$out/fuzz-script"

# The data folder's files (clients.json, directory.json, rosters).
# shellcheck disable=SC2046
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 \
  -I"$out" $(for d in "$core"/*/; do printf -- "-I%s " "$d"; done) $(pkg-config --cflags glib-2.0 gio-2.0 json-glib-1.0 libsoup-3.0 libsecret-1) \
  "$src/tests/fuzz/fuzz-data.c" \
  "$core"/*/vigie-script.c "$core"/*/vigie-script-runner.c "$core"/*/vigie-json.c \
  "$core"/*/vigie-rules.c "$core"/*/vigie-opening-hours.c "$core"/*/vigie-holidays.c "$core"/*/vigie-deferral.c \
  "$core"/*/vigie-decision.c "$core"/*/vigie-contact.c "$core"/*/vigie-phone.c "$core"/*/vigie-directory.c \
  "$core"/*/vigie-client.c "$core"/*/vigie-target.c "$core"/*/vigie-secrets.c \
  "$core"/*/vigie-roster.c \
  $(pkg-config --libs glib-2.0 gio-2.0 json-glib-1.0 libsoup-3.0 libsecret-1) -lm \
  -o "$out/fuzz-data"
echo "$out/fuzz-data"

# The AMI and netstring parsers and the connectors that read their messages.
tel="$core/telephony"
# shellcheck disable=SC2046
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 \
  -I"$out" -I"$tel" -I"$core/base" $(pkg-config --cflags glib-2.0 gio-2.0 json-glib-1.0) \
  "$src/tests/fuzz/fuzz-telephony.c" \
  "$tel/vigie-ami-parser.c" "$tel/vigie-ami-connector.c" "$tel/vigie-netstring.c" \
  "$tel/vigie-baresip-connector.c" "$tel/vigie-telephony-connector.c" "$tel/vigie-telephony-link.c" \
  $(pkg-config --libs glib-2.0 gio-2.0 json-glib-1.0) \
  -o "$out/fuzz-telephony"
echo "$out/fuzz-telephony"
