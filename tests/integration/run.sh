#!/usr/bin/env bash
# Integration tests: each file starts its own stack (real Redis, real nginx)
# on a free loopback port and takes the API over HTTP; the files run side by
# side (TEST_JOBS at a time, default 3), as they share nothing.
set -euo pipefail
cd "$(dirname "$0")/../.."
files=(tests/integration/*.test.js)
if [ -n "${ONLY:-}" ]; then files=(tests/integration/${ONLY}.test.js); fi
exec node --test --test-concurrency="${TEST_JOBS:-3}" --test-reporter=spec "${files[@]}"
