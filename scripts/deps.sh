#!/usr/bin/env bash
# Installs the Debian 12 packages a target needs, only those missing.
#   deps.sh build   compiler and libraries
#   deps.sh run     + redis-server and nginx
#   deps.sh test    + cmocka, wrk, chromium, node/npm, the MMDB writer for GeoIP tests, clang (fuzzing),
#                   prometheus (a real scrape of /metrics, promtool for the alert rules),
#                   systemd (systemd-analyze verify of ops/systemd/)
#   deps.sh docker  rootful podman with runc, podman-compose, debootstrap (make test-docker)
set -euo pipefail

build=(build-essential pkg-config libfcgi-dev libjansson-dev libhiredis-dev libmaxminddb-dev libsodium-dev
       libcurl4-openssl-dev tzdata)
run=(redis-server nginx curl python3-aiosmtpd)
test=(libcmocka-dev wrk chromium fonts-dejavu-core fonts-liberation libmaxmind-db-writer-perl
      clang libclang-rt-14-dev clang-format poppler-utils python3-icalendar openssl prometheus systemd)

docker=(podman runc podman-compose debootstrap containernetworking-plugins iptables uidmap
        slirp4netns fuse-overlayfs)

want=("${build[@]}")
case "${1:-build}" in
build) ;;
run) want+=("${run[@]}") ;;
test) want+=("${run[@]}" "${test[@]}") ;;
docker) want=("${docker[@]}") ;;
*) echo "deps.sh: unknown set '$1'" >&2; exit 2 ;;
esac
command -v node >/dev/null 2>&1 || want+=(nodejs)
command -v npm >/dev/null 2>&1 || want+=(npm)

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing packages: ${missing[*]}" >&2
  echo "Install them as root (apt-get install ${missing[*]}) or run make as root." >&2
  exit 1
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d keeps the packages' own services from starting: the stack runs its own
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
