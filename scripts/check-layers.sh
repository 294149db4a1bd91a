#!/usr/bin/env bash
# Fails when an #include in fcgi/ breaks the layer table (README, "Module map"):
#
#   layer    may include (project)                    may include (libraries)
#   util     util                                     libc; libsodium in util/secure.c only
#   domain   domain                                   libc, jansson
#   http     http, util                               libc, jansson, libfcgi
#   store    store, domain, util                      libc, jansson, hiredis
#   content  content, domain, util                    libc, jansson, libmaxminddb
#   mail     mail, domain, store, content, util                libc, jansson, libcurl
#   api      api, domain, store, content, mail, util, http/req.h and http/route.h (never http/server.h)
#                                                     libc, jansson, hiredis (replies)
#   admin    admin, content, domain, store, util       libc, jansson
#   main.c   anything
#
#   check-layers.sh              check fcgi/
#   check-layers.sh --self-test  show that it fails on each kind of violation (make test)
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = --self-test ]; then
  # a copy of the tree with one violation at a time: each must be caught
  violations=(
    'fcgi/api/health.c|#include "http/server.h"'
    'fcgi/domain/score.c|#include "store/store.h"'
    'fcgi/domain/score.c|#include <hiredis/hiredis.h>'
    'fcgi/content/geo.c|#include <fcgiapp.h>'
    'fcgi/util/log.c|#include "domain/lang.h"'
    'fcgi/store/store.c|#include <sodium.h>'
    'fcgi/http/req.c|#include "api/api.h"'
    'fcgi/api/api.c|#include "util.h"'
    'fcgi/admin/admin.c|#include "api/api.h"'
    'fcgi/admin/admin.c|#include <fcgiapp.h>'
  )
  for v in "${violations[@]}"; do
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/scripts" && cp -r fcgi "$tmp/" && cp "$0" "$tmp/scripts/"
    printf '%s\n' "${v#*|}" >> "$tmp/${v%%|*}"
    if "$tmp/scripts/check-layers.sh" >/dev/null 2>&1; then
      echo "check-layers self-test: '${v#*|}' in ${v%%|*} was not caught" >&2
      exit 1
    fi
    rm -rf "$tmp"
  done
  echo "check-layers self-test: all ${#violations[@]} kinds of violation are caught"
  exit 0
fi

declare -A allow=(
  [util]="util"
  [domain]="domain"
  [http]="http util"
  [store]="store domain util"
  [content]="content domain util"
  [mail]="mail domain store content util"
  [api]="api domain store content mail util http/req.h http/route.h"
  [admin]="admin content domain store util"
)
# third-party headers and the only layers (or files) that may use them
declare -A libs=(
  [fcgiapp.h]="http"
  [fcgi_stdio.h]=""
  [hiredis/hiredis.h]="store api"
  [hiredis/sds.h]="store"
  [maxminddb.h]="content"
  [sodium.h]="util/secure.c"
  [jansson.h]="domain http store content mail api admin"
  [curl/curl.h]="mail"
)

bad=0
report() { echo "check-layers: $1" >&2; bad=1; }

for f in fcgi/*/*.[ch]; do
  layer=${f#fcgi/}; layer=${layer%%/*}
  [ -n "${allow[$layer]+x}" ] || { report "$f: folder '$layer' is not a layer of the table"; continue; }
  while IFS= read -r line; do
    if [[ $line =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\"([^\"]+)\" ]]; then
      inc=${BASH_REMATCH[1]}
      [[ $inc == */* ]] || { report "$f: #include \"$inc\" does not name its folder"; continue; }
      ok=0
      for a in ${allow[$layer]}; do
        [[ $inc == "$a"/* || $inc == "$a" ]] && ok=1
      done
      [ $ok = 1 ] || report "$f: a $layer file may not include \"$inc\""
    elif [[ $line =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\<([^\>]+)\> ]]; then
      inc=${BASH_REMATCH[1]}
      [ -n "${libs[$inc]+x}" ] || continue # libc and POSIX
      ok=0
      for a in ${libs[$inc]}; do
        [[ $a == "$layer" || $a == "${f#fcgi/}" ]] && ok=1
      done
      [ $ok = 1 ] || report "$f: a $layer file may not include <$inc>"
    fi
  done < "$f"
done
# the files of each layer: one concept per .c/.h pair, named as their functions' prefix
for f in fcgi/*.c; do
  [ "$f" = fcgi/main.c ] || report "$f: only main.c lives at the top of fcgi/"
done
[ $bad = 0 ] && echo "check-layers: every #include keeps to the layer table"
exit $bad
