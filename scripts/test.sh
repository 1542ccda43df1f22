#!/usr/bin/env bash
# The test command: unit tests (surefire) and *IT integration tests (failsafe) of all
# modules, then the offline checks of deploy/ (deploy/validate/run.sh, Node's test runner).
# Extra arguments go to Maven, e.g. `scripts/test.sh -pl gateway -Dit.test=NatsServerIT`.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/java-home.sh
bash scripts/ensure-services.sh
./mvnw -B verify "$@"
bash deploy/validate/run.sh
