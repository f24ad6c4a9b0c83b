#!/usr/bin/env bash
# Packs Debian's adminer package (/usr/share/adminer) into adminer.zip, the template's code archive: the
# package's files under adminer/, and an index.php at the top that sends visitors there.
#   pack.sh               (re)make it
#   pack.sh --if-missing  only when it is not there (the portal runs this before deploying the template)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/adminer.zip"
[[ "${1:-}" == "--if-missing" && -s "$out" ]] && exit 0
[[ -f /usr/share/adminer/adminer/index.php ]] || { echo "adminer is not installed: apt-get install adminer" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -rL /usr/share/adminer "$work/adminer"
printf '%s\n' '<?php header("Location: adminer/", true, 302);' > "$work/index.php"
rm -f "$out.tmp"
(cd "$work" && zip -qr -X "$out.tmp" index.php adminer)
mv "$out.tmp" "$out"
echo "wrote $out"
