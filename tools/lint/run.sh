#!/usr/bin/env bash
# make lint: ESLint and Prettier (pinned in package-lock.json) over web/ and
# the JavaScript tests.  `run.sh --fix` first rewrites what Prettier would change.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
if [ ! -d "$here/node_modules" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.stamp" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.stamp)
fi
mapfile -t files < <(find web tests/integration tests/browser tools/lint tools/content -name '*.js' \
  -not -path '*/node_modules/*' -not -path '*/artifacts/*' | sort)
prettier=("$here/node_modules/.bin/prettier" --config "$here/.prettierrc.json")
[ "${1:-}" = --fix ] && "${prettier[@]}" --write --log-level warn "${files[@]}"
"$here/node_modules/.bin/eslint" --config "$here/eslint.config.js" "${files[@]}"
"${prettier[@]}" --check --log-level warn "${files[@]}"
echo "lint: ESLint and Prettier find nothing in ${#files[@]} files"
