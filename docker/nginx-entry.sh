#!/bin/sh
# The nginx container: renders the template (nginx/render.sh) for the
# container's paths and runs nginx in the foreground.  Workers run as
# www-data, which the program's socket group (zelftest-web) includes.
set -eu
export ZELFTEST_LISTEN=0.0.0.0 ZELFTEST_PORT=8080
nginx_conf=/etc/nginx/zelftest
/etc/zelftest/nginx/render.sh "$nginx_conf"
nginx -t -q -c "$nginx_conf/zelftest.conf"
exec nginx -c "$nginx_conf/zelftest.conf" -g 'daemon off;'
