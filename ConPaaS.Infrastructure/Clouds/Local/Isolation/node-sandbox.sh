#!/usr/bin/env bash
# Makes a local node an isolated machine, or takes one apart. Run as root by the local cloud, never by hand.
#
#   node-sandbox.sh start -- PROGRAM ARGS...   sets up the node, then becomes its sandbox running PROGRAM
#   node-sandbox.sh stop                       ends every process of the node and removes what start made
#   node-sandbox.sh network                    makes the cloud's bridge, before any address of it is called
#   node-sandbox.sh fence                      routes the cloud's network to "unreachable" while no bridge serves it
#
# Everything else comes in the environment (CPS_*), written by NodeSandbox.cs. A node is:
#   - a cgroup per controller (conpaas/<name>): CPU quota, memory limit, process limit; every process of the
#     node is in it, so stop can end them all however they were started;
#   - a network namespace with one veth pair into the cloud's bridge, an address on the cloud's private network,
#     and unprivileged ports from 0 (so the node's own user can serve port 80);
#   - a bubblewrap sandbox: its own pid, IPC and UTS namespaces, a root made of the system's read-only folders,
#     the node's folder (and its service's shared folder) read-write, private /tmp, /run and /var, no /sys,
#     no environment from the portal, and only the capabilities the agent needs to run its roles.
set -euo pipefail

verb=${1:?start or stop}
shift

cgroup_root=/sys/fs/cgroup
cgroup_v2=false
[ -f "$cgroup_root/cgroup.controllers" ] && cgroup_v2=true
controllers=(cpu memory pids)

cgroup_dirs() {
  if $cgroup_v2; then
    echo "$cgroup_root/conpaas/$CPS_CGROUP"
  else
    for controller in "${controllers[@]}"; do
      [ -d "$cgroup_root/$controller" ] && echo "$cgroup_root/$controller/conpaas/$CPS_CGROUP"
    done
  fi
  return 0
}

make_cgroups() {
  if $cgroup_v2; then
    mkdir -p "$cgroup_root/conpaas"
    echo "+cpu +memory +pids" > "$cgroup_root/cgroup.subtree_control" 2>/dev/null || true
    echo "+cpu +memory +pids" > "$cgroup_root/conpaas/cgroup.subtree_control" 2>/dev/null || true
    local dir="$cgroup_root/conpaas/$CPS_CGROUP"
    mkdir -p "$dir"
    if [ "$CPS_CPU_QUOTA_US" -gt 0 ]; then echo "$CPS_CPU_QUOTA_US 100000" > "$dir/cpu.max"; fi
    if [ "$CPS_MEMORY_BYTES" -gt 0 ]; then echo "$CPS_MEMORY_BYTES" > "$dir/memory.max"; fi
    echo "$CPS_MAX_PROCESSES" > "$dir/pids.max"
    echo $$ > "$dir/cgroup.procs"
    return
  fi
  local base
  for controller in "${controllers[@]}"; do
    base="$cgroup_root/$controller"
    [ -d "$base" ] || { [ "$controller" = pids ] && continue; echo "cgroup controller $controller is not mounted at $base" >&2; exit 3; }
    mkdir -p "$base/conpaas/$CPS_CGROUP"
  done
  echo 100000 > "$cgroup_root/cpu/conpaas/$CPS_CGROUP/cpu.cfs_period_us"
  echo "$CPS_CPU_QUOTA_US" > "$cgroup_root/cpu/conpaas/$CPS_CGROUP/cpu.cfs_quota_us"
  if [ "$CPS_MEMORY_BYTES" -gt 0 ]; then
    echo "$CPS_MEMORY_BYTES" > "$cgroup_root/memory/conpaas/$CPS_CGROUP/memory.limit_in_bytes"
  fi
  if [ -d "$cgroup_root/pids" ]; then
    echo "$CPS_MAX_PROCESSES" > "$cgroup_root/pids/conpaas/$CPS_CGROUP/pids.max"
  fi
  for dir in $(cgroup_dirs); do echo $$ > "$dir/cgroup.procs"; done
}

# Every process of the node, by its cgroup: the agent, the servers it started, and anything they left behind.
node_pids() {
  local dir
  for dir in $(cgroup_dirs); do
    [ -f "$dir/cgroup.procs" ] && cat "$dir/cgroup.procs"
  done | sort -u
  return 0
}

kill_node_processes() {
  local pids
  for _ in $(seq 1 100); do
    pids=$(node_pids)
    [ -z "$pids" ] && return 0
    # shellcheck disable=SC2086 # one pid a word
    kill -KILL $pids 2>/dev/null || true
    sleep 0.05
  done
  echo "processes of node $CPS_NODE_ID survived SIGKILL: $(node_pids | tr '\n' ' ')" >&2
  return 1
}

remove_cgroups() {
  local dir
  for dir in $(cgroup_dirs); do
    [ -d "$dir" ] && rmdir "$dir" 2>/dev/null || true
  done
  return 0
}

with_network_lock() {
  exec 9>/run/conpaas-local-network.lock
  flock 9
  "$@"
  flock -u 9
  exec 9>&-
}

make_bridge() {
  if ! ip link show "$CPS_BRIDGE" >/dev/null 2>&1; then
    ip link add "$CPS_BRIDGE" type bridge
    ip addr add "$CPS_GATEWAY/$CPS_PREFIX_LENGTH" dev "$CPS_BRIDGE"
    ip link set "$CPS_BRIDGE" up
  fi
  # Nodes answer the host but may not open connections to it: whatever listens on the host's other addresses
  # (a portal on 0.0.0.0, sshd) is not theirs to reach. Traffic between nodes is bridged and not affected.
  if command -v iptables >/dev/null; then
    iptables -C INPUT -i "$CPS_BRIDGE" -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT 2>/dev/null \
      || iptables -I INPUT 1 -i "$CPS_BRIDGE" -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
    iptables -C INPUT -i "$CPS_BRIDGE" -j DROP 2>/dev/null || iptables -A INPUT -i "$CPS_BRIDGE" -j DROP
  fi
}

# Under the network lock, so that a stop removing the last node's bridge cannot come between the two.
attach_to_bridge() {
  make_bridge
  ip link set "$CPS_VETH" master "$CPS_BRIDGE" up
}

remove_bridge_when_unused() {
  ip link show "$CPS_BRIDGE" >/dev/null 2>&1 || return 0
  [ -z "$(ls "/sys/class/net/$CPS_BRIDGE/brif" 2>/dev/null)" ] || return 0
  ip link del "$CPS_BRIDGE" 2>/dev/null || true
  fence
  if command -v iptables >/dev/null; then
    iptables -D INPUT -i "$CPS_BRIDGE" -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT 2>/dev/null || true
    iptables -D INPUT -i "$CPS_BRIDGE" -j DROP 2>/dev/null || true
  fi
}

remove_network() {
  ip netns del "$CPS_NETNS" 2>/dev/null || true
  ip link del "$CPS_VETH" 2>/dev/null || true
}

make_network() {
  # The cloud made the namespace when it claimed the address; a leftover veth of a node that died is removed.
  [ -e "/run/netns/$CPS_NETNS" ] || ip netns add "$CPS_NETNS"
  ip link del "$CPS_VETH" 2>/dev/null || true
  ip link add "$CPS_VETH" type veth peer name eth0 netns "$CPS_NETNS"
  with_network_lock attach_to_bridge
  ip -n "$CPS_NETNS" addr add "$CPS_ADDRESS/$CPS_PREFIX_LENGTH" dev eth0
  ip -n "$CPS_NETNS" link set lo up
  ip -n "$CPS_NETNS" link set eth0 up
  ip -n "$CPS_NETNS" route add default via "$CPS_GATEWAY"
  nsenter --net="/run/netns/$CPS_NETNS" sysctl -qw net.ipv4.ip_unprivileged_port_start=0
  # An earlier node of this address had another MAC: the host must not keep sending to it until its entry expires.
  ip neigh flush to "$CPS_ADDRESS" 2>/dev/null || true
}

# /bin, /lib, ... are links into /usr on a merged-/usr system and folders elsewhere: mirror whichever they are.
system_mounts() {
  local top
  echo --ro-bind /usr /usr
  for top in /bin /sbin /lib /lib32 /lib64 /libx32; do
    if [ -L "$top" ]; then echo --symlink "$(readlink "$top")" "$top"
    elif [ -d "$top" ]; then echo --ro-bind "$top" "$top"
    fi
  done
  echo --ro-bind /etc /etc
}

# bubblewrap makes the folders above a bind mount with their owner's modes: a data folder under a 0700 parent
# (/root, a mktemp folder) would shut the node's user out of its own folder. Each such folder is made first, 0755
# and empty but for the path down: nothing of the host's folder is visible through it.
declare -A opened=()
open_parents() {
  local path=$1 parent=""
  local part
  IFS=/ read -r -a parts <<<"${path#/}"
  for part in "${parts[@]:0:${#parts[@]}-1}"; do
    parent="$parent/$part"
    case "$parent" in
      /usr|/usr/*|/etc|/etc/*|/bin|/sbin|/lib|/lib32|/lib64|/libx32|/proc|/proc/*|/dev|/dev/*|/tmp|/run|/var) continue ;;
    esac
    [ -n "${opened[$parent]:-}" ] && continue
    opened[$parent]=1
    args+=(--perms 0755 --dir "$parent")
  done
}

start() {
  [ "${1:-}" = "--" ] && shift
  make_cgroups
  make_network
  local args=()
  read -r -a args <<<"$(system_mounts | tr '\n' ' ')"
  args+=(--ro-bind "$CPS_ETC_DIRECTORY/passwd" /etc/passwd --ro-bind "$CPS_ETC_DIRECTORY/group" /etc/group)
  # /tmp and /var/tmp as on any machine: everyone's, sticky. /run and /var are root's.
  args+=(--proc /proc --dev /dev --perms 1777 --tmpfs /tmp --tmpfs /run --tmpfs /var --perms 1777 --dir /var/tmp --dir /var/log)
  open_parents "$CPS_NODE_DIRECTORY"
  args+=(--bind "$CPS_NODE_DIRECTORY" "$CPS_NODE_DIRECTORY")
  local directory
  while IFS= read -r directory; do
    [ -n "$directory" ] && { open_parents "$directory"; args+=(--ro-bind "$directory" "$directory"); }
  done <<<"$CPS_READ_ONLY_DIRECTORIES"
  while IFS= read -r directory; do
    [ -n "$directory" ] && { open_parents "$directory"; args+=(--bind "$directory" "$directory"); }
  done <<<"$CPS_SHARED_DIRECTORIES"
  [ -e /dev/fuse ] && args+=(--dev-bind /dev/fuse /dev/fuse)
  args+=(--unshare-pid --unshare-ipc --unshare-uts --unshare-cgroup-try --hostname "$CPS_HOSTNAME" --new-session)
  args+=(--cap-drop ALL)
  local capability
  for capability in $CPS_CAPABILITIES; do args+=(--cap-add "$capability"); done
  args+=(--clearenv --setenv PATH /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --setenv LANG C.UTF-8)
  args+=(--setenv HOME "$CPS_NODE_DIRECTORY" --setenv TMPDIR /tmp)
  [ -n "${CPS_DOTNET_HEAP_LIMIT:-}" ] && args+=(--setenv DOTNET_GCHeapHardLimit "$CPS_DOTNET_HEAP_LIMIT")
  args+=(--chdir "$CPS_NODE_DIRECTORY")
  exec nsenter --net="/run/netns/$CPS_NETNS" bwrap "${args[@]}" -- "$@"
}

stop() {
  kill_node_processes || true
  remove_cgroups
  remove_network
  with_network_lock remove_bridge_when_unused
}

# Nothing addressed to the cloud's network may ever leave this host: without its bridge, the route for it is
# "unreachable" (a high metric, so the bridge's own route wins whenever the bridge exists).
fence() {
  ip route replace unreachable "$CPS_NETWORK/$CPS_PREFIX_LENGTH" metric 4242
}

case "$verb" in
  start) start "$@" ;;
  stop) stop ;;
  network) fence; with_network_lock make_bridge ;;
  fence) fence ;;
  *) echo "unknown verb $verb" >&2; exit 2 ;;
esac
