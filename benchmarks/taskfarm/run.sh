#!/usr/bin/env bash
# Builds the TaskFarm benchmark in Release with its own artifacts folder (so it never collides with
# other builds) and runs it. Extra arguments go to the benchmark, e.g. ./run.sh --seeds 20.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
artifacts="${TASKFARM_BENCH_ARTIFACTS:-/tmp/taskfarm-bench-artifacts}"
dotnet build "$here/ConPaaS.Benchmarks.TaskFarm.csproj" -c Release --artifacts-path "$artifacts" -m:1 -v:q -nologo
dotnet "$artifacts/bin/ConPaaS.Benchmarks.TaskFarm/release/ConPaaS.Benchmarks.TaskFarm.dll" "$@"
