#!/bin/bash
# Turns the machine it runs on (a fresh Debian 13 / Ubuntu VM, as root) into a ready ConPaaS node image: the
# .NET runtime, the packages the service roles use, and the agent build of your portal with its checksum.
# Nodes started from the snapshot of this machine skip every download, so their bootstrap takes seconds.
#
#   sudo ./build-node-image.sh https://portal.example.org/agent/conpaas-agent.tar.gz
#
# Then snapshot the machine (EC2: "Create image"; OpenNebula: "Save as" of its disk) and set the cloud's
# ImageId (EC2) or the DISK of its Template (OpenNebula) to the new image. Run it again, and snapshot again,
# after upgrading the portal: the node then fetches the new agent itself, which works but costs time.
#
# Options: --skip-packages (only the agent; for tests and for images that already hold the packages).
# Environment: CONPAAS_ROOT (default /opt/conpaas), the same folder the user-data uses.
set -euo pipefail

skip_packages=0
agent_url=""
for argument in "$@"; do
  case "$argument" in
    --skip-packages) skip_packages=1 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) agent_url="$argument" ;;
  esac
done
if [ -z "$agent_url" ]; then
  echo "usage: $0 [--skip-packages] <agent package URL, e.g. https://portal/agent/conpaas-agent.tar.gz>" >&2
  exit 2
fi
root="${CONPAAS_ROOT:-/opt/conpaas}"

if [ "$skip_packages" = 0 ]; then
  # The runtime (Ubuntu's archive ships it; on Debian add Microsoft's package feed first) and the packages
  # of the php, mysql and taskfarm roles, the same ones scripts/install-prerequisites.sh gives the local cloud.
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    aspnetcore-runtime-10.0 curl ca-certificates git nginx-light php-fpm php-mysql php-gd php-mbstring php-xml \
    php-curl php-zip php-intl mariadb-server mariadb-client
  # The roles start these themselves, with their own configuration.
  systemctl disable --now nginx php*-fpm mariadb 2>/dev/null || true
fi

mkdir -p "$root"
curl -fsS --retry 5 -o "$root/agent.tar.gz" "$agent_url"
sha256=$(sha256sum "$root/agent.tar.gz" | cut -d' ' -f1)
rm -rf "$root/agent" && mkdir -p "$root/agent"
tar -xzf "$root/agent.tar.gz" -C "$root/agent"
rm -f "$root/agent.tar.gz"
# The user-data compares this with the checksum of the portal's current agent: equal means no download.
echo "$sha256" > "$root/agent/.sha256"

# A node's identity comes with its own user-data: the image must hold none.
rm -rf "$root/node"
if [ "$skip_packages" = 0 ] && command -v cloud-init >/dev/null; then
  cloud-init clean --logs # so that the snapshot's first boot runs its user-data again
fi
echo "Ready: agent $sha256 in $root/agent. Snapshot this machine now."
