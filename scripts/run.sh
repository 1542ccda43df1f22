#!/usr/bin/env bash
# The start command: builds the gateway when its sources changed since the last build,
# then runs it from the repository root, where it finds config/config.yaml.
# JVM options come from $JAVA_OPTS; arguments go to the gateway.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/java-home.sh

jar=gateway/target/daisi-ws-gateway.jar
if [[ ! -f $jar ]] || [[ -n $(find gateway/src pom.xml gateway/pom.xml config/config.yaml \
    -newer "$jar" -print -quit) ]]; then
  echo "building $jar ..." >&2
  ./mvnw -B -q -pl gateway -am package -DskipTests
fi

# JAVA_OPTS is a list of options, so it is split on purpose.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
