#!/usr/bin/env bash
# Starts the ConPaaS portal on the embedded defaults: SQLite and all data under ./data, the local cloud,
# and a first admin whose credentials are printed on the first start.
#   ./run-portal.sh                                   listens on http://127.0.0.1:5000
#   ./run-portal.sh --urls http://0.0.0.0:8080        any ASP.NET option
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh portal
echo "Building the portal (the first build restores packages and takes a minute)..."
dotnet build ConPaaS.Portal/ConPaaS.Portal.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
args=("$@")
[[ " ${args[*]} " == *" --urls "* ]] || args+=(--urls "http://127.0.0.1:5000")
exec dotnet ConPaaS.Portal/bin/Release/net10.0/ConPaaS.Portal.dll "${args[@]}"
