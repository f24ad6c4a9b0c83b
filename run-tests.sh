#!/usr/bin/env bash
# Runs every test of ConPaaS.NET against real parts (SQLite, agents, Chromium, ...), installing what is missing.
# Ends with one line "N passed, N failed" and a non-zero exit code when anything failed.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh tests
dotnet build ConPaaS.Portal.sln -c Release -nologo -v quiet -clp:ErrorsOnly
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
status=0
dotnet test ConPaaS.Portal.sln -c Release --no-build --nologo --logger trx --results-directory "$results" || status=$?
passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
  failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
done
echo "$passed passed, $failed failed"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then echo "No test ran." >&2; exit 1; fi
exit "$status"
