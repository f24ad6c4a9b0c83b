#!/usr/bin/env bash
# Makes sans-sweep.bag from examples/taskfarm, so the template carries the same bag as the example.
#   pack.sh               (re)make it
#   pack.sh --if-missing  only when it is not there (the portal runs this before deploying the template)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[[ "${1:-}" == "--if-missing" && -s "$here/sans-sweep.bag" ]] && exit 0
# Written aside and moved in whole: two portals (test runs) may pack at once.
tmp=$(mktemp "$here/.sans-sweep.XXXXXX")
trap 'rm -f "$tmp"' EXIT
"$here/../../examples/taskfarm/make_bag.sh" "$tmp"
chmod 644 "$tmp"
mv "$tmp" "$here/sans-sweep.bag"
