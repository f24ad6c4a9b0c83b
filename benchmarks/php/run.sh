#!/usr/bin/env bash
# PHP benchmark: a php service on the local cloud (real nginx + php-fpm, agents on 127.0.203.x) under constant
# wrk load while it changes, each figure beside a baseline measured in the same run:
#   - per phase (steady; a: activate the other version; b: add 2 backends; c: remove 2 backends): requests,
#     failed requests (non-2xx + socket errors), requests/s, p50 and p99; a change's p99 against the steady p99;
#   - throughput through the proxy against nginx + php-fpm hit directly (the web node's :8080, same code,
#     same connections, closed loop, alternated with the proxy runs);
#   - git push → the URL serving the pushed text, against an API ZIP upload + activate → serving.
# Builds the portal in Release when its output is missing or older than the sources (as benchmarks/lifecycle),
# installs wrk (and jq) with apt-get when missing, runs everything in a temp folder, and leaves no process and
# no folder behind. Knobs (environment): PHASE_SECONDS (12), CHANGE_SECONDS (12), THROUGHPUT_SECONDS (8, per
# run, 2 runs per side), THREADS (2), CONNECTIONS (8), PACE_MS (16: each connection waits 16 ms between
# requests during the phases, ~400 req/s offered; 0 = wrk's closed loop, the machine saturated), PUSHES (3).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
portal_dll="$root/ConPaaS.Portal/bin/Release/net10.0/ConPaaS.Portal.dll"
agent_dll="$root/ConPaaS.Portal/bin/Release/net10.0/agent/ConPaaS.Agent.dll"

PHASE_SECONDS="${PHASE_SECONDS:-12}"
CHANGE_SECONDS="${CHANGE_SECONDS:-12}"
THROUGHPUT_SECONDS="${THROUGHPUT_SECONDS:-8}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-8}"
PACE_MS="${PACE_MS:-16}"
PUSHES="${PUSHES:-3}"
TRIGGER_AFTER=2          # seconds of load before a change is triggered
RANGE_START=10.0.203.2  # this benchmark's private range (lifecycle uses 10.0.201/202.x, tests 10.16+.x.x)
RANGE_END=10.0.203.254
ADMIN=admin
ADMIN_PASSWORD=Bench-admin-password-1

# ---------------------------------------------------------------- tools and build
need_apt=()
command -v wrk >/dev/null || need_apt+=(wrk)
command -v jq >/dev/null || need_apt+=(jq)
command -v curl >/dev/null || need_apt+=(curl)
command -v zip >/dev/null || need_apt+=(zip)
if ((${#need_apt[@]})); then
  echo "Installing ${need_apt[*]} with apt-get…"
  if ! apt-get install -y -qq "${need_apt[@]}" >/dev/null; then
    apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
  fi
fi

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
    # In a shared working tree someone's half-done change may break the build: measure the last good build, and
    # say so, rather than nothing.
    [[ -f "$portal_dll" && -f "$agent_dll" ]] || exit 1
    echo "WARNING: the portal did not build; measuring the previous build of $(date -r "$portal_dll" '+%F %T')." >&2
  fi
fi

# ---------------------------------------------------------------- run folder, cleanup
run_dir="$(mktemp -d /tmp/conpaas-php-bench.XXXXXX)"
portal_pid=""
portal_url=""
token=""
service_id=""
wrk_pid=""
script_start=$(date +%s%N)

now() { date +%s%N; }
elapsed() { awk -v a="$script_start" -v b="$(now)" 'BEGIN { printf "%5.1f", (b - a) / 1e9 }'; }
say() { echo "[$(elapsed) s] $*"; }
alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }

# Processes whose command line names this run's folder (the portal, its agents, nginx and php-fpm masters),
# never this script or its own pipeline.
run_pids() {
  local pid
  for pid in $(pgrep -f -- "$run_dir" || true); do
    [[ "$pid" == "$$" || "$pid" == "$BASHPID" ]] && continue
    echo "$pid"
  done
}

# Those processes plus every member of a session one of them leads: agents, nginx and php-fpm are started
# with setsid, so their workers (whose titles do not name the folder) share the leader's session id.
run_pids_with_sessions() {
  local pid sid leaders=() 
  for pid in $(run_pids); do
    echo "$pid"
    sid="$(ps -o sid= -p "$pid" 2>/dev/null | tr -d ' ' || true)"
    [[ "$sid" == "$pid" ]] && leaders+=("$pid")
  done
  ((${#leaders[@]})) || return 0
  ps -eo pid=,sid= | awk -v l=" ${leaders[*]} " 'index(l, " " $2 " ") && $1 != $2 { print $1 }'
}

api() { # method path [curl args…] → body on stdout; fails on a non-2xx answer
  local method="$1" path="$2"; shift 2
  curl -sS --fail-with-body --max-time 60 -X "$method" -H "Authorization: Bearer $token" "$@" "$portal_url$path"
}

cleanup() {
  local status=$? pids left
  trap - EXIT INT TERM
  alive "$wrk_pid" && kill "$wrk_pid" 2>/dev/null || true
  if [[ -n "$service_id" && -n "$token" ]] && alive "$portal_pid"; then
    echo "Cleaning up: stopping service $service_id through the API…"
    api POST "/api/v1/services/$service_id/stop" >/dev/null 2>&1 || true
    for _ in $(seq 1 150); do
      state="$(api GET "/api/v1/services/$service_id" 2>/dev/null | jq -r '.state + " " + (.activeOperation == null | tostring)' || true)"
      [[ "$state" == "Stopped true" || "$state" == "Error true" ]] && break
      sleep 0.2
    done
    echo "  service state: ${state:-unknown}"
  fi
  if alive "$portal_pid"; then
    kill -TERM "$portal_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$portal_pid" || break; sleep 0.2; done
    alive "$portal_pid" && kill -KILL "$portal_pid" 2>/dev/null || true
    wait "$portal_pid" 2>/dev/null || true
  fi
  pids="$(run_pids_with_sessions | sort -u | tr '\n' ' ')"
  if [[ -n "${pids// /}" ]]; then
    echo "Cleaning up: killing leftover processes of this run by pid: $pids"
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.5
  fi
  left="$(run_pids | wc -l)"
  rm -rf "$run_dir"
  after="$(pgrep -f ConPaaS.Agent.dll | wc -l || true)"
  echo "Agent processes (pgrep -f ConPaaS.Agent.dll): $before before, $after after; processes of this run still alive: $left; temp folder removed: $([[ -e "$run_dir" ]] && echo no || echo yes)."
  exit "$status"
}
before="$(pgrep -f ConPaaS.Agent.dll | wc -l || true)"
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- helpers
service_json() { api GET "/api/v1/services/$service_id"; }

# Waits until the service is Running with no operation and (optionally) exactly N nodes, all Running; prints
# nothing, fails on Error or after $2 seconds.
wait_settled() {
  local nodes="${1:-}" timeout="${2:-120}" deadline json state op count
  deadline=$(( $(date +%s) + timeout ))
  while true; do
    json="$(service_json)"
    state="$(jq -r .state <<<"$json")"
    op="$(jq -r '.activeOperation == null' <<<"$json")"
    if [[ "$state" == "Error" ]]; then
      echo "Service went to Error: $(jq -r .stateReason <<<"$json")" >&2; return 1
    fi
    if [[ "$state" == "Running" && "$op" == "true" ]]; then
      [[ -z "$nodes" ]] && return 0
      count="$(api GET "/api/v1/services/$service_id/nodes" | jq '[.[] | select(.state == "Running")] | length as $r | if length == $r then $r else -1 end')"
      [[ "$count" == "$nodes" ]] && return 0
    fi
    if (( $(date +%s) > deadline )); then
      echo "Service not settled within ${timeout}s (state $state, operation $(jq -c .activeOperation <<<"$json"))" >&2; return 1
    fi
    sleep 0.1
  done
}

# index.php doing a little work (a 1000-iteration loop) and saying which version it is.
write_php() { # folder label
  mkdir -p "$1"
  cat >"$1/index.php" <<PHP
<?php
\$sum = 0;
for (\$i = 0; \$i < 1000; \$i++) { \$sum += (\$i * \$i) % 7; }
echo "php-bench $2 " . \$sum . "\n";
PHP
}
page_sum="$(awk 'BEGIN { s = 0; for (i = 0; i < 1000; i++) s += (i * i) % 7; print s }')"
expected_body() { echo "php-bench $1 $page_sum"; } # what write_php's page prints for a label

make_zip() { # label → zip path
  local dir="$run_dir/code/$1"
  write_php "$dir" "$1"
  (cd "$dir" && zip -q -X "$run_dir/code/$1.zip" index.php)
  echo "$run_dir/code/$1.zip"
}

upload() { # label → version id
  local zip; zip="$(make_zip "$1")"
  api POST "/api/v1/services/$service_id/code" -F "archive=@$zip;type=application/zip" -F "description=$1" | jq -r .id
}

serves() { # url expected-body → true when the page is exactly that
  local body
  body="$(curl -s --max-time 2 "$1" || true)"
  [[ "$body" == "$2" ]]
}

wait_serving() { # url expected-body timeout-seconds
  local deadline=$(( $(date +%s) + $3 ))
  until serves "$1" "$2"; do
    if (( $(date +%s) > deadline )); then
      echo "$1 did not serve '$2' within $3 s; it answers: $(curl -s --max-time 2 "$1" | head -c 200)" >&2; return 1
    fi
    sleep 0.02
  done
}

wrk_run() { # name url seconds pace-ms → $run_dir/wrk-<name>.out
  WRK_PACE_MS="$4" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3"s --timeout 2s --latency -s "$here/load.lua" "$2" \
    >"$run_dir/wrk-$1.out" 2>&1
}
figure() { awk -v k="$2" '$1 == "BENCH" && $2 == k { print $3 }' "$run_dir/wrk-$1.out"; }

# A phase: load for $3 seconds; when a change command is given, it is triggered after TRIGGER_AFTER seconds and
# waited for until settled (all while the load runs). Records the change's duration and whether it settled
# before the load ended.
declare -A change_seconds=() within_load=()
phase() { # name url seconds [change-fn settle-args…]
  local name="$1" url="$2" seconds="$3"; shift 3
  local t0 t1 t2
  t0=$(now)
  wrk_run "$name" "$url" "$seconds" "$PACE_MS" &
  wrk_pid=$!
  if (($#)); then
    sleep "$TRIGGER_AFTER"
    t1=$(now)
    "$@"
    t2=$(now)
    change_seconds[$name]="$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')"
    if (( (t2 - t0) / 1000000 < seconds * 1000 )); then within_load[$name]=yes; else within_load[$name]=NO; fi
  fi
  wait "$wrk_pid"
  wrk_pid=""
}

change_activate() { api POST "/api/v1/services/$service_id/code/$v2/activate" >/dev/null; wait_settled 2 120; }
change_add() { api POST "/api/v1/services/$service_id/nodes" -H 'Content-Type: application/json' -d '{"role":"backend","count":2}' >/dev/null; wait_settled 4 120; }
change_remove() { api DELETE "/api/v1/services/$service_id/nodes?role=backend&count=2" >/dev/null; wait_settled 2 120; }

# ---------------------------------------------------------------- 1. portal, service, versions, 1 backend
echo "PHP benchmark on the local cloud ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); run folder $run_dir"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || shuf -i 20000-60000 -n 1)"
portal_url="http://127.0.0.1:$port"
mkdir -p "$run_dir/portal" "$run_dir/code"
data_dir="$run_dir/portal/data"
(
  cd "$run_dir/portal"
  exec env \
    ConPaaS__DataDirectory="$data_dir" \
    ConPaaS__KeyRing__CertificatePath="$run_dir/keyring.pfx" \
    ConPaaS__Admin__UserName="$ADMIN" \
    ConPaaS__Admin__Password="$ADMIN_PASSWORD" \
    ConPaaS__Clouds__0__Name=local \
    ConPaaS__Clouds__0__Driver=local \
    ConPaaS__Clouds__0__InstanceTypes__0__Name=small \
    ConPaaS__Clouds__0__InstanceTypes__0__PricePerHour=0.05 \
    ConPaaS__Clouds__0__Local__AddressRangeStart="$RANGE_START" \
    ConPaaS__Clouds__0__Local__AddressRangeEnd="$RANGE_END" \
    ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$portal_dll" --urls "$portal_url" "--ConPaaS:DataDirectory=$data_dir"
) >"$run_dir/portal/portal.log" 2>&1 &
portal_pid=$!
for i in $(seq 1 300); do
  curl -s -o /dev/null --max-time 2 -w '%{http_code}' "$portal_url/healthz" 2>/dev/null | grep -q 200 && break
  alive "$portal_pid" || { echo "The portal exited:"; tail -30 "$run_dir/portal/portal.log"; exit 1; }
  ((i == 300)) && { echo "The portal did not answer /healthz within 60 s:"; tail -30 "$run_dir/portal/portal.log"; exit 1; }
  sleep 0.2
done
token="$(curl -sS --fail-with-body -H 'Content-Type: application/json' \
  -d "{\"userName\":\"$ADMIN\",\"password\":\"$ADMIN_PASSWORD\",\"name\":\"php-bench\"}" "$portal_url/api/v1/tokens" | jq -r .token)"
say "portal up (pid $portal_pid) on $portal_url"

app_id="$(api POST /api/v1/applications -H 'Content-Type: application/json' -d '{"name":"php-bench"}' | jq -r .id)"
service_id="$(api POST /api/v1/services -H 'Content-Type: application/json' \
  -d "{\"applicationId\":$app_id,\"type\":\"php\",\"name\":\"php-bench\"}" | jq -r .id)"
v1="$(upload v1)"
v2="$(upload v2)"
api POST "/api/v1/services/$service_id/code/$v1/activate" >/dev/null  # stopped: it is simply what start serves
api POST "/api/v1/services/$service_id/start" -H 'Content-Type: application/json' -d '{}' >/dev/null
wait_settled 1 120
say "service $service_id running on 1 node, versions v1=$v1 v2=$v2"
api POST "/api/v1/services/$service_id/nodes" -H 'Content-Type: application/json' -d '{"role":"backend","count":1}' >/dev/null
wait_settled 2 120
url="$(service_json | jq -r .url)"
web_address="$(api GET "/api/v1/services/$service_id/nodes" | jq -r '[.[] | select(.roles | index("web"))][0].address')"
direct_url="http://$web_address:8080/"
wait_serving "$url" "$(expected_body v1)" 30
wait_serving "$direct_url" "$(expected_body v1)" 30
say "1 backend added; proxy $url, web node $direct_url; nodes: $(api GET "/api/v1/services/$service_id/nodes" | jq -c '[.[] | {roles, address}]')"

# ---------------------------------------------------------------- 2. throughput: proxy vs nginx + php-fpm directly
# Closed loop (no pacing), alternated so a load drift on the shared machine weighs on both sides alike.
for round in 1 2; do
  wrk_run "direct-$round" "$direct_url" "$THROUGHPUT_SECONDS" 0
  wrk_run "proxy-$round" "$url" "$THROUGHPUT_SECONDS" 0
done
say "throughput runs done (direct/proxy, 2 × ${THROUGHPUT_SECONDS} s each, closed loop)"

# ---------------------------------------------------------------- 3. phases under load
phase steady "$url" "$PHASE_SECONDS"
say "steady phase done"
phase activate "$url" "$CHANGE_SECONDS" change_activate
say "phase a (activate v2) done: change took ${change_seconds[activate]} s"
phase add "$url" "$CHANGE_SECONDS" change_add
say "phase b (add 2 backends) done: change took ${change_seconds[add]} s"
phase remove "$url" "$CHANGE_SECONDS" change_remove
say "phase c (remove 2 backends) done: change took ${change_seconds[remove]} s"

# ---------------------------------------------------------------- 4. git push → serving, vs ZIP upload + activate → serving
export GIT_TERMINAL_PROMPT=0 GIT_CONFIG_NOSYSTEM=1 HOME="$run_dir/home"
mkdir -p "$HOME"
git_url="http://$ADMIN:$token@127.0.0.1:$port/git/$service_id.git"
git clone -q "$git_url" "$run_dir/clone" 2>"$run_dir/git-clone.log" || { cat "$run_dir/git-clone.log"; exit 1; }
push_times=() upload_times=()
for i in $(seq 1 "$PUSHES"); do
  # Baseline: ZIP upload + activate through the API, until the URL serves it.
  label="zip$i"
  zip="$(make_zip "$label")"
  t0=$(now)
  version="$(api POST "/api/v1/services/$service_id/code" -F "archive=@$zip;type=application/zip" -F "description=$label" | jq -r .id)"
  api POST "/api/v1/services/$service_id/code/$version/activate" >/dev/null
  wait_serving "$url" "$(expected_body "$label")" 60
  t1=$(now)
  upload_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')")
  wait_settled 2 120

  # git push (deploy on push), until the URL serves it; the page is polled while the push runs.
  # (The upload above is a commit on main too: the clone catches up first, as a developer's would, untimed.)
  label="push$i"
  git -C "$run_dir/clone" fetch -q origin
  git -C "$run_dir/clone" reset -q --hard FETCH_HEAD
  write_php "$run_dir/clone" "$label"
  git -C "$run_dir/clone" add index.php
  git -C "$run_dir/clone" -c user.name=Bench -c user.email=bench@example.org commit -q -m "$label"
  t0=$(now)
  git -C "$run_dir/clone" push -q origin HEAD:main >"$run_dir/git-push-$i.log" 2>&1 &
  push_pid=$!
  if ! wait_serving "$url" "$(expected_body "$label")" 60; then
    wait "$push_pid" || echo "git push failed."
    echo "git push output:"; cat "$run_dir/git-push-$i.log"
    echo "portal log (push/deploy lines):"; grep -iE 'push|deploy|activat|fail|error' "$run_dir/portal/portal.log" | tail -20
    exit 1
  fi
  t1=$(now)
  wait "$push_pid" || { echo "git push failed:"; cat "$run_dir/git-push-$i.log"; exit 1; }
  push_times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')")
  wait_settled 2 120
done
say "git push ${push_times[*]} s; ZIP upload + activate ${upload_times[*]} s"

# ---------------------------------------------------------------- report
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
rate() { awk -v r="$(figure "$1" requests)" -v d="$(figure "$1" duration_us)" 'BEGIN { printf "%.0f", r / (d / 1e6) }'; }
unanswered() { echo $(( $(figure "$1" sent) - $(figure "$1" requests) )); }
failed() { echo $(( $(figure "$1" non2xx) + $(figure "$1" socket_errors) )); }
sum_figure() { local total=0 n; for n in "${@:2}"; do total=$(( total + $(figure "$n" "$1") )); done; echo "$total"; }
sum_seconds() { awk -v a="$(sum_figure duration_us "$@")" 'BEGIN { print a / 1e6 }'; }

steady_p99="$(figure steady p99_us)"
all_ok=1
echo
echo "Load: wrk -t$THREADS -c$CONNECTIONS --timeout 2s, $( ((PACE_MS > 0)) && echo "each connection paced ${PACE_MS} ms between requests (wrk delay())" || echo "closed loop" ); change phases ${CHANGE_SECONDS} s, change triggered after ${TRIGGER_AFTER} s."
printf '%-34s %9s %7s %8s %9s %9s %9s %8s %9s  %s\n' phase requests failed "req/s" "p50 ms" "p99 ms" "max ms" "p99/std" "change s" "unanswered; bodies v1/v2/other; socket errors"
for name in steady activate add remove; do
  case "$name" in
    steady) title="steady (2 nodes, 1 backend)";; activate) title="a. activate the other version";;
    add) title="b. add 2 backends";; remove) title="c. remove 2 backends";;
  esac
  ratio="$(awk -v a="$(figure "$name" p99_us)" -v b="$steady_p99" 'BEGIN { printf "%.2f", a / b }')"
  change="${change_seconds[$name]:--}"
  [[ "${within_load[$name]:-yes}" == NO ]] && change="$change (!)"
  printf '%-34s %9s %7s %8s %9s %9s %9s %8s %9s  %s\n' "$title" "$(figure "$name" requests)" "$(failed "$name")" "$(rate "$name")" \
    "$(ms "$(figure "$name" p50_us)")" "$(ms "$(figure "$name" p99_us)")" "$(ms "$(figure "$name" max_us)")" \
    "$([[ $name == steady ]] && echo 1.00 || echo "$ratio")" "$change" \
    "$(unanswered "$name"); $(figure "$name" body_v1)/$(figure "$name" body_v2)/$(figure "$name" body_other); $(figure "$name" socket_detail)"
done
for name in direct-1 proxy-1 direct-2 proxy-2; do
  printf '%-34s %9s %7s %8s %9s %9s %9s\n' "throughput: $name (closed loop)" "$(figure "$name" requests)" "$(failed "$name")" "$(rate "$name")" \
    "$(ms "$(figure "$name" p50_us)")" "$(ms "$(figure "$name" p99_us)")" "$(ms "$(figure "$name" max_us)")"
done
echo "failed = non-2xx + wrk socket errors. unanswered = requests sent − responses received (up to $CONNECTIONS may be in flight when wrk"
echo "stops): a read error with nothing unanswered is a keep-alive connection the server closed while idle, no request lost."
[[ " ${within_load[*]} " == *NO* ]] && echo "(!) the change settled after its load run ended: the run did not span the whole change (raise CHANGE_SECONDS)."

direct_rate="$(awk -v r="$(sum_figure requests direct-1 direct-2)" -v s="$(sum_seconds direct-1 direct-2)" 'BEGIN { printf "%.0f", r / s }')"
proxy_rate="$(awk -v r="$(sum_figure requests proxy-1 proxy-2)" -v s="$(sum_seconds proxy-1 proxy-2)" 'BEGIN { printf "%.0f", r / s }')"
throughput_ratio="$(awk -v a="$proxy_rate" -v b="$direct_rate" 'BEGIN { printf "%.2f", a / b }')"
push_median="$(median "${push_times[@]}")"
upload_median="$(median "${upload_times[@]}")"
push_ratio="$(awk -v a="$push_median" -v b="$upload_median" 'BEGIN { printf "%.2f", a / b }')"
echo
printf '%-58s %12s %12s %7s  %s\n' measure value baseline ratio target
printf '%-58s %12s %12s %7s  %s\n' "throughput via proxy vs web node :8080 direct (req/s)" "$proxy_rate" "$direct_rate" "$throughput_ratio" "≥ 0.85"
for name in activate add remove; do
  printf '%-58s %12s %12s %7s  %s\n' "p99 during '$name' vs steady (ms)" "$(ms "$(figure "$name" p99_us)")" "$(ms "$steady_p99")" \
    "$(awk -v a="$(figure "$name" p99_us)" -v b="$steady_p99" 'BEGIN { printf "%.2f", a / b }')" "≤ 2"
done
printf '%-58s %12s %12s %7s  %s\n' "git push → serving, median of $PUSHES (s) vs ZIP upload+activate" "$push_median" "$upload_median" "$push_ratio" "< 3 s"
echo "  pushes: ${push_times[*]} s; uploads: ${upload_times[*]} s"
echo

verdict() { # ok? text
  if [[ "$1" == 1 ]]; then echo "MET      $2"; else echo "NOT MET  $2"; all_ok=0; fi
}
for name in steady activate add remove direct-1 proxy-1 direct-2 proxy-2; do
  verdict "$([[ $(failed "$name") == 0 ]] && echo 1 || echo 0)" "0 failed requests in '$name' ($(failed "$name"))"
done
for name in steady activate add remove; do
  verdict "$(awk -v r="$(rate "$name")" 'BEGIN { print (r >= 200) ? 1 : 0 }')" "≥ 200 req/s for the whole '$name' phase ($(rate "$name") req/s)"
done
for name in activate add remove; do
  verdict "$(awk -v a="$(figure "$name" p99_us)" -v b="$steady_p99" 'BEGIN { print (a <= 2 * b) ? 1 : 0 }')" \
    "p99 during '$name' ≤ 2× steady p99 ($(awk -v a="$(figure "$name" p99_us)" -v b="$steady_p99" 'BEGIN { printf "%.2f", a / b }')×)"
  verdict "$([[ "${within_load[$name]}" == yes ]] && echo 1 || echo 0)" "the '$name' load run spanned the whole change (${change_seconds[$name]} s)"
done
verdict "$(awk -v r="$throughput_ratio" 'BEGIN { print (r >= 0.85) ? 1 : 0 }')" "proxy throughput ≥ 0.85× direct (${throughput_ratio}×)"
verdict "$(awk -v m="$push_median" 'BEGIN { print (m < 3) ? 1 : 0 }')" "git push → serving < 3 s (median ${push_median} s)"
say "done; machine load average now $(cut -d' ' -f1-3 /proc/loadavg) (2 shared cores: figures are noisy)"
((all_ok)) || echo "Some targets were not met (see above)."
