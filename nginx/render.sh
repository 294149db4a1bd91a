#!/bin/sh
# Renders the nginx configuration (zelftest.conf.in and the includes beside
# this script) into OUT for an nginx started by a service unit
# (ops/systemd/zelftest-nginx.service) or in a container (docker/); make run
# renders the same template in scripts/stack.sh.
#
#   render.sh OUT
#
# Settings from the environment (default):
#   ZELFTEST_LISTEN           address to listen on (127.0.0.1)
#   ZELFTEST_PORT             port (8080)
#   ZELFTEST_SOCKET           the program's socket (/run/zelftest/zelftest.sock)
#   ZELFTEST_WEB_ROOT         the pages (/srv/zelftest/web)
#   ZELFTEST_TRUSTED_PROXIES  comma-separated CIDRs of reverse proxies in front (none)
#   ZT_NGINX_STATE            temporary files and the pid file (/var/lib/zelftest-nginx)
#   ZT_NGINX_ACCESS_LOG       access log file (/dev/stdout)
#   ZT_NGINX_USER             user of the worker processes (www-data)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: render.sh OUT}
state=${ZT_NGINX_STATE:-/var/lib/zelftest-nginx}
user=${ZT_NGINX_USER:-www-data}
mkdir -p "$out" "$state/run" "$state/log" "$state/nginx/body" "$state/nginx/fastcgi" \
         "$state/nginx/proxy" "$state/nginx/uwsgi" "$state/nginx/scgi"
chown -R "$user" "$state/nginx" 2>/dev/null || true
real_ip=""
for cidr in $(printf '%s' "${ZELFTEST_TRUSTED_PROXIES:-}" | tr ',' ' '); do
  case "$cidr" in
  *[!0-9A-Fa-f:./]*) echo "ZELFTEST_TRUSTED_PROXIES: '$cidr' is not an address or CIDR" >&2; exit 1 ;;
  esac
  real_ip="$real_ip    set_real_ip_from $cidr;\n"
done
[ -n "$real_ip" ] && real_ip="$real_ip    real_ip_header X-Forwarded-For;\n    real_ip_recursive on;\n"
for f in "$here"/*.conf "$here"/zelftest.conf.in; do
  sed -e "s|@VAR@|$state|g" -e "s|@CONF@|$out|g" -e "s|@WEB@|${ZELFTEST_WEB_ROOT:-/srv/zelftest/web}|g" \
      -e "s|@SOCKET@|${ZELFTEST_SOCKET:-/run/zelftest/zelftest.sock}|g" -e "s|@PORT@|${ZELFTEST_PORT:-8080}|g" \
      -e "s|@LISTEN@|${ZELFTEST_LISTEN:-127.0.0.1}|g" -e "s|@USER_LINE@|user $user;|g" \
      -e "s|@KEEP_CONN@||g" -e "s|@UPSTREAM_KEEPALIVE@||g" \
      -e "s|@ACCESS_LOG@|${ZT_NGINX_ACCESS_LOG:-/dev/stdout} zelftest|g" -e "s|@REAL_IP@|$real_ip|g" \
      -e "s|^error_log .*|error_log stderr warn;|" \
      "$f" > "$out/$(basename "${f%.in}")"
done
