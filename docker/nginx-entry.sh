#!/bin/bash
# The nginx container: renders the template (nginx/render.sh) for the
# container's paths and runs nginx in the foreground.  Workers run as
# www-data, which the program's socket group (zelftest-web) includes.
set -eu
export ZELFTEST_LISTEN=0.0.0.0 ZELFTEST_PORT=8080
nginx_conf=/etc/nginx/zelftest
/etc/zelftest/nginx/render.sh "$nginx_conf"
nginx -t -q -c "$nginx_conf/zelftest.conf"
# its error lines lose the client's address and the request on the way out
exec nginx -c "$nginx_conf/zelftest.conf" -e /dev/stderr -g 'daemon off;' \
  2> >(exec sed -u -E -f /etc/zelftest/nginx/redact-error-log.sed >&2)
