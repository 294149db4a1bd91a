#!/usr/bin/env bash
# Runs the whole stack from one folder of runtime files (default var/):
# a Redis for sessions, a Redis with AOF for durable data, the FastCGI
# program and nginx on 127.0.0.1:PORT.  Nothing listens on a public address;
# both Redis instances and the program use unix sockets under VAR/run.
#
#   stack.sh run   VAR PORT   start, print the URL, stay in the foreground; Ctrl-C stops all
#   stack.sh start VAR PORT   start and return once /healthz answers 200
#   stack.sh stop  VAR        stop what `start` started
#   stack.sh program VAR      start the program alone again, as the last start did
#
# ZELFTEST_* variables in the environment are passed to the program.
# ZELFTEST_MAIL_CATCHER=1 (make run/start, unless ZELFTEST_SMTP_URL is set):
# a local SMTP server on loopback that writes every mail into VAR/mail/.
# ZELFTEST_STACK_WATCH=<pid>: stop by itself when that process is gone (tests).
# ZELFTEST_SUPERVISE=1 (make run/start): restart whatever of the stack dies.
# ZELFTEST_NGINX_LIMITS=off: no per-address limits (nginx/limits.conf), for
# tests and benchmarks that play many clients from one address.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cmd=${1:-}
VAR=${2:-$top/var}
PORT=${3:-8080}
BIN=${ZELFTEST_BIN:-$top/build/zelftest}
# Runs a server in a process group of its own (same pid, same session): a
# Ctrl-C on the terminal then reaches only this script, which stops the
# servers in order (the program finishes the requests in flight) instead of
# all of them dying at once.  A new session (setsid) would do it too, but
# would also give each server its own scheduler autogroup.
OWN_GROUP=(perl -e 'setpgrp(0, 0) or die "setpgrp: $!\n"; exec { $ARGV[0] } @ARGV; die "cannot run $ARGV[0]: $!\n"')
mkdir -p "$VAR"
VAR=$(cd "$VAR" && pwd)
RUN=$VAR/run LOG=$VAR/log CONF=$VAR/nginx

say() { printf '%s\n' "$*" >&2; }

# A process that exited but was not reaped yet (a zombie) counts as gone.
alive() { [ -d "/proc/$1" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
pid_alive() { [ -f "$1" ] && alive "$(cat "$1")"; }

stop_one() { # pidfile name
  local f=$1 pid i
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    for i in $(seq 1 200); do alive "$pid" || break; sleep 0.05; done
    alive "$pid" && { say "$2 did not stop; killing it"; kill -KILL "$pid" 2>/dev/null || true; }
  fi
  rm -f "$f"
}

stop_all() {
  stop_one "$RUN/supervise.pid" supervisor
  stop_one "$RUN/watch.pid" watchdog
  stop_one "$RUN/nginx.pid" nginx
  stop_one "$RUN/zelftest.pid" zelftest
  stop_one "$RUN/mailcatcher.pid" "mail catcher"
  stop_one "$RUN/redis-durable.pid" "redis (durable)"
  stop_one "$RUN/redis-sessions.pid" "redis (sessions)"
}

redis_conf() { # name extra...
  local name=$1; shift
  mkdir -p "$VAR/redis-$name"
  {
    echo "port 0"
    echo "unixsocket $RUN/redis-$name.sock"
    echo "unixsocketperm 700"
    echo "daemonize no"
    echo "pidfile $RUN/redis-$name.pid.redis"
    echo "dir $VAR/redis-$name"
    echo "logfile $LOG/redis-$name.log"
    echo "save \"\""
    printf '%s\n' "$@"
  } > "$VAR/redis-$name.conf"
}

wait_for() { # what seconds command...
  local what=$1 secs=$2 i; shift 2
  for i in $(seq 1 $((secs * 20))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  say "$what did not come up in ${secs}s; see $LOG/"
  return 1
}

start_redis() { # name
  # every background process gets its own stdout/stderr: a caller that captures
  # ours (a test) must not wait on pipes these servers would hold open.
  "${OWN_GROUP[@]}" redis-server "$VAR/redis-$1.conf" </dev/null >>"$LOG/redis-$1.log" 2>&1 &
  echo $! > "$RUN/redis-$1.pid"
  wait_for "redis ($1)" 10 redis-cli -s "$RUN/redis-$1.sock" ping
}

# nginx's workers: www-data where it can reach the files, else the caller.
nginx_user() {
  if [ "$(id -u)" -eq 0 ] && id www-data >/dev/null 2>&1 &&
     runuser -u www-data -- test -r "$top/web/index.html" -a -x "$RUN" 2>/dev/null; then
    echo www-data
  else
    id -un
  fi
}

# Prints the registry file to use for `name` (networks, campaigns): VAR/registry/<name>.json,
# copied from questions/ when missing.  Says so when questions/ changed after the copy.
seed_registry() {
  local name=$1 src=$top/questions/$1.json dst=$VAR/registry/$1.json sum
  mkdir -p "$VAR/registry"
  sum=$(sha256sum < "$src" | cut -d' ' -f1)
  if [ ! -f "$dst" ]; then
    cp "$src" "$dst.new" && mv "$dst.new" "$dst"
    echo "$sum" > "$VAR/registry/.$name.seed"
  elif [ "$(cat "$VAR/registry/.$name.seed" 2>/dev/null)" != "$sum" ]; then
    say "note: questions/$name.json changed after $dst was copied from it; the program reads"
    say "      $dst (edit it with zelftest admin); remove it to start again from questions/"
  fi
  echo "$dst"
}

start_nginx() {
  # its error lines lose the client's address and the request on the way to the file
  "${OWN_GROUP[@]}" nginx -c "$CONF/zelftest.conf" -p "$CONF" -e /dev/stderr -g 'daemon off;' </dev/null \
    >>"$LOG/nginx-error.log" 2> >(exec sed -u -E -f "$top/nginx/redact-error-log.sed" >>"$LOG/nginx-error.log" 2>&1) &
  echo $! > "$RUN/nginx.pid.launch"
  # nginx writes its own pid file; use the launcher's pid until then
  mv "$RUN/nginx.pid.launch" "$RUN/nginx.pid"
}

# the program again, with the settings of the last start
start_program() {
  ( . "$RUN/program.env"; exec "${OWN_GROUP[@]}" "$BIN" </dev/null >>"$LOG/zelftest.log" 2>&1 ) &
  echo $! > "$RUN/zelftest.pid"
}

# ZELFTEST_SUPERVISE=1 (make run/start): whatever of the stack dies is started
# again, after 1 s, doubling to 30 s while it keeps dying (back to 1 s after a
# minute up); every restart is logged in LOG/supervisor.log with the reason.
supervise() {
  local name wait_s
  declare -A delay=() up=()
  local names=(redis-sessions redis-durable zelftest nginx)
  [ -f "$RUN/mailcatcher.pid" ] && names+=(mailcatcher)
  for name in "${names[@]}"; do delay[$name]=1; up[$name]=$SECONDS; done
  while sleep 1; do
    for name in "${names[@]}"; do
      if pid_alive "$RUN/$name.pid"; then
        (( SECONDS - up[$name] > 60 )) && delay[$name]=1
        continue
      fi
      wait_s=${delay[$name]}
      echo "$(date -u +%FT%TZ) supervisor: $name is gone (its log: $LOG/); starting it again in ${wait_s} s"
      # what it left behind in its process group (nginx's workers outlive a killed master)
      kill -KILL -- "-$(cat "$RUN/$name.pid")" 2>/dev/null || true
      sleep "$wait_s"
      case $name in
      redis-*) start_redis "${name#redis-}" || true ;;
      zelftest) start_program ;;
      nginx) start_nginx ;;
      mailcatcher)
        "${OWN_GROUP[@]}" /usr/bin/python3 "$top/scripts/mailcatcher.py" --dir "$VAR/mail" \
          --port "$(cat "$RUN/mailcatcher.port")" </dev/null >>"$LOG/mailcatcher.log" 2>&1 &
        echo $! > "$RUN/mailcatcher.pid" ;;
      esac
      up[$name]=$SECONDS
      delay[$name]=$(( wait_s * 2 > 30 ? 30 : wait_s * 2 ))
    done
  done
}

start_all() {
  if pid_alive "$RUN/zelftest.pid" || pid_alive "$RUN/nginx.pid"; then
    say "already running from $VAR (make stop first)"; exit 1
  fi
  stop_all
  [ -x "$BIN" ] || { say "$BIN is missing: run make build"; exit 1; }
  mkdir -p "$RUN" "$LOG" "$CONF"/{body,fastcgi,proxy,uwsgi,scgi}
  chmod 755 "$VAR" "$LOG"

  redis_conf sessions \
    "appendonly no" "maxmemory ${ZELFTEST_SESSIONS_MAXMEMORY:-512mb}" "maxmemory-policy volatile-ttl"
  # durable data: every write is on disk before the 201 leaves (appendfsync always);
  # a plain-text AOF (no RDB preamble), so a check for erased data can read it
  # noeviction: when full it refuses writes (the program answers 503) and never drops a referral
  redis_conf durable \
    "appendonly yes" "appendfsync always" "appenddirname appendonly" "aof-use-rdb-preamble no" \
    "maxmemory ${ZELFTEST_DURABLE_MAXMEMORY:-1gb}" "maxmemory-policy noeviction"
  start_redis sessions
  start_redis durable

  local user group
  user=$(nginx_user)
  group=$(id -gn "$user")
  # the socket directory: the program and nginx's workers only
  chown "root:$group" "$RUN" 2>/dev/null || true
  chmod 750 "$RUN"

  # The registries the program reads and `zelftest admin` edits: the caller's own
  # (ZELFTEST_NETWORKS, ZELFTEST_CAMPAIGNS), else copies of questions/ in VAR/registry,
  # made on the first start and then kept, so an operator's edits and tokens stay.
  local networks=${ZELFTEST_NETWORKS:-} campaigns=${ZELFTEST_CAMPAIGNS:-}
  [ -n "$networks" ] || networks=$(seed_registry networks)
  [ -n "$campaigns" ] || campaigns=$(seed_registry campaigns)

  # the mail catcher: what the program sends lands in $VAR/mail/ (a port of its own)
  local catcher=0
  if [ "${ZELFTEST_MAIL_CATCHER:-0}" = 1 ] && [ -z "${ZELFTEST_SMTP_URL:-}" ]; then
    catcher=1
    rm -f "$RUN/mailcatcher.port"
    "${OWN_GROUP[@]}" /usr/bin/python3 "$top/scripts/mailcatcher.py" --dir "$VAR/mail" --port 0 \
      --port-file "$RUN/mailcatcher.port" </dev/null >>"$LOG/mailcatcher.log" 2>&1 &
    echo $! > "$RUN/mailcatcher.pid"
    wait_for "mail catcher" 10 test -s "$RUN/mailcatcher.port" || { stop_all; exit 1; }
  fi

  # enough worker threads for the kept FastCGI connections and the requests on top
  local workers=${ZELFTEST_WORKERS:-128}
  (
    if [ $catcher = 1 ]; then
      export ZELFTEST_SMTP_URL="smtp://127.0.0.1:$(cat "$RUN/mailcatcher.port")"
      export ZELFTEST_PUBLIC_URL="${ZELFTEST_PUBLIC_URL:-http://${ZELFTEST_LISTEN:-127.0.0.1}:$PORT}"
    fi
    export ZELFTEST_WORKERS="$workers"
    export ZELFTEST_SOCKET="$RUN/zelftest.sock"
    export ZELFTEST_SOCKET_GROUP="$group"
    export ZELFTEST_REDIS="unix:$RUN/redis-sessions.sock"
    # measuring the alternative: one Redis (with AOF, fsync always) for everything
    [ "${ZELFTEST_ONE_REDIS:-0}" = 1 ] && export ZELFTEST_REDIS="unix:$RUN/redis-durable.sock"
    export ZELFTEST_REDIS_DURABLE="unix:$RUN/redis-durable.sock"
    export ZELFTEST_QUESTIONNAIRE="${ZELFTEST_QUESTIONNAIRE:-$top/questions/questionnaire.json}"
    export ZELFTEST_NETWORKS="$networks"
    export ZELFTEST_POSTCODES="${ZELFTEST_POSTCODES:-$top/questions/postcodes.csv}"
    export ZELFTEST_CAMPAIGNS="$campaigns"
    export ZELFTEST_MAIL_TEXTS="${ZELFTEST_MAIL_TEXTS:-$top/questions/mail.json}"
    export ZELFTEST_FINDINGS="${ZELFTEST_FINDINGS:-$top/questions/findings.json}"
    export ZELFTEST_WEB_ROOT="${ZELFTEST_WEB_ROOT:-$top/web}"
    export ZELFTEST_ERASURE_LOG="${ZELFTEST_ERASURE_LOG:-$VAR/erasures.log}"
    # the same settings for `zelftest admin --env VAR/zelftest.env ...`
    env | grep '^ZELFTEST_' | grep -Ev '^ZELFTEST_(STACK_WATCH|BIN)=' | sort > "$VAR/zelftest.env"
    # what `stack.sh program` starts it with again (after a test killed it)
    export -p | grep '^declare -x ZELFTEST_' > "$RUN/program.env"
    exec "${OWN_GROUP[@]}" "$BIN" </dev/null >>"$LOG/zelftest.log" 2>&1
  ) &
  echo $! > "$RUN/zelftest.pid"
  wait_for "zelftest" 10 test -S "$RUN/zelftest.sock"

  # FastCGI connections are kept open between requests (fastcgi_keep_conn):
  # it saves a connect/accept/close per request on both sides.  libfcgi serves
  # one connection per worker thread, so idle kept connections must never
  # hold every thread: all nginx processes together keep at most half of the
  # workers idle (and drop idle ones after 10 s).  See README, "nginx".
  local keep="" keepalive=""
  if [ "${ZELFTEST_KEEP_CONN:-1}" = 1 ]; then
    local per=${ZELFTEST_UPSTREAM_KEEPALIVE:-$(( workers / (2 * $(nproc)) ))}
    [ "$per" -gt 32 ] && per=32
    if [ "$per" -ge 1 ]; then
      keep="fastcgi_keep_conn on;"
      keepalive="keepalive $per; keepalive_timeout 10s;"
    fi
  fi
  # realip: trusted proxies from ZELFTEST_TRUSTED_PROXIES (comma- or space-separated CIDRs)
  local real_ip="" cidr
  for cidr in ${ZELFTEST_TRUSTED_PROXIES:+${ZELFTEST_TRUSTED_PROXIES//,/ }}; do
    [[ "$cidr" =~ ^[0-9A-Fa-f:.]+(/[0-9]{1,3})?$ ]] || { say "ZELFTEST_TRUSTED_PROXIES: '$cidr' is not an address or CIDR"; stop_all; exit 1; }
    real_ip+="    set_real_ip_from $cidr;\n"
  done
  [ -n "$real_ip" ] && real_ip+="    real_ip_header X-Forwarded-For;\n    real_ip_recursive on;\n"
  local access="$LOG/nginx-access.log zelftest"
  [ "${ZELFTEST_ACCESS_LOG:-1}" = 0 ] && access="off"
  local user_line="# not root: workers run as $(id -un)"
  [ "$(id -u)" -eq 0 ] && user_line="user $user $group;"
  local f
  for f in "$top"/nginx/*.conf "$top"/nginx/zelftest.conf.in; do
    sed -e "s|@VAR@|$VAR|g" -e "s|@CONF@|$CONF|g" -e "s|@WEB@|${ZELFTEST_WEB_ROOT:-$top/web}|g" \
        -e "s|@SOCKET@|$RUN/zelftest.sock|g" -e "s|@PORT@|$PORT|g" \
        -e "s|@LISTEN@|${ZELFTEST_LISTEN:-127.0.0.1}|g" -e "s|@USER_LINE@|$user_line|g" \
        -e "s|@KEEP_CONN@|$keep|g" -e "s|@UPSTREAM_KEEPALIVE@|$keepalive|g" \
        -e "s|@ACCESS_LOG@|$access|g" -e "s|@REAL_IP@|$real_ip|g" \
        "$f" > "$CONF/$(basename "${f%.in}")"
  done
  # ZELFTEST_NGINX_LIMITS=off: no rate or connection limits, for load tests and
  # benchmarks that play thousands of clients from one address (never in production)
  if [ "${ZELFTEST_NGINX_LIMITS:-on}" = off ]; then
    sed -i -E '/^[[:space:]]*limit_(req|conn) /d' "$CONF/zelftest.conf"
  fi
  chown -R "$user" "$CONF" 2>/dev/null || true
  nginx -t -q -c "$CONF/zelftest.conf" -p "$CONF" -e /dev/stderr 2>"$LOG/nginx-test.log" || {
    cat "$LOG/nginx-test.log" >&2; stop_all; exit 1; }
  start_nginx

  if ! wait_for "the stack" 15 curl -fsS "http://${ZELFTEST_LISTEN:-127.0.0.1}:$PORT/healthz"; then
    tail -n 20 "$LOG/zelftest.log" >&2 || true
    stop_all
    exit 1
  fi
  if [ -n "${ZELFTEST_STACK_WATCH:-}" ]; then
    # tests: stop by ourselves when the test process is gone, even after a kill -9
    ( trap '' INT; while kill -0 "$ZELFTEST_STACK_WATCH" 2>/dev/null; do sleep 0.5; done
      "$0" stop "$VAR" >/dev/null 2>&1 ) </dev/null >/dev/null 2>&1 &
    echo $! > "$RUN/watch.pid"
  fi
  if [ "${ZELFTEST_SUPERVISE:-0}" = 1 ]; then
    ( trap - EXIT; trap '' INT; supervise ) </dev/null >>"$LOG/supervisor.log" 2>&1 &
    echo $! > "$RUN/supervise.pid"
  fi
}

case "$cmd" in
start)
  start_all
  say "zelftest is running on http://${ZELFTEST_LISTEN:-127.0.0.1}:$PORT/ (make stop to stop)"
  if [ -f "$RUN/mailcatcher.pid" ]; then say "e-mail the program sends: $VAR/mail/"; fi
  ;;
run)
  trap 'stop_all; say stopped' EXIT
  trap 'exit 0' INT TERM
  start_all
  say ""
  say "  zelftest is running on http://${ZELFTEST_LISTEN:-127.0.0.1}:$PORT/"
  say "  logs: $LOG/   Ctrl-C stops Redis, the program and nginx"
  if [ -f "$RUN/mailcatcher.pid" ]; then
    say "  e-mail: every message the program sends is written to $VAR/mail/ (open the .eml files in a mail program)"
  fi
  say "  network dashboard: http://${ZELFTEST_LISTEN:-127.0.0.1}:$PORT/network.html; a coordinator's token:"
  say "    $BIN admin --env $VAR/zelftest.env token new cybernetwerk-utrecht --label <your name>"
  say "  (zelftest admin --help: networks, campaigns, tokens, reload; the registries are in $VAR/registry/)"
  say ""
  # supervised: stay until Ctrl-C; else until one of them ends
  while [ "${ZELFTEST_SUPERVISE:-0}" = 1 ] && pid_alive "$RUN/supervise.pid"; do sleep 1; done
  while pid_alive "$RUN/nginx.pid" && pid_alive "$RUN/zelftest.pid" &&
        pid_alive "$RUN/redis-sessions.pid" && pid_alive "$RUN/redis-durable.pid" &&
        { [ ! -f "$RUN/mailcatcher.pid" ] || pid_alive "$RUN/mailcatcher.pid"; }; do
    sleep 1
  done
  say "a process of the stack ended; stopping the rest"
  exit 1
  ;;
program)
  # the program alone again, with the settings of the last start (tests: after a kill -9)
  pid_alive "$RUN/zelftest.pid" && { say "zelftest is running"; exit 1; }
  start_program
  ;;
stop)
  stop_all
  ;;
*)
  say "usage: stack.sh run|start VAR PORT  |  stack.sh stop VAR"
  exit 2
  ;;
esac
