#!/usr/bin/env bash
# Side by side: the gateway (two cluster pods, events through JetStream, with NATS and Redis) and
# socket.io 4.8 (two Node servers with @socket.io/redis-adapter, and Redis), driven by the same
# harness with the same sockets and load, for `idle` and `fanout`. Prints both and the ratios:
# server CPU per delivery at a rate both sustain (all server processes, from /proc), deliveries/s
# at saturation (the same offered load, far above what either delivers, measured after a warm-up
# at a load both sustain), and memory per idle socket.
#   scripts/bench-vs-socketio.sh [--smoke]
# Needs node 18+ and npm (installs bench/peers/socketio from its lock file on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
source scripts/lib/bench-cluster.sh
trap stop_started EXIT

smoke=false
[[ ${1:-} == --smoke ]] && smoke=true
size() { if $smoke; then echo "$1"; else echo "$2"; fi; }
SOCKETS=$(size 100 1000)
RATE=$(size 50 50)
EVENTS=$(size 150 3000)
IDLE=$(size 300 10000)
# saturation: SAT_RATE events/s for SAT_SECONDS to the same sockets (1,500,000 deliveries/s offered at
# full size: 600,000 was no more than warm pods deliver), after $WARMUP_SECONDS at SAT_WARMUP_RATE
# (100,000 deliveries/s, which both sustain); deliveries/s is counted from the warm-up's end
SAT_RATE=$(size 100 1500)
SAT_SECONDS=$(size 2 10)
SAT_WARMUP_RATE=$(size 50 100)
# CPU per delivery is read after a warm-up at the same rate ($WARMUP_SECONDS, default 30; JIT compilation, first use of each
# path), for both servers alike
WARMUP=${WARMUP_SECONDS:-$(size 2 30)}

if [[ ! -d bench/peers/socketio/node_modules ]]; then
  (cd bench/peers/socketio && npm ci --no-audit --no-fund >&2)
fi
if [[ ! -f bench/target/daisi-ws-bench.jar || ! -f gateway/target/daisi-ws-gateway.jar ]]; then
  ./mvnw -B -q -pl gateway,bench -am package -DskipTests
fi
KEY=$(config_value secret_token)
TOKEN_KEY=$(config_value token_aes_key)
BENCH=(java -Xmx1g -jar bench/target/daisi-ws-bench.jar)
export GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-"-Xmx1g -XX:+UseG1GC"}
out=$(mktemp -d /tmp/daisi-vs-socketio.XXXXXX)

pids_csv() { local IFS=,; echo "$*"; }

# ---- ours: two pods, JetStream, Redis
ours_cluster() {
  STREAM=vs$RANDOM
  start_redis
  start_nats
  servers=("${BENCH_PIDS[@]}")
  start_gateway vs-pod-0 shared
  start_gateway vs-pod-1 shared
  servers+=("${GATEWAY_PIDS[@]}")
}
ours_cluster
timeout $((WARMUP + 600)) "${BENCH[@]}" fanout --nats "$NATS_URL" --gateway "$(joined_urls)" --api-key "$KEY" --token-key "$TOKEN_KEY" \
  --sockets "$SOCKETS" --rate "$RATE" --seconds $((EVENTS / RATE)) --warmup-seconds "$WARMUP" \
  --server-pids "$(pids_csv "${servers[@]}")" --json >"$out/ours-fanout.txt" || true
timeout 600 "${BENCH[@]}" idle --gateway "${GATEWAY_URLS[0]}" --api-key "$KEY" --token-key "$TOKEN_KEY" \
  --count "$IDLE" --pid "${GATEWAY_PIDS[0]}" --hold-seconds 1 --json >"$out/ours-idle.txt" || true
stop_started
# saturation with drop_oldest: under the shipped catch_up policy every socket of an overloaded run
# ends up too far behind and is closed with 4408 (BENCHMARKS "Session 6")
DAISI_WS_APP_WEBSOCKET_BACKPRESSURE_DROP_POLICY=drop_oldest ours_cluster
timeout $((WARMUP + 600)) "${BENCH[@]}" fanout --nats "$NATS_URL" --gateway "$(joined_urls)" --api-key "$KEY" --token-key "$TOKEN_KEY" \
  --sockets "$SOCKETS" --rate "$SAT_RATE" --seconds "$SAT_SECONDS" --payload-bytes 512 \
  --warmup-seconds "$WARMUP" --warmup-rate "$SAT_WARMUP_RATE" \
  --server-pids "$(pids_csv "${servers[@]}")" --json >"$out/ours-saturation.txt" || true
stop_started

# ---- theirs: two socket.io servers + Redis adapter
theirs_cluster() {
  start_redis
  servers=("${BENCH_PIDS[@]}")
  theirs=()
  for n in 0 1; do
    port=$(free_port)
    (cd bench/peers/socketio && PORT=$port REDIS_URL="redis://$REDIS_ADDR" exec node --expose-gc server.js) \
      >"$BENCH_WORK/socketio-$n.log" 2>&1 &
    BENCH_PIDS+=($!)
    servers+=($!)
    theirs+=("http://127.0.0.1:$port")
    wait_http "http://127.0.0.1:$port/ready" 30
  done
}
theirs_cluster
timeout $((WARMUP + 600)) "${BENCH[@]}" fanout --protocol socketio --gateway "$(pids_csv "${theirs[@]}")" --api-key - \
  --admin-key - --token-key "$TOKEN_KEY" --sockets "$SOCKETS" --events $((EVENTS + WARMUP * RATE)) --rate "$RATE" \
  --publishers 1 --warmup-seconds "$WARMUP" \
  --server-pids "$(pids_csv "${servers[@]}")" --json >"$out/theirs-fanout.txt" || true
timeout 600 "${BENCH[@]}" idle --protocol socketio --gateway "${theirs[0]}" --api-key - --token-key "$TOKEN_KEY" \
  --count "$IDLE" --pid "${servers[1]}" --hold-seconds 1 --json >"$out/theirs-idle.txt" || true
stop_started
# one POST /dev/events at a time reaches only ~100 events/s against a busy server (each waits
# ~10 ms): 16 in flight offer as much as the JetStream publisher does for ours
theirs_cluster
timeout $((WARMUP + 600)) "${BENCH[@]}" fanout --protocol socketio --gateway "$(pids_csv "${theirs[@]}")" --api-key - \
  --admin-key - --token-key "$TOKEN_KEY" --sockets "$SOCKETS" \
  --events $((WARMUP * SAT_WARMUP_RATE + SAT_RATE * SAT_SECONDS)) --rate "$SAT_RATE" \
  --warmup-seconds "$WARMUP" --warmup-rate "$SAT_WARMUP_RATE" --publishers 16 --payload-bytes 512 \
  --server-pids "$(pids_csv "${servers[@]}")" --json >"$out/theirs-saturation.txt" || true
stop_started

python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
def last(name):
    try:
        return json.loads(open(os.path.join(out, name)).read().strip().splitlines()[-1])
    except Exception:
        return {}
of, tf, oi, ti = last("ours-fanout.txt"), last("theirs-fanout.txt"), last("ours-idle.txt"), last("theirs-idle.txt")
os_, ts = last("ours-saturation.txt"), last("theirs-saturation.txt")
def saturated(r):
    # after the warm-up when there was one (its end to the last delivery)
    return r.get("deliveries_per_second_measured") or r.get("deliveries_per_second")
def ratio(a, b):
    return round(a / b, 2) if a and b else None
rows = [
    ("server CPU s per 1M deliveries", of.get("server_cpu_seconds_per_million_deliveries"), tf.get("server_cpu_seconds_per_million_deliveries")),
    ("deliveries/s at the fixed rate", of.get("deliveries_per_second"), tf.get("deliveries_per_second")),
    ("deliveries/s at saturation", saturated(os_), saturated(ts)),
    ("latency p99 us", (of.get("latency") or {}).get("p99_us"), (tf.get("latency") or {}).get("p99_us")),
    ("heap(+direct) bytes per idle socket", oi.get("heap_plus_direct_bytes_per_socket"), ti.get("heap_plus_direct_bytes_per_socket")),
    ("RSS bytes per idle socket", oi.get("rss_bytes_per_socket"), ti.get("rss_bytes_per_socket")),
]
print("%-38s %16s %16s %12s" % ("", "daisi-ws", "socket.io", "theirs/ours"))
for label, o, t in rows:
    print("%-38s %16s %16s %12s" % (label, o, t, ratio(t, o)))
summary = {"scenario": "socketio", "ours": {"fanout": of, "idle": oi, "saturation": os_},
           "theirs": {"fanout": tf, "idle": ti, "saturation": ts},
           "ratio_cpu": ratio(tf.get("server_cpu_seconds_per_million_deliveries"), of.get("server_cpu_seconds_per_million_deliveries")),
           "ratio_deliveries": ratio(of.get("deliveries_per_second"), tf.get("deliveries_per_second")),
           "ratio_saturation_deliveries": ratio(saturated(os_), saturated(ts)),
           "ratio_memory_rss": ratio(ti.get("rss_bytes_per_socket"), oi.get("rss_bytes_per_socket")),
           "ok": all(r.get("ok") for r in (of, tf, oi, ti, os_, ts))}
print(json.dumps(summary))
PY
