#!/usr/bin/env bash
# Backups of the durable Redis (referrals, bookings, slots, counters: the only
# data that matters; sessions are not backed up) as Redis documents them for
# AOF persistence (Redis 7, "Backing up AOF persistence"), and their restore.
#
#   backup.sh backup  DEST [--env FILE]   copy the AOF files into DEST/<UTC time>/
#   backup.sh check   BACKUP              checksums and redis-check-aof; 1 when damaged
#   backup.sh restore BACKUP DATADIR [--repair]
#                                         put a backup into a fresh instance's data folder
#                                         (DATADIR/$AOF_DIRNAME, default appendonly, as the
#                                         configurations here set appenddirname)
#   backup.sh repair  DATADIR             redis-check-aof --fix on a stopped instance's AOF
#   backup.sh prune   DEST DAYS           remove backups older than DAYS days
#
# --env FILE is the program's settings (ZELFTEST_REDIS_DURABLE, ZELFTEST_ERASURE_LOG),
# as for `zelftest admin --env`; without it the environment counts.
#
# A backup holds: appendonly/ (the manifest, base and incr files of the moment),
# erasures.log (a copy of ZELFTEST_ERASURE_LOG), INFO (keys, time, Redis
# version) and SHA256SUMS.  After a restore, start Redis on DATADIR and run
# `zelftest admin erasures apply` with the newest erasure log there is (the
# live one, else the one in the newest backup), so that nothing erased after
# the backup comes back.  README, "Backups and restore".
set -euo pipefail

say() { printf 'backup.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

load_env() { # FILE: the ZELFTEST_* lines only, never executed as shell
  local line key val
  [ -r "$1" ] || die "--env $1 cannot be read"
  while IFS= read -r line || [ -n "$line" ]; do
    [[ $line =~ ^[[:space:]]*(ZELFTEST_[A-Z0-9_]+)=(.*)$ ]] || continue
    key=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
    [[ $val =~ ^\"(.*)\"$ || $val =~ ^\'(.*)\'$ ]] && val=${BASH_REMATCH[1]}
    export "$key=$val"
  done < "$1"
}

# redis-cli for the durable instance named by ZELFTEST_REDIS_DURABLE
rcli() {
  local a=${ZELFTEST_REDIS_DURABLE:-${ZELFTEST_REDIS:-127.0.0.1:6379}}
  case "$a" in
  unix:*) redis-cli -s "${a#unix:}" "$@" ;;
  /*) redis-cli -s "$a" "$@" ;;
  *) redis-cli -h "${a%:*}" -p "${a##*:}" "$@" ;;
  esac
}

info_field() { rcli INFO persistence | tr -d '\r' | sed -n "s/^$1://p"; }

# The files a manifest names (redis-check-aof and Redis read them the same way).
manifest_files() { sed -n 's/^file \([^ ]*\) .*/\1/p' "$1"; }

check_aof() { # DIR with a manifest: 0 valid, 1 damaged (redis-check-aof says how)
  local m
  m=$(ls "$1"/*.manifest 2>/dev/null | head -n 1)
  [ -n "$m" ] || { say "$1: no AOF manifest"; return 1; }
  local out
  out=$(redis-check-aof "$m" 2>&1) || true
  printf '%s\n' "$out" | sed 's/^/  redis-check-aof: /' >&2
  # redis-check-aof exits 0 even when it reports a bad file: read what it says
  printf '%s\n' "$out" | grep -q 'is valid' && ! printf '%s\n' "$out" | grep -qiE 'not valid|truncated|bad file|corrupt'
}

fix_aof() { # DIR: truncate the damaged tail as redis-check-aof --fix does (asks to confirm)
  local m
  m=$(ls "$1"/*.manifest | head -n 1)
  printf 'y\n' | redis-check-aof --fix "$m" 2>&1 | sed 's/^/  redis-check-aof --fix: /' >&2
  check_aof "$1"
}

cmd_backup() {
  local dest=$1 dir adir name stamp out stage prev tries=0
  mkdir -p "$dest"
  rcli PING >/dev/null || die "the durable Redis does not answer (ZELFTEST_REDIS_DURABLE)"
  [ "$(rcli CONFIG GET appendonly | sed -n 2p)" = yes ] || die "the durable Redis has no AOF (appendonly no)"
  dir=$(rcli CONFIG GET dir | sed -n 2p)
  name=$(rcli CONFIG GET appenddirname | sed -n 2p)
  adir=$dir/$name
  [ -d "$adir" ] || die "$adir: not readable here (run this where Redis keeps its files, as root or its user)"
  stamp=$(date -u +%Y%m%dT%H%M%SZ)
  out=$dest/$stamp
  stage=$dir/.zelftest-backup.$$
  # 1. no automatic rewrite while the files are taken (Redis' own procedure)
  prev=$(rcli CONFIG GET auto-aof-rewrite-percentage | sed -n 2p)
  rcli CONFIG SET auto-aof-rewrite-percentage 0 >/dev/null
  trap 'rcli CONFIG SET auto-aof-rewrite-percentage "$prev" >/dev/null 2>&1 || true; rm -rf "$stage" "$out.partial"' EXIT
  # 2. no rewrite in progress; 3. hard links of the manifest and the files it
  # names (Redis only appends to them or replaces them whole).  A rewrite the
  # program starts after an erasure may replace files meanwhile: then again.
  while :; do
    tries=$((tries + 1))
    [ $tries -le 50 ] || die "the AOF kept changing under the backup; try again"
    while [ "$(info_field aof_rewrite_in_progress)" != 0 ] || [ "$(info_field aof_rewrite_scheduled)" != 0 ]; do
      sleep 0.1
    done
    rm -rf "$stage" && mkdir -p "$stage"
    local m ok=1 f
    m=$(cd "$adir" && ls -- *.manifest | head -n 1)
    ln "$adir/$m" "$stage/$m" 2>/dev/null || continue
    for f in $(manifest_files "$stage/$m"); do
      ln "$adir/$f" "$stage/$f" 2>/dev/null || { ok=0; break; }
    done
    [ $ok = 1 ] && break
  done
  # 4. rewrites may run again; the links keep the files of the moment
  rcli CONFIG SET auto-aof-rewrite-percentage "$prev" >/dev/null
  mkdir -p "$out.partial/appendonly"
  cp -p "$stage"/* "$out.partial/appendonly/"
  rm -rf "$stage"
  # The incr file was being appended while it was copied: its last command may
  # be cut off.  That command came after the moment of the backup, so it is
  # dropped exactly as redis-check-aof --fix documents.
  if ! check_aof "$out.partial/appendonly" 2>/dev/null; then
    say "the copy ends in a command written during the copy; truncating it (redis-check-aof --fix)"
    fix_aof "$out.partial/appendonly" || die "the copied AOF is damaged beyond its tail; see above"
  fi
  if [ -n "${ZELFTEST_ERASURE_LOG:-}" ] && [ -f "$ZELFTEST_ERASURE_LOG" ]; then
    cp -p "$ZELFTEST_ERASURE_LOG" "$out.partial/erasures.log"
  else
    : > "$out.partial/erasures.log"
  fi
  {
    echo "time $stamp"
    echo "redis $(rcli INFO server | tr -d '\r' | sed -n 's/^redis_version://p')"
    echo "keys $(rcli DBSIZE)"
    echo "referrals $(rcli --scan --pattern 'zt:ref:*' | wc -l)"
  } > "$out.partial/INFO"
  (cd "$out.partial" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs sha256sum > SHA256SUMS)
  mv "$out.partial" "$out"
  trap - EXIT
  echo "$out"
  say "backup $out: $(sed -n 's/^keys //p' "$out/INFO") keys, $(sed -n 's/^referrals //p' "$out/INFO") referrals"
}

cmd_check() {
  local b=$1
  [ -f "$b/SHA256SUMS" ] || die "$b: not a backup (no SHA256SUMS)"
  (cd "$b" && sha256sum --quiet -c SHA256SUMS) || die "$b: checksums do not match: the copy is damaged"
  check_aof "$b/appendonly" || die "$b: the AOF is damaged (see redis-check-aof above); restore --repair truncates it"
  say "$b: checksums match, the AOF is valid"
}

cmd_restore() {
  local b=$1 data=$2 repair=${3:-}
  [ -f "$b/SHA256SUMS" ] || die "$b: not a backup (no SHA256SUMS)"
  (cd "$b" && sha256sum --quiet -c SHA256SUMS) || die "$b: checksums do not match: the copy is damaged"
  local into=$data/${AOF_DIRNAME:-appendonly}
  if [ -e "$into" ] && [ -n "$(ls -A "$into" 2>/dev/null)" ]; then
    die "$into is not empty: restore into a fresh instance (stop Redis, move its files aside)"
  fi
  mkdir -p "$into"
  cp -p "$b/appendonly/"* "$into/"
  if ! check_aof "$into"; then
    if [ "$repair" != --repair ]; then
      rm -rf "$into"
      die "the backup's AOF is damaged (see above); nothing restored.  With --repair its damaged tail is truncated (the commands after it are lost)"
    fi
    fix_aof "$into" || die "redis-check-aof could not repair it"
  fi
  chown -R --reference="$data" "$into" 2>/dev/null || true
  say "restored into $into ($(sed -n 's/^keys //p' "$b/INFO") keys at $(sed -n 's/^time //p' "$b/INFO"))"
  say "next: start Redis on $data (dir $data, appenddirname ${AOF_DIRNAME:-appendonly}), then"
  say "      zelftest admin erasures apply   (with the newest erasure log: the live one, else $b/erasures.log)"
}

cmd_repair() {
  local d=$1/${AOF_DIRNAME:-appendonly}
  [ -d "$d" ] || d=$1
  if check_aof "$d"; then say "$d: the AOF is valid; nothing to repair"; return 0; fi
  say "$d: truncating the damaged tail (redis-check-aof --fix); stop Redis first"
  fix_aof "$d" || die "redis-check-aof could not repair it"
}

cmd_prune() {
  local dest=$1 days=$2 b n=0
  [[ $days =~ ^[0-9]+$ ]] || die "prune: DAYS must be a number"
  while IFS= read -r b; do
    [ -f "$b/SHA256SUMS" ] || continue
    rm -rf "$b"
    n=$((n + 1))
  done < <(find "$dest" -mindepth 1 -maxdepth 1 -type d -name '20*Z' -mtime +"$days")
  say "pruned $n backup(s) older than $days days from $dest"
}

args=()
while [ $# -gt 0 ]; do
  case "$1" in
  --env) load_env "$2"; shift 2 ;;
  *) args+=("$1"); shift ;;
  esac
done
set -- "${args[@]+"${args[@]}"}"
case "${1:-}" in
backup) [ $# -eq 2 ] || die "usage: backup.sh backup DEST [--env FILE]"; cmd_backup "$2" ;;
check) [ $# -eq 2 ] || die "usage: backup.sh check BACKUP"; cmd_check "$2" ;;
restore) [ $# -ge 3 ] || die "usage: backup.sh restore BACKUP DATADIR [--repair]"; cmd_restore "$2" "$3" "${4:-}" ;;
repair) [ $# -eq 2 ] || die "usage: backup.sh repair DATADIR"; cmd_repair "$2" ;;
prune) [ $# -eq 3 ] || die "usage: backup.sh prune DEST DAYS"; cmd_prune "$2" "$3" ;;
*) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
