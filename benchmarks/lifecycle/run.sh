#!/usr/bin/env bash
# Lifecycle benchmark: the node machinery's speed and memory on the local cloud, against baselines measured
# in the same run (see Program.cs). Builds the portal in Release when its output is missing or older than the
# sources, builds this benchmark with its own artifacts folder (so it never collides with other builds), runs
# it in a temp folder, and leaves no process and no folder behind. Extra arguments go to the benchmark, e.g.
# ./run.sh --start-runs 7 --services 20 --settle 5
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
artifacts="${LIFECYCLE_BENCH_ARTIFACTS:-/tmp/lifecycle-bench-artifacts}"
portal_dll="$root/ConPaaS.Portal/bin/Release/net10.0/ConPaaS.Portal.dll"
agent_dll="$root/ConPaaS.Portal/bin/Release/net10.0/agent/ConPaaS.Agent.dll"

stale() {
  [[ ! -f "$portal_dll" || ! -f "$agent_dll" ]] && return 0
  [[ -n "$(find "$root/ConPaaS.Portal" "$root/ConPaaS.Infrastructure" "$root/ConPaaS.Domain" "$root/ConPaaS.Agent" \
      "$root/ConPaaS.Migrations.Sqlite" "$root/Directory.Build.props" "$root/Directory.Packages.props" \
      \( -path '*/bin' -o -path '*/obj' \) -prune -o -type f \
      \( -name '*.cs' -o -name '*.razor' -o -name '*.csproj' -o -name '*.props' -o -name '*.json' -o -name '*.css' -o -name '*.js' \) \
      -newer "$portal_dll" -print -quit)" ]]
}
if stale; then
  echo "Building the portal (Release)…"
  if ! dotnet build "$root/ConPaaS.Portal/ConPaaS.Portal.csproj" -c Release -v:q -nologo; then
    # In a shared working tree someone's half-done change may break the build: measure the last good build,
    # and say so, rather than nothing.
    [[ -f "$portal_dll" && -f "$agent_dll" ]] || exit 1
    echo "WARNING: the portal did not build; measuring the previous build of $(date -r "$portal_dll" '+%F %T')." >&2
  fi
fi
dotnet build "$here/ConPaaS.Benchmarks.Lifecycle.csproj" -c Release --artifacts-path "$artifacts" -v:q -nologo

agents_of_run() { pgrep -f -- "$run_dir" || true; }
run_dir="$(mktemp -d /tmp/conpaas-lifecycle-bench.XXXXXX)"
cleanup() {
  # The benchmark stops everything itself; this only catches what a crash of it may have left: processes whose
  # command line names this run's folder (its portal and agents), by pid.
  local pids
  pids="$(agents_of_run)"
  if [[ -n "$pids" ]]; then
    echo "run.sh: killing leftover processes of this run: $pids" >&2
    kill -9 $pids 2>/dev/null || true
    sleep 0.5
  fi
  rm -rf "$run_dir"
}
trap cleanup EXIT

before="$(pgrep -f ConPaaS.Agent.dll | wc -l || true)"
status=0
dotnet "$artifacts/bin/ConPaaS.Benchmarks.Lifecycle/release/ConPaaS.Benchmarks.Lifecycle.dll" \
  --portal-dll "$portal_dll" --run-dir "$run_dir" "$@" || status=$?
sleep 0.5
ours="$(agents_of_run | wc -l)"
after="$(pgrep -f ConPaaS.Agent.dll | wc -l || true)"
echo "Agent processes (pgrep -f ConPaaS.Agent.dll): $before before, $after after; of this run still alive: $ours."
exit "$status"
