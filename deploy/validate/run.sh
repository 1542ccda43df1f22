#!/usr/bin/env bash
# Offline checks of deploy/ (compose schema, Kubernetes schemas, PromQL, dashboard,
# Dockerfile): run by scripts/test.sh after the Maven suite. The validators come pinned from
# the npm registry (package-lock.json) and are installed on first use; nothing else is
# fetched, no container is started.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "deploy/validate: node and npm are needed (Node 20 or newer): apt-get install nodejs npm" >&2
  exit 1
fi
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules
fi
exec node --test
