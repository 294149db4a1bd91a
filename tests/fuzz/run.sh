#!/usr/bin/env bash
# libFuzzer targets (clang): one per parser.
#   tests/fuzz/run.sh            fuzz each target for FUZZ_SECONDS (default 60); new crashes land in regressions/
#   tests/fuzz/run.sh --replay   only run the seeds and past crashers (part of make test)
set -euo pipefail
cd "$(dirname "$0")/../.."
B=build-fuzz
mkdir -p "$B/obj"
PKG_CFLAGS=$(pkg-config --cflags fcgi jansson hiredis libmaxminddb libsodium libcurl)
PKG_LIBS=$(pkg-config --libs fcgi jansson hiredis libmaxminddb libsodium libcurl)
CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -Wall -Wextra -Werror -pthread -Ifcgi $PKG_CFLAGS"
objs=()
for src in fcgi/*/*.c; do
  obj="$B/obj/${src#fcgi/}"; obj="${obj%.c}.o"; mkdir -p "$(dirname "$obj")"
  if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find fcgi \( -name '*.h' -o -name '*.lua' \) -newer "$obj" | head -1)" ]; then
    clang $CFLAGS -c "$src" -o "$obj"
  fi
  objs+=("$obj")
done
targets=(questionnaire networks campaigns findings postcodes fields answer uri mail_file template)
for t in "${targets[@]}"; do
  clang $CFLAGS -fsanitize=fuzzer "tests/fuzz/fuzz_$t.c" "${objs[@]}" -o "$B/fuzz_$t" $PKG_LIBS -lm
done
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for t in "${targets[@]}"; do
  corpus=tests/fuzz/corpus/$t regress=tests/fuzz/regressions/$t
  if [ "${1:-}" = --replay ]; then
    "$B/fuzz_$t" -runs=0 "$corpus" "$regress" 2>&1 | tail -1
  else
    work=$(mktemp -d)
    "$B/fuzz_$t" -max_total_time="${FUZZ_SECONDS:-60}" -max_len=65536 -artifact_prefix="$regress/" \
      "$work" "$corpus" "$regress" 2>&1 | grep -E "DONE|ERROR|SUMMARY|artifact" | sed "s|^|$t: |" || true
    rm -rf "$work"
  fi
done
