#!/usr/bin/env bash
# JMH micro-benchmarks of the gateway's hot paths (bench/src/main/java/io/daisi/ws/bench/jmh):
#   scripts/bench-jmh.sh                 all of them
#   scripts/bench-jmh.sh tokenOpen -f 1  a JMH regexp and JMH options (java -jar ... -h lists them)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
jar=bench/target/daisi-ws-bench.jar
if [[ ! -f $jar ]] || [[ -n $(find bench/src gateway/src -newer "$jar" -print -quit) ]]; then
  echo "building $jar ..." >&2
  ./mvnw -B -q -pl bench -am package -DskipTests
fi
exec java -cp "$jar:bench/target/lib/*" org.openjdk.jmh.Main "${@:-io.daisi.ws.bench.jmh}"
