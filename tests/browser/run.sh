#!/usr/bin/env bash
# Browser tests: Debian's Chromium driven by playwright-core (pinned in
# package-lock.json), axe-core for WCAG 2.1 A/AA.  Each file starts its own
# stack on a free loopback port.  Screenshots and PDFs go to artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.stamp ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.stamp
fi
mkdir -p artifacts
files=(*.test.js)
if [ -n "${ONLY:-}" ]; then files=("${ONLY}.test.js"); fi
exec node --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
