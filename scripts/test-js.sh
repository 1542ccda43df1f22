#!/usr/bin/env bash
# The browser client's tests with Node's test runner (clients/js/test): unit tests of the
# library, tests against the real gateway jar and a private nats-server, validation of
# docs/asyncapi.yaml and docs/openapi.yaml, and one headless Chromium test of the demo page.
# Installs what is missing: nats-server and chromium (apt-get), the npm devDependencies
# (npm ci, from the committed package-lock.json); builds the jar when it is missing or older
# than its sources.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/java-home.sh
bash scripts/ensure-services.sh chromium

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if (( node_major < 20 )); then
  echo "error: Node.js 20 or newer is needed for the browser client's tests (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

jar=gateway/target/daisi-ws-gateway.jar
if [[ ! -f $jar ]] || [[ -n $(find gateway/src pom.xml gateway/pom.xml config/config.yaml clients/js/daisi-ws.js \
    -newer "$jar" -print -quit) ]]; then
  echo "building $jar ..." >&2
  ./mvnw -B -q -pl gateway -am package -DskipTests
fi

cd clients/js
# npm records what it installed in node_modules/.package-lock.json: reinstall only when the lock changed
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
fi
# Node 20 needs a flag for its built-in WebSocket client (default from Node 22 on)
flags=()
(( node_major < 22 )) && flags+=(--experimental-websocket)
# spec reporter: one line per test, and node's summary (tests, pass, fail) as the last lines
exec node "${flags[@]}" --test --test-reporter=spec test/*.test.js
