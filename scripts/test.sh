#!/usr/bin/env bash
# The test command: unit tests (surefire) and *IT integration tests (failsafe) of all
# modules, then the offline checks of deploy/ (deploy/validate/run.sh) and the browser
# client's tests (scripts/test-js.sh), both with Node's test runner.
# Extra arguments go to Maven, e.g. `scripts/test.sh -pl gateway -Dit.test=NatsServerIT`;
# SKIP_JS_TESTS=1 runs Maven alone.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/java-home.sh
bash scripts/ensure-services.sh
./mvnw -B verify "$@"
if [[ ${SKIP_JS_TESTS:-} != 1 ]]; then
  bash deploy/validate/run.sh
  bash scripts/test-js.sh
fi
