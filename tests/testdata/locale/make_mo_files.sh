#!/bin/sh
# Compiles the test catalogs in po/ with GNU msgfmt (Debian package gettext)
# into the locale trees the tests load. Run from this directory:
#   sh make_mo_files.sh
set -eu
cd "$(dirname "$0")"
for po in po/*.po; do
  code=$(basename "$po" .po)
  mkdir -p "gettext/$code/LC_MESSAGES" "gettext_be/$code/LC_MESSAGES"
  msgfmt --endianness=little -o "gettext/$code/LC_MESSAGES/tornado_deno_test.mo" "$po"
  msgfmt --endianness=big -o "gettext_be/$code/LC_MESSAGES/tornado_deno_test.mo" "$po"
done
