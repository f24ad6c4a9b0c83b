#!/usr/bin/env bash
# Packs Debian's adminer package (/usr/share/adminer) into adminer.zip, the template's code archive: the
# package's tree as it is installed (the application in adminer/, beside the editor, designs and externals it
# uses), without its developer scripts, and an index.php at the top that sends visitors to adminer/.
#   pack.sh               (re)make it
#   pack.sh --if-missing  only when it is not there (the portal runs this before deploying the template)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/adminer.zip"
[[ "${1:-}" == "--if-missing" && -s "$out" ]] && exit 0
[[ -f /usr/share/adminer/adminer/index.php ]] || { echo "adminer is not installed: apt-get install adminer" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work" "$work.zip"' EXIT
cp -rL /usr/share/adminer/. "$work/"
rm -f "$work/compile.php" "$work/coverage.php" "$work/lang.php" # build and test tools, not for a public site
printf '%s\n' '<?php header("Location: adminer/", true, 302);' > "$work/index.php"
# Written aside and moved in whole: two portals (test runs) may pack at once.
(cd "$work" && zip -qr -X "$work.zip" .)
mv "$work.zip" "$out"
echo "wrote $out"
