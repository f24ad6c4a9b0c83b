#!/usr/bin/env bash
# Installs the Debian packages ConPaaS needs, only those missing, so a second run costs nothing.
#   scripts/install-prerequisites.sh portal   what a running portal and its local-cloud nodes use
#   scripts/install-prerequisites.sh tests    that, plus what the tests drive (a real browser)
set -euo pipefail

# Local-cloud nodes run these as real servers: php (nginx + php-fpm) and mysql (MariaDB) services.
# Local-cloud nodes are isolated with namespaces, cgroups and bubblewrap; iptables keeps them off the host's ports.
portal_packages=(git ca-certificates bubblewrap util-linux iproute2 iptables nginx-light php-fpm php-mysql php-gd php-mbstring php-xml php-curl php-zip php-intl mariadb-server mariadb-client)
portal_packages+=(python3-numpy python3-scipy) # the TaskFarm example bag (examples/taskfarm)
portal_packages+=(adminer) # the adminer template (manifests/adminer/pack.sh packs it)
test_packages=(chromium)

case "${1:-portal}" in
  portal) wanted=("${portal_packages[@]}") ;;
  tests) wanted=("${portal_packages[@]}" "${test_packages[@]}") ;;
  *) echo "usage: $0 portal|tests" >&2; exit 2 ;;
esac

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "Installing ${missing[*]} needs root: run as root or install sudo." >&2; exit 1; }
  sudo="sudo"
fi
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
