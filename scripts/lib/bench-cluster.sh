# Sourced by the benchmark scripts: starts private redis-server, nats-server and gateway
# processes on free loopback ports, and stops exactly those (their pids) on exit.
# Functions: free_port, start_redis, start_nats, start_gateway, stop_started, wait_http.
# Needs: scripts/java-home.sh sourced, gateway/target/daisi-ws-gateway.jar built.

BENCH_PIDS=()
BENCH_WORK=${BENCH_WORK:-$(mktemp -d /tmp/daisi-bench.XXXXXX)}
echo "bench work dir (logs): $BENCH_WORK" >&2

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

bin_of() {
  command -v "$1" 2>/dev/null || { [[ -x /usr/sbin/$1 ]] && echo "/usr/sbin/$1"; } || echo "$1"
}

# wait_http URL SECONDS: until the URL answers 200
wait_http() {
  local url=$1 deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      echo "error: $url not ready within $2 s" >&2
      return 1
    fi
    sleep 0.2
  done
}

# start_redis: sets REDIS_ADDR
start_redis() {
  local port
  port=$(free_port)
  "$(bin_of redis-server)" --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
    --dir "$BENCH_WORK" >"$BENCH_WORK/redis.log" 2>&1 &
  BENCH_PIDS+=($!)
  REDIS_ADDR=127.0.0.1:$port
  local deadline=$((SECONDS + 10))
  until redis-cli -p "$port" ping >/dev/null 2>&1; do
    ((SECONDS > deadline)) && { echo "error: redis did not start" >&2; return 1; }
    sleep 0.1
  done
}

# start_nats: sets NATS_URL (JetStream on, loopback only, store in the work dir)
start_nats() {
  local port
  port=$(free_port)
  "$(bin_of nats-server)" -js -a 127.0.0.1 -p "$port" -sd "$BENCH_WORK/js-$port" >"$BENCH_WORK/nats.log" 2>&1 &
  BENCH_PIDS+=($!)
  NATS_URL=nats://127.0.0.1:$port
  local deadline=$((SECONDS + 10))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    ((SECONDS > deadline)) && { echo "error: nats did not start" >&2; return 1; }
    sleep 0.1
  done
}

# start_gateway NAME MODE [standalone]: a cluster pod (shared|per_pod) on REDIS_ADDR/NATS_URL, or a
# standalone gateway; appends its base URL to GATEWAY_URLS and its pid to GATEWAY_PIDS.
# JVM options from GATEWAY_JAVA_OPTS; STREAM names the stream/consumer of this run.
GATEWAY_URLS=()
GATEWAY_PIDS=()
start_gateway() {
  local name=$1 mode=$2 http grpc
  http=$(free_port)
  grpc=$(free_port)
  local -a env=(DAISI_WS_SERVER_HTTP_PORT="$http" DAISI_WS_SERVER_GRPC_PORT="$grpc" DAISI_WS_SERVER_POD_ID="$name"
    DAISI_WS_SERVER_BIND_ADDRESS=127.0.0.1 DAISI_WS_SERVER_ADVERTISE_ADDRESS="127.0.0.1:$grpc"
    DAISI_WS_LOG_LEVEL=warn)
  if [[ ${3:-} != standalone ]]; then
    env+=(DAISI_WS_REDIS_ADDRESS="$REDIS_ADDR" DAISI_WS_NATS_URL="$NATS_URL" DAISI_WS_NATS_DELIVERY_MODE="$mode"
      DAISI_WS_NATS_STREAM_NAME="${STREAM:-bench}_stream" DAISI_WS_NATS_CONSUMER_NAME="${STREAM:-bench}_fanout")
  else
    env+=(DAISI_WS_APP_DEV_ENDPOINTS=true)
  fi
  # GATEWAY_JAVA_OPTS is a list of options, split on purpose
  # shellcheck disable=SC2086
  env "${env[@]}" java ${GATEWAY_JAVA_OPTS:-} -jar gateway/target/daisi-ws-gateway.jar \
    >"$BENCH_WORK/$name.log" 2>&1 &
  local pid=$!
  BENCH_PIDS+=("$pid")
  GATEWAY_PIDS+=("$pid")
  GATEWAY_URLS+=("http://127.0.0.1:$http")
  wait_http "http://127.0.0.1:$http/ready" 60
}

# stop_started: ends every process this script started (by pid), newest first (gateways before
# the Redis and NATS they drain to), each given 10 s to exit before SIGKILL
stop_started() {
  local pid i
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${BENCH_PIDS[i]}
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
  BENCH_PIDS=()
  GATEWAY_URLS=()
  GATEWAY_PIDS=()
}

joined_urls() {
  local IFS=,
  echo "${GATEWAY_URLS[*]}"
}

config_value() {
  sed -n "s/^  $1: \"\(.*\)\".*/\1/p" config/config.yaml
}
