#!/usr/bin/env bash
# The small runs behind the constants of docs/SCALING.md and scripts/scaling-model.py. Each run
# starts its own redis-server, nats-server (with monitoring) and gateway pods on free loopback
# ports, samples Redis INFO commandstats, NATS /varz + /jsz, the pods' /metrics and /proc CPU
# once a second (scripts/lib/scaling-probe.py), drives the `latency` harness, then stops exactly
# what it started. Small on purpose (the box may be shared): 300 sockets, at most 100 events/s,
# each load phase under a minute.
#   scripts/scaling-measure.sh shared20 shared100 perpod100 burst perpodburst warm_shared warm_perpod redis-bench
# `burst` and `perpodburst` add, from 8 s into the run, 30 bursts of 100 events (one a second; even
# seconds all on one route, odd seconds on 100 routes) published straight to the stream.
# `warm_shared` and `warm_perpod`: see run_warm below (CPU per event with a warmed-up JIT).
#   SCALING_OUT=DIR (default bench/results/scaling-<UTC time>): samples, reports, harness output, logs
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
OUT=${SCALING_OUT:-bench/results/scaling-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
export BENCH_WORK=$OUT/servers
mkdir -p "$BENCH_WORK"
source scripts/lib/bench-cluster.sh
PROBE=scripts/lib/scaling-probe.py
export GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-"-Xmx512m -XX:+UseG1GC"}
IDLE_SECONDS=${IDLE_SECONDS:-20}

KEY=$(config_value secret_token)
TOKEN_KEY=$(config_value token_aes_key)
EXTRA_PIDS=()
cleanup() {
  local pid
  for pid in "${EXTRA_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  EXTRA_PIDS=()
  stop_started
}
trap cleanup EXIT

if [[ ! -f gateway/target/daisi-ws-gateway.jar || ! -f bench/target/daisi-ws-bench.jar ]]; then
  ./mvnw -B -q -pl gateway,bench -am package -DskipTests
fi

# start_nats_monitored: as start_nats, plus the monitoring port (sets NATS_MON)
start_nats_monitored() {
  local port mon
  port=$(free_port)
  mon=$(free_port)
  "$(bin_of nats-server)" -js -a 127.0.0.1 -p "$port" -m "$mon" -sd "$BENCH_WORK/js-$port" \
    >"$BENCH_WORK/nats-$port.log" 2>&1 &
  BENCH_PIDS+=($!)
  NATS_URL=nats://127.0.0.1:$port
  NATS_MON=http://127.0.0.1:$mon
  wait_http "$NATS_MON/varz" 10
}

# run_cluster NAME MODE PODS PAIRS RATE SECONDS MONITOR(yes|no) [INJECT_SECONDS]
run_cluster() {
  local name=$1 mode=$2 pods=$3 pairs=$4 rate=$5 seconds=$6 monitor=$7 inject=${8:-0} p
  local phase=$OUT/$name.phase
  echo "== $name ($(date -u +%FT%TZ)): $mode, $pods pods, 300 sockets on $pairs pairs, $rate events/s x $seconds s" >&2
  STREAM=s$RANDOM
  start_redis
  start_nats_monitored
  for ((p = 0; p < pods; p++)); do start_gateway "$name-pod$p" "$mode"; done
  local inject_pid=""
  local -a pidargs=(--pid "redis=${BENCH_PIDS[0]}" --pid "nats=${BENCH_PIDS[1]}")
  local -a urlargs=()
  for ((p = 0; p < pods; p++)); do
    pidargs+=(--pid "pod$p=${GATEWAY_PIDS[p]}")
    urlargs+=(--gateway "${GATEWAY_URLS[p]}")
  done
  echo idle >"$phase"
  python3 "$PROBE" sample --out "$OUT/$name.samples.jsonl" --redis "$REDIS_ADDR" --nats-mon "$NATS_MON" \
    --phase-file "$phase" "${urlargs[@]}" "${pidargs[@]}" &
  EXTRA_PIDS+=($!)
  if [[ $monitor == yes ]]; then
    redis-cli -p "${REDIS_ADDR##*:}" monitor >"$OUT/$name.monitor" 2>&1 &
    EXTRA_PIDS+=($!)
  fi
  sleep "$IDLE_SECONDS"
  echo harness >"$phase"
  if ((inject > 0)); then
    (sleep 8 && python3 "$PROBE" inject --nats "${NATS_URL#nats://}" --redis "$REDIS_ADDR" --seconds "$inject" \
      --per-burst 100 >"$OUT/$name.inject.json" 2>&1) &
    inject_pid=$!
    EXTRA_PIDS+=("$inject_pid")
  fi
  timeout --kill-after=10 120 java -Xmx512m -jar bench/target/daisi-ws-bench.jar latency --nats "$NATS_URL" \
    --gateway "$(joined_urls)" --api-key "$KEY" --token-key "$TOKEN_KEY" --sockets 300 --pairs "$pairs" \
    --chats-per-pair 1 --mix chats:50,messages:50 --rate "$rate" --seconds "$seconds" --warmup-seconds 1 \
    --drain-seconds 3 --ramp-per-second 300 --json >"$OUT/$name.harness.txt" 2>"$OUT/$name.harness.err" || \
    echo "   (harness exit code $?; see $OUT/$name.harness.err)" >&2
  [[ -n ${inject_pid:-} ]] && { wait "$inject_pid" || true; }
  echo after >"$phase"
  sleep 5
  cleanup
  python3 "$PROBE" report --samples "$OUT/$name.samples.jsonl" \
    $([[ $monitor == yes ]] && echo --monitor "$OUT/$name.monitor") >"$OUT/$name.report.json"
  echo "   report: $OUT/$name.report.json" >&2
}

# run_warm NAME MODE: 2 pods, 300 sockets on 200 pairs (pairs 0-99 on both pods, 100-199 on one),
# held by the harness at 2 events/s; bursts of 100 events a second on distinct routes, straight to
# the stream: 30 s on any route to warm the JIT, then 30 s on routes held by one pod ("single"),
# then 30 s on routes held by both ("multi"). CPU per event comes from the last two phases.
run_warm() {
  local name=$1 mode=$2 p phase=$OUT/$1.phase
  echo "== $name ($(date -u +%FT%TZ)): $mode, 2 pods, warm-up then bursts on single-pod and two-pod routes" >&2
  STREAM=s$RANDOM
  start_redis
  start_nats_monitored
  for p in 0 1; do start_gateway "$name-pod$p" "$mode"; done
  echo idle >"$phase"
  python3 "$PROBE" sample --out "$OUT/$name.samples.jsonl" --redis "$REDIS_ADDR" --nats-mon "$NATS_MON" \
    --phase-file "$phase" --gateway "${GATEWAY_URLS[0]}" --gateway "${GATEWAY_URLS[1]}" \
    --pid "redis=${BENCH_PIDS[0]}" --pid "nats=${BENCH_PIDS[1]}" --pid "pod0=${GATEWAY_PIDS[0]}" \
    --pid "pod1=${GATEWAY_PIDS[1]}" &
  EXTRA_PIDS+=($!)
  sleep "$IDLE_SECONDS"
  echo harness >"$phase"
  timeout --kill-after=10 180 java -Xmx512m -jar bench/target/daisi-ws-bench.jar latency --nats "$NATS_URL" \
    --gateway "$(joined_urls)" --api-key "$KEY" --token-key "$TOKEN_KEY" --sockets 300 --pairs 200 \
    --mix chats:100 --rate 2 --seconds 112 --warmup-seconds 1 --drain-seconds 3 --ramp-per-second 300 \
    --json >"$OUT/$name.harness.txt" 2>"$OUT/$name.harness.err" &
  local harness=$!
  EXTRA_PIDS+=("$harness")
  sleep 8
  local step
  for step in warmup:all single:single multi:multi; do
    echo "${step%%:*}" >"$phase"
    python3 "$PROBE" inject --nats "${NATS_URL#nats://}" --redis "$REDIS_ADDR" --seconds 30 --per-burst 100 \
      --routes "${step##*:}" --pattern distinct >>"$OUT/$name.inject.json" 2>&1
    echo harness >"$phase"
    sleep 5
  done
  wait "$harness" || echo "   (harness exit code $?; see $OUT/$name.harness.err)" >&2
  echo after >"$phase"
  sleep 3
  cleanup
  python3 "$PROBE" report --samples "$OUT/$name.samples.jsonl" >"$OUT/$name.report.json"
  echo "   report: $OUT/$name.report.json" >&2
}

redis_bench() {
  echo "== redis-bench ($(date -u +%FT%TZ))" >&2
  start_redis
  local port=${REDIS_ADDR##*:}
  redis-cli -p "$port" sadd route:c:a:chats pod-a pod-b >/dev/null
  local sha
  sha=$(redis-cli -p "$port" script load \
    "if redis.call('GET',KEYS[1])==ARGV[1] then return redis.call('EXPIRE',KEYS[1],ARGV[2]) else return 0 end")
  redis-cli -p "$port" set session:c:a:u pod-a >/dev/null
  {
    # the commands the gateway sends most: route reads, lock renewals (a script), heartbeats and marks (SET)
    redis-benchmark -p "$port" -q -n 200000 -c 20 -P 16 smembers route:c:a:chats
    redis-benchmark -p "$port" -q -n 200000 -c 20 -P 16 evalsha "$sha" 1 session:c:a:u pod-a 30
    redis-benchmark -p "$port" -q -n 200000 -c 20 -P 16 -t set
    redis-benchmark -p "$port" -q -n 50000 -c 20 -P 1 smembers route:c:a:chats
  } >"$OUT/redis-bench.txt" 2>&1
  cat "$OUT/redis-bench.txt" >&2
  stop_started
}

for run in "$@"; do
  case $run in
    shared20) run_cluster shared20 shared 2 150 20 35 yes ;;
    shared100) run_cluster shared100 shared 2 150 100 35 no ;;
    perpod100) run_cluster perpod100 per_pod 2 150 100 35 no ;;
    burst) run_cluster burst shared 2 150 5 40 yes 30 ;;
    perpodburst) run_cluster perpodburst per_pod 2 150 5 40 yes 30 ;;
    warm_shared) run_warm warm_shared shared ;;
    warm_perpod) run_warm warm_perpod per_pod ;;
    redis-bench) redis_bench ;;
    *) echo "unknown run $run" >&2; exit 2 ;;
  esac
done
