#!/usr/bin/env bash
# Builds every image the stack needs without an image registry:
#
#   debian:12         a minbase debootstrap of bookworm from the host's own
#                     Debian mirror, imported (cached in $ZELFTEST_IMAGE_CACHE,
#                     default /var/cache/zelftest-images, outside the clone)
#   zelftest-redis    Debian's redis-server on that base   (docker/redis.Dockerfile)
#   zelftest-nginx    Debian's nginx on that base           (docker/nginx.Dockerfile)
#   zelftest          the program                            (docker/Dockerfile)
#
#   images.sh            build the images (the engine's layer cache keeps unchanged steps)
#   images.sh --fresh    a new debootstrap and no layer cache
# Prints how long each step took.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/docker/engine.sh"
E=$ZT_ENGINE
fresh=0
[ "${1:-}" = --fresh ] && fresh=1

say() { printf 'images: %s\n' "$*" >&2; }
has_image() { "$E" image inspect "$1" >/dev/null 2>&1; }
timed() { # what command...
  local what=$1 t0=$SECONDS; shift
  "$@"
  say "$what: $((SECONDS - t0)) s"
}

# The Debian mirror apt on this host uses (deb822 or one-line sources).
mirror() {
  local m
  m=$(awk '/^URIs:/ {u=$2} /^Suites:/ && /bookworm( |$)/ && u !~ /security/ {print u; exit}' \
        /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$m" ] || m=$(awk '$1=="deb" && $3=="bookworm" {print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)
  echo "${m:-http://deb.debian.org/debian}"
}

base_tar=$ZT_CACHE/bookworm-minbase.tar
debootstrap_base() {
  command -v debootstrap >/dev/null || { say "debootstrap is missing (scripts/deps.sh docker)"; exit 1; }
  local root
  root=$(mktemp -d "$ZT_CACHE/rootfs.XXXXXX")
  # shellcheck disable=SC2064
  trap "rm -rf '$root'" RETURN
  debootstrap --variant=minbase bookworm "$root" "$(mirror)" >"$ZT_CACHE/debootstrap.log" 2>&1 || {
    tail -n 20 "$ZT_CACHE/debootstrap.log" >&2; exit 1; }
  # what an image needs and a rootfs made by debootstrap has too much of
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/tmp/* \
         "$root"/dev/* "$root"/proc/* "$root"/sys/* "$root"/run/*
  tar -C "$root" --numeric-owner -cf "$base_tar.new" .
  mv "$base_tar.new" "$base_tar"
}

if [ $fresh = 1 ] || [ ! -s "$base_tar" ]; then
  timed "debootstrap bookworm (minbase)" debootstrap_base
fi
if [ $fresh = 1 ] || ! has_image docker.io/library/debian:12; then
  timed "import debian:12" "$E" import --change 'CMD ["/bin/bash"]' "$base_tar" docker.io/library/debian:12 >/dev/null
fi

build() { # tag dockerfile
  local nocache=()
  [ $fresh = 1 ] && nocache=(--no-cache)
  # --network host: apt inside the build reaches the mirror exactly as the host does
  "$E" build --network host --pull=never "${nocache[@]}" -q -t "$1" -f "$top/$2" "$top" >/dev/null
}
timed "image zelftest-redis" build localhost/zelftest-redis:latest docker/redis.Dockerfile
timed "image zelftest-nginx" build localhost/zelftest-nginx:latest docker/nginx.Dockerfile
timed "image zelftest" build localhost/zelftest:latest docker/Dockerfile
# layers of earlier builds that no image uses any more; the last day's stay as
# the build cache (the program's build stage is among them)
"$E" image prune -f --filter until=24h >/dev/null 2>&1 || true
