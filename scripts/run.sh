#!/usr/bin/env bash
# The start command: builds the gateway when its sources changed since the last build,
# then runs it from the repository root, where it finds config/config.yaml.
# JVM options come from $JAVA_OPTS; arguments go to the gateway's command line, e.g.
#   scripts/run.sh                      run the gateway (same as: scripts/run.sh serve)
#   scripts/run.sh token user --company c1 --agent a1 --user u1
#   scripts/run.sh check-config
#   scripts/run.sh --help
# Build output goes to stderr, so stdout is only the command's (a token, a config).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/java-home.sh

jar=gateway/target/daisi-ws-gateway.jar
if [[ ! -f $jar ]]; then
  echo "run.sh: first build of $jar: Maven downloads the dependencies and compiles (a few minutes; progress below)" >&2
  ./mvnw -B -pl gateway -am package -DskipTests >&2
elif [[ -n $(find gateway/src pom.xml gateway/pom.xml config/config.yaml -newer "$jar" -print -quit) ]]; then
  echo "run.sh: sources changed since the last build; rebuilding $jar" >&2
  ./mvnw -B -ntp -pl gateway -am package -DskipTests >&2
fi

# The JVM flags the deploy files ship (deploy/Dockerfile, checked equal by deploy/validate): G1,
# heap and direct memory capped, exit on OutOfMemoryError. docs/BENCHMARKS.md "GC" has why G1
# and not ZGC. A JAVA_OPTS of your own replaces them all.
DEFAULT_JAVA_OPTS="-XX:+UseG1GC -XX:MaxRAMPercentage=50 -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError"

# JAVA_OPTS is a list of options, so it is split on purpose.
# shellcheck disable=SC2086
exec java ${JAVA_OPTS-$DEFAULT_JAVA_OPTS} -jar "$jar" "$@"
