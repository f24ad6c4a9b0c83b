#!/usr/bin/env bash
# MySQL benchmark: the mysql service's replication figures (replica seeding, replication lag under writes, read
# throughput over 1 and 3 replicas) on the local cloud with real MariaDB, each against a baseline measured in the
# same run (see Program.cs). Builds the portal in Release when its output is missing or older than the sources,
# builds this benchmark with its own artifacts folder, runs it in a temp folder, and leaves no process and no
# folder behind. Extra arguments go to the benchmark, e.g.
# ./run.sh --mb 100 --write-seconds 20 --read-seconds 10 --readers 8 --loaders 2
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
artifacts="${MYSQL_BENCH_ARTIFACTS:-/tmp/mysql-bench-artifacts}"
portal_dll="$root/ConPaaS.Portal/bin/Release/net10.0/ConPaaS.Portal.dll"
agent_dll="$root/ConPaaS.Portal/bin/Release/net10.0/agent/ConPaaS.Agent.dll"
command_line="benchmarks/mysql/run.sh${*:+ $*}"

for tool in mariadbd mariadb mariadb-dump mariadb-install-db; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is not installed (apt-get install mariadb-server mariadb-client)" >&2; exit 1; }
done

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
dotnet build "$here/ConPaaS.Benchmarks.MySql.csproj" -c Release --artifacts-path "$artifacts" -v:q -nologo

ours_of_run() { pgrep -f -- "$run_dir" || true; }
run_dir="$(mktemp -d /tmp/conpaas-mysql-bench.XXXXXX)"
cleanup() {
  # The benchmark stops everything itself; this only catches what a crash of it may have left: processes whose
  # command line names this run's folder (its portal, agents and mariadbd servers), by pid.
  local pids
  pids="$(ours_of_run)"
  if [[ -n "$pids" ]]; then
    echo "run.sh: killing leftover processes of this run: $pids" >&2
    kill -9 $pids 2>/dev/null || true
    sleep 0.5
  fi
  rm -rf "$run_dir"
}
trap cleanup EXIT

agents_before="$(pgrep -f ConPaaS.Agent.dll | wc -l || true)"
servers_before="$(pgrep mariadbd | wc -l || true)"
echo "Command: $command_line"
status=0
dotnet "$artifacts/bin/ConPaaS.Benchmarks.MySql/release/ConPaaS.Benchmarks.MySql.dll" \
  --portal-dll "$portal_dll" --run-dir "$run_dir" "$@" || status=$?
sleep 0.5
ours="$(ours_of_run | wc -l)"
agents_after="$(pgrep -f ConPaaS.Agent.dll | wc -l || true)"
servers_after="$(pgrep mariadbd | wc -l || true)"
cat <<NOTES

Command: $command_line
Processes: pgrep -f ConPaaS.Agent.dll $agents_before before, $agents_after after; pgrep mariadbd $servers_before before, $servers_after after; of this run still alive: $ours.
Notes on the figures:
- Everything (portal, agents, every mariadbd, the load generator) shares this machine's $(nproc) cores, and other
  people's runs may be using them too: compare the load averages printed at the start and the end, and rerun when
  they are high. In three runs under load averages of 5–18 (others' benchmarks running) the seeding ratio read
  3.08, 3.15 and 1.62, the write ratio 0.50, 1.32 and 0.99, the 3-vs-1 read ratio 0.66, 0.71 and 0.79, and the lag
  p99 0.7–2.2 s: treat single runs as rough, not as a regression signal.
- Seeding: the service's time includes launching the node (agent start, mariadb-install-db, server start) and the
  portal's own polling, on top of the same dump|load the baseline times; the standalone install + start and the
  operation's steps (as first seen by 0.1 s polling) are printed apart.
- Writes: the master writes a binary log with or without a replica, so the ratio is the cost of a replica following
  it (binlog dump thread, the replica applying rows, probe polling) on the same cores — not of network or disk.
  The no-replica rate is the mean of a run before the first replica and one after all replicas were removed, which
  brackets the replicated run in time; when the two differ much the machine's load changed and the ratio is weak.
- Lag: a probe row is inserted 200 ms after the previous one was seen on the replica, while the writer runs, and
  timed from the master's commit returning to the row being readable on the replica (polled every ~1 ms, after
  20 ms every 5 ms); with well under 100 probes p99 is the maximum. The probes and their polling run in the
  no-replica run too (inserts only), so both write runs carry the same extra writes.
  Seconds_Behind_Master has a 1 s resolution, so it reads 0 whenever the replica is less than a second behind.
- Reads: row 3 goes through the service's read-only address (the master node's agent relays each connection to
  the next replica), as applications do; each reader holds one connection, so 8 connections spread over the
  replicas. "Client-side" sends each reader's queries round-robin straight to every replica's own address. On
  2 cores 3 replicas cannot give 3× the CPU of one: a ratio near 1 is the machine's limit, not the service's.
NOTES
exit "$status"
