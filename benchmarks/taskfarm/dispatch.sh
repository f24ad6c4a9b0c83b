#!/usr/bin/env bash
# TaskFarm dispatch benchmark on the local cloud: a bag of TASKS trivial commands (`echo $i`) run by a taskfarm
# service on WORKERS one-slot workers, against `xargs -P WORKERS` running the same commands on this machine, in the
# same run (before and after it; the mean is the baseline). Prints the farm's execution wall time as a ratio of xargs' (target ≤ 1.10), two ways:
#   - "with workers up": from the moment all WORKERS workers run to the end of the bag, against xargs running
#     the tasks that were still left then (xargs time × left / TASKS);
#   - "whole execution": from choosing the schedule to the end of the bag (includes starting WORKERS-1 workers).
# Builds the portal in Release when its output is missing or older than the sources, runs everything in a temp
# folder and leaves no process and no folder behind. Knobs (environment): TASKS (10000), WORKERS (4), POLL (0.5 s), BAGS (2: the first meets a fresh
# portal, the next a warm one), RUN_DISK (fresh|host).
set -euo pipefail
export LC_ALL=C # $EPOCHREALTIME and awk print decimal points
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
portal_dll="$root/ConPaaS.Portal/bin/Release/net10.0/ConPaaS.Portal.dll"
TASKS="${TASKS:-10000}"
WORKERS="${WORKERS:-4}"
BAGS="${BAGS:-2}"
RANGE_START=10.0.208.2 # this benchmark's private range (php uses 10.0.203.x, lifecycle 10.0.201/202.x)
RANGE_END=10.0.208.254
ADMIN=admin
ADMIN_PASSWORD=Bench-admin-password-1

for tool in jq curl; do command -v "$tool" >/dev/null || apt-get install -y -qq "$tool" >/dev/null; done
if [[ ! -f "$portal_dll" || -n "$(find "$root/ConPaaS.Portal" "$root/ConPaaS.Infrastructure" "$root/ConPaaS.Domain" "$root/ConPaaS.Agent" \
    \( -path '*/bin' -o -path '*/obj' \) -prune -o -type f \( -name '*.cs' -o -name '*.razor' -o -name '*.csproj' \) -newer "$portal_dll" -print -quit)" ]]; then
  echo "Building the portal (Release)…"
  dotnet build "$root/ConPaaS.Portal/ConPaaS.Portal.csproj" -c Release -v:q -nologo >/dev/null
fi

run_dir="$(mktemp -d /tmp/conpaas-farm-bench.XXXXXX)"
# The run's folders (the portal's and every worker's, the xargs baseline's output) go on a fresh ext4 disk, as a
# new cloud worker's would be. On a long-used filesystem a new folder or file costs what finding a free inode
# near its parent costs: on this machine's /tmp, 0.5–1.9 ms of CPU each against 0.03–0.05 ms on a fresh disk,
# so per-task folders would measure the host's disk rather than the farm. RUN_DISK=host keeps them in /tmp.
RUN_DISK="${RUN_DISK:-fresh}"
disk_image=""
if [[ "$RUN_DISK" == fresh ]]; then
  disk_image="$run_dir.img"
  truncate -s 4G "$disk_image" && mkfs.ext4 -q -F "$disk_image" && mount -o loop "$disk_image" "$run_dir" \
    || { echo "Could not mount a fresh ext4 disk (needs root and loop devices); run with RUN_DISK=host" >&2; rm -f "$disk_image"; rmdir "$run_dir"; exit 1; }
fi
portal_pid="" token="" service_id="" portal_url=""
now() { date +%s.%N; }
alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }
api() { local method="$1" path="$2"; shift 2; curl -sS --fail-with-body --max-time 60 -X "$method" -H "Authorization: Bearer $token" "$@" "$portal_url$path"; }

cleanup() {
  local status=$? pids
  trap - EXIT INT TERM
  if [[ -n "$service_id" ]] && alive "$portal_pid"; then
    api POST "/api/v1/services/$service_id/stop" >/dev/null 2>&1 || true
    for _ in $(seq 1 150); do
      [[ "$(api GET "/api/v1/services/$service_id" 2>/dev/null | jq -r '.state + (.activeOperation == null | tostring)')" == Stoppedtrue ]] && break
      sleep 0.2
    done
  fi
  if alive "$portal_pid"; then
    kill -TERM "$portal_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$portal_pid" || break; sleep 0.2; done
    alive "$portal_pid" && kill -KILL "$portal_pid" 2>/dev/null || true
    wait "$portal_pid" 2>/dev/null || true
  fi
  # Agents are started in sessions of their own; their command lines name this run's folder.
  pids="$(pgrep -f -- "$run_dir" | grep -vx "$$" | tr '\n' ' ' || true)"
  [[ -n "${pids// /}" ]] && { echo "Killing leftover processes of this run by pid: $pids"; kill -KILL $pids 2>/dev/null || true; }
  if [[ -n "$disk_image" ]]; then
    umount "$run_dir" 2>/dev/null || umount -l "$run_dir" 2>/dev/null || true
    rm -f "$disk_image"
  fi
  rm -rf "$run_dir"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "TaskFarm dispatch benchmark: $TASKS tasks, $WORKERS workers ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), run folder on the $RUN_DISK disk)"
for i in $(seq 0 $((TASKS - 1))); do echo "echo $i"; done >"$run_dir/bag.txt"

# ---- baseline: xargs with the same parallelism, each line a `bash -c` as the worker runs it. Run before and
# after the farm (the machine is shared: the mean of the two brackets the farm's run).
run_xargs() {
  local start
  start=$(now)
  xargs -d '\n' -P "$WORKERS" -n 1 bash -c <"$run_dir/bag.txt" >"$run_dir/xargs.out"
  [[ "$(wc -l <"$run_dir/xargs.out")" == "$TASKS" ]] || { echo "xargs did not run every task" >&2; exit 1; }
  awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }'
}
xargs_before="$(run_xargs)"
echo "xargs -P $WORKERS before the farm: $xargs_before s"

# ---- the portal with one one-slot instance type, up to WORKERS machines of it
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
portal_url="http://127.0.0.1:$port"
mkdir -p "$run_dir/portal"
(
  cd "$run_dir/portal"
  exec env ConPaaS__Admin__UserName="$ADMIN" ConPaaS__Admin__Password="$ADMIN_PASSWORD" ConPaaS__KeyRing__CertificatePath="$run_dir/keyring.pfx" \
    ConPaaS__Clouds__0__Name=local ConPaaS__Clouds__0__Driver=local \
    ConPaaS__Clouds__0__InstanceTypes__0__Name=small ConPaaS__Clouds__0__InstanceTypes__0__PricePerHour=0.05 \
    ConPaaS__Clouds__0__InstanceTypes__0__Slots=1 \
    ConPaaS__Clouds__0__Local__AddressRangeStart="$RANGE_START" ConPaaS__Clouds__0__Local__AddressRangeEnd="$RANGE_END" \
    ConPaaS__TaskFarm__MaxMachinesPerType="$WORKERS" ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$portal_dll" --urls "$portal_url" "--ConPaaS:DataDirectory=$run_dir/portal/data"
) >"$run_dir/portal/portal.log" 2>&1 &
portal_pid=$!
for i in $(seq 1 300); do
  curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$portal_url/healthz" 2>/dev/null | grep -q 200 && break
  alive "$portal_pid" || { tail -30 "$run_dir/portal/portal.log"; exit 1; }
  ((i == 300)) && { echo "The portal did not start"; tail -30 "$run_dir/portal/portal.log"; exit 1; }
  sleep 0.2
done
token="$(curl -sS --fail-with-body -H 'Content-Type: application/json' \
  -d "{\"userName\":\"$ADMIN\",\"password\":\"$ADMIN_PASSWORD\",\"name\":\"farm-bench\"}" "$portal_url/api/v1/tokens" | jq -r .token)"
app_id="$(api POST /api/v1/applications -H 'Content-Type: application/json' -d '{"name":"farm-bench"}' | jq -r .id)"
service_id="$(api POST /api/v1/services -H 'Content-Type: application/json' \
  -d "{\"applicationId\":$app_id,\"type\":\"taskfarm\",\"name\":\"farm-bench\"}" | jq -r .id)"
api POST "/api/v1/services/$service_id/start" -H 'Content-Type: application/json' -d '{}' >/dev/null
for _ in $(seq 1 600); do
  [[ "$(api GET "/api/v1/services/$service_id" | jq -r '.state + (.activeOperation == null | tostring)')" == Runningtrue ]] && break
  sleep 0.2
done

progress() { api GET "/api/v1/services/$service_id/progress"; }
# CPU seconds (user + system) used so far by the portal and by this run's agents: what the farm itself costs
# beside the tasks on the same cores.
ticks_of() { local total=0 pid; for pid in "$@"; do [[ -r /proc/$pid/stat ]] && total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat"))); done; echo "$total"; }
idle_ticks() { awk '/^cpu / { print $5 + $6 }' /proc/stat; } # idle + iowait, all cores
agent_pids() { pgrep -f -- "ConPaaS.Agent.dll.*$run_dir" | tr '\n' ' ' || true; }
# The watch loop below runs beside the farm and competes for the same cores, so it forks as little as it can:
# bash builtins only (one curl per look, no jq, no awk). jq alone costs ≈ 25 ms of CPU a call here.
ticks_now() { # ticks_now PID...: sets TICKS to their user + system ticks
  local pid line fields
  TICKS=0
  for pid in "$@"; do
    { IFS= read -r line </proc/"$pid"/stat; } 2>/dev/null || continue
    read -r -a fields <<<"${line##*) }" # the name may hold spaces; the fields after it may not
    TICKS=$((TICKS + fields[11] + fields[12]))
  done
}
# Looks at the progress every POLL seconds, as `cps progress --wait` does (0.5 s): each look costs the portal a
# request (authentication, ownership, the state), and at 10 looks a second that was a third of its CPU while a farm
# ran. The bag's end comes from the portal's own record, so a slow look does not stretch it.
POLL="${POLL:-0.5}"
TICK=0.1
POLL_TICKS="$(awk -v p="$POLL" -v t="$TICK" 'BEGIN { n = int(p / t + 0.5); print (n < 1 ? 1 : n) }')"
exec {tick_fd}<> <(:)
tick() { read -r -t "$TICK" -u "$tick_fd" || true; } # sleeps without forking a sleep
count_of() { local text="$1" what="$2" rest; rest="${text//"$what"/}"; echo $(( (${#text} - ${#rest}) / ${#what} )); }
# One bag, start to end; its figures go into the arrays below (index = bag number). The first bag meets a
# fresh portal, which compiles its code paths as it goes (.NET's JIT: up to half a core here); later bags meet a
# warm portal, as a long-running one is. Workers are fresh every time (a farm starts its own).
declare -a R_SAMPLING R_EXEC_START R_UP R_DONE R_LEFT R_PORTAL R_AGENTS R_IDLE R_BUSY
run_bag() {
  local b="$1" sampling_start index exec_start up_at="" agent_ticks_last=0 agents="" p t
  local portal_ticks_at_up idle_at_up agent_ticks_at_up
  api POST "/api/v1/services/$service_id/bag" --data-binary "@$run_dir/bag.txt" -H 'Content-Type: text/plain' >/dev/null
  sampling_start=$(now)
  until [[ "$(progress | jq -r .phase)" == Ready ]]; do sleep 0.2; done
  R_SAMPLING[b]="$(awk -v a="$sampling_start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }')"
  index="$(api GET "/api/v1/services/$service_id/schedules" | jq --argjson w "$WORKERS" '[.schedules[] | select(.machines == [$w])][0].index')"
  [[ "$index" != null ]] || { echo "No schedule with $WORKERS workers"; exit 1; }

  exec_start=$(now)
  api POST "/api/v1/services/$service_id/schedules/$index/select" >/dev/null
  local look=0
  while true; do
    # The agents' CPU is read every tick (they are gone soon after the bag ends), the progress every POLL.
    if (( look++ % POLL_TICKS != 0 )); then
      [[ -n "$up_at" ]] && { ticks_now $agents; ((TICKS > agent_ticks_last)) && agent_ticks_last=$TICKS; }
      tick
      continue
    fi
    p="$(progress)"
    t=$EPOCHREALTIME
    if [[ -z "$up_at" && "$(count_of "$p" '"state":"Running"')" -ge "$WORKERS" ]]; then
      up_at=$t # the CPU accounting starts here; the timing below uses the portal's records
      agents="$(agent_pids)"
      portal_ticks_at_up="$(ticks_of "$portal_pid")"
      idle_at_up="$(idle_ticks)"
      agent_ticks_at_up="$(ticks_of $agents)"
    fi
    if [[ -n "$up_at" ]]; then # agents are terminated once the bag is done: keep their last reading
      ticks_now $agents
      ((TICKS > agent_ticks_last)) && agent_ticks_last=$TICKS
    fi
    [[ "$p" == *'"phase":"Done"'* ]] && break
    tick
  done
  R_EXEC_START[b]=$exec_start
  R_PORTAL[b]="$(( $(ticks_of "$portal_pid") - portal_ticks_at_up ))"
  R_IDLE[b]="$(( $(idle_ticks) - idle_at_up ))"
  R_AGENTS[b]="$((agent_ticks_last - agent_ticks_at_up))"
  p="$(progress)"
  [[ "$(jq .completed <<<"$p")" == "$TASKS" && "$(jq .failed <<<"$p")" == 0 ]] || { echo "The farm did not complete every task: $(jq -c '{completed, failed}' <<<"$p")"; exit 1; }
  # The times come from the farm's records, not from when this loop looked: "all workers up" is when the last
  # worker started its first task (each result has its end and its runtime), the tasks left then are those that
  # ended after it, and the end is when the portal had the last result. The completed count a look shows lags by
  # up to a farm step (a second of results), which made the tasks left look more than they were.
  read -r R_UP[b] R_LEFT[b] R_BUSY[b] R_DONE[b] < <(api GET "/api/v1/services/$service_id/outputs" | python3 -c '
import json, re, sys
from datetime import datetime
def epoch(text): # .NET writes up to 7 decimals; Python 3.11 reads up to 6
    return datetime.fromisoformat(re.sub(r"(\.\d{1,6})\d*", r"\1", text)).timestamp()
progress, outputs = json.loads(sys.argv[1]), json.load(sys.stdin)
first = {} # per worker node, when it started its first task
for o in outputs:
    first[o["nodeId"]] = min(first.get(o["nodeId"], float("inf")), epoch(o["finishedAt"]) - o["seconds"])
up = max(first.values())
after = [o for o in outputs if epoch(o["finishedAt"]) > up]
busy = sum(o["seconds"] for o in after)
print("%.6f %d %.3f %.6f" % (up, len(after), busy, epoch(progress["phaseStartedAt"])))
' "$p")
}
for b in $(seq 1 "$BAGS"); do run_bag "$b"; done

xargs_after="$(run_xargs)"
xargs_seconds="$(awk -v a="$xargs_before" -v b="$xargs_after" 'BEGIN { print (a + b) / 2 }')"
echo "xargs -P $WORKERS after the farm: $xargs_after s; mean $xargs_seconds s"

# Where the time goes, bag by bag: the slots' busy share from all workers up to the end, the farm's own CPU
# beside the tasks, and the ratios to xargs (which needs neither a portal nor agents).
for b in $(seq 1 "$BAGS"); do
  if ((b == 1)); then echo "bag 1 (fresh portal): sampling ${R_SAMPLING[b]} s"; else echo "bag $b (warm portal): sampling ${R_SAMPLING[b]} s"; fi
  awk -v b="${R_BUSY[b]}" -v w="$WORKERS" -v u="${R_UP[b]}" -v d="${R_DONE[b]}" 'BEGIN { printf "  tasks that ended with all workers up ran %.1f s of %d slots x %.1f s: slots busy %.0f %%\n", b, w, d - u, 100 * b / (w * (d - u)) }'
  awk -v p="${R_PORTAL[b]}" -v a="${R_AGENTS[b]}" -v i="${R_IDLE[b]}" -v hz="$(getconf CLK_TCK)" -v u="${R_UP[b]}" -v d="${R_DONE[b]}" -v c="$(nproc)" -v w="$WORKERS" \
    'BEGIN { printf "  CPU with all workers up, of %.1f s x %d cores: portal %.1f s, %d agents %.1f s, idle %.1f s\n", d - u, c, p / hz, w, a / hz, i / hz }'
  awk -v x="$xargs_seconds" -v n="$TASKS" -v s="${R_EXEC_START[b]}" -v u="${R_UP[b]}" -v d="${R_DONE[b]}" -v left="${R_LEFT[b]}" 'BEGIN {
    whole = d - s; up = d - u; base = x * left / n
    printf "  farm, whole execution (select -> done): %.2f s   ratio to xargs %.2f\n", whole, whole / x
    printf "  farm, with all workers up (%d tasks left): %.2f s   xargs for as many: %.2f s   ratio %.2f (target <= 1.10)\n", left, up, base, up / base
  }'
done
