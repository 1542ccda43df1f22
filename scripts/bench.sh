#!/usr/bin/env bash
# The benchmark command: builds the bench jar when its sources changed since the last
# build, then runs a scenario against a gateway on this machine, e.g.
#   scripts/bench.sh connections --count 5000 --api-key "$KEY"
#   scripts/bench.sh fanout --sockets 300 --events 3000 --rate 1000 --api-key "$KEY" --admin-key "$ADMIN"
# `scripts/bench.sh --help` lists the options; docs/BENCHMARKS.md has figures.
# JVM options come from $BENCH_JAVA_OPTS (default -Xmx1g).
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/java-home.sh

jar=bench/target/daisi-ws-bench.jar
if [[ ! -f $jar ]] || [[ -n $(find bench/src pom.xml bench/pom.xml -newer "$jar" -print -quit) ]]; then
  echo "building $jar ..." >&2
  ./mvnw -B -q -pl bench -am package -DskipTests
fi

# BENCH_JAVA_OPTS is a list of options, so it is split on purpose.
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:--Xmx1g} -jar "$jar" "$@"
