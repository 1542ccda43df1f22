#!/usr/bin/env bash
# Runs the scenarios of issue 9's targets table one after the other, each against its own
# freshly started redis-server, nats-server and gateways on free loopback ports, each bounded
# in time, and writes bench/results/<UTC time>/summary.json and summary.md.
#   scripts/bench-all.sh            full sizes: run it on a quiet machine (about 40 minutes; `cluster` alone 7, each `_warm` run 3 to 5)
#   scripts/bench-all.sh --smoke    tiny sizes: proves every scenario runs (a minute or two)
#   ONLY="latency crosspod" scripts/bench-all.sh   a subset
# Gateways get $GATEWAY_JAVA_OPTS (default -Xmx1g -XX:+UseG1GC: the GC the start command and the image
# ship; gc_zgc runs latency_light with ZGC to compare).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-home.sh
source scripts/lib/bench-cluster.sh

smoke=false
[[ ${1:-} == --smoke ]] && smoke=true
only=${ONLY:-"fanout_shared fanout_per_pod fanout_shared_warm fanout_per_pod_warm latency latency_warm latency_light latency_light_warm gc_zgc crosspod crosspod_light crosspod_warm connect idle cluster cpu_per_frame floor socketio"}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out=bench/results/$stamp
mkdir -p "$out"
trap stop_started EXIT

if [[ ! -f gateway/target/daisi-ws-gateway.jar || ! -f bench/target/daisi-ws-bench.jar ]] || \
   [[ -n $(find gateway/src bench/src -newer bench/target/daisi-ws-bench.jar -print -quit) ]]; then
  echo "building ..." >&2
  ./mvnw -B -q -pl gateway,bench -am package -DskipTests
fi

KEY=$(config_value secret_token)
TOKEN_KEY=$(config_value token_aes_key)
ADMIN_TOKEN_KEY=$(config_value admin_token_aes_key)
export GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS:-"-Xmx1g -XX:+UseG1GC"}
# The harness's JVM options: $BENCH_JAVA_OPTS if set, as for scripts/bench.sh. Otherwise -Xmx1g, with
# ZGC for the runs that measure latency: a client that times deliveries must not stop for its own
# GC, and G1 stopped the harness for 5-14 ms every 6 s at 17,500 frames/s, after it had stopped parsing frames
# it does not read (7-46 ms every 2.5 s before; BENCHMARKS "Session 12").
harness_opts() { # harness_opts RUN_NAME
  if [[ -n ${BENCH_JAVA_OPTS:-} ]]; then echo "$BENCH_JAVA_OPTS"; return; fi
  case $1 in latency* | gc_zgc | crosspod*) echo "-Xmx1g -XX:+UseZGC" ;; *) echo "-Xmx1g" ;; esac
}

# size SMOKE FULL
size() { if $smoke; then echo "$1"; else echo "$2"; fi; }

# run NAME TIMEOUT_SECONDS ARGS...: one harness run; its JSON line goes to $out/NAME.json
run() {
  local name=$1 limit=$2
  shift 2
  local opts
  read -r -a opts <<<"$(harness_opts "$name")"
  echo "== $name (harness: ${opts[*]}): ${*}" >&2
  if timeout --kill-after=10 "$limit" java "${opts[@]}" -jar bench/target/daisi-ws-bench.jar "$@" --json >"$out/$name.txt" 2>"$out/$name.err"; then
    :
  else
    echo "   ($name ended with exit code $?; see $out/$name.err)" >&2
  fi
  tail -n 1 "$out/$name.txt" | grep '^{' >"$out/$name.json" || echo '{"scenario":"'"$name"'","ok":false}' >"$out/$name.json"
}

cluster() { # cluster MODE PODS: fresh Redis, NATS and PODS gateways; logs under $BENCH_WORK/<scenario>
  STREAM=b$RANDOM
  start_redis && start_nats || return 1
  for ((p = 0; p < $2; p++)); do start_gateway "$scenario-pod-$p" "$1" || return 1; done
}

policy_given=${DAISI_WS_APP_WEBSOCKET_BACKPRESSURE_DROP_POLICY:-}
for scenario in $only; do
  if [[ $scenario != socketio && $scenario != floor ]]; then
    pods=2
    case $scenario in idle | cpu_per_frame) pods=1 ;; cluster) pods=6 ;; esac
    mode=shared
    [[ $scenario == fanout_per_pod* ]] && mode=per_pod
    [[ $scenario == gc_zgc ]] && GATEWAY_JAVA_OPTS_SAVED=$GATEWAY_JAVA_OPTS && GATEWAY_JAVA_OPTS="-Xmx1g -XX:+UseZGC"
    # The saturation runs offer far more than the box can deliver, so every socket falls behind
    # at once: under the shipped catch_up policy each is soon further behind than
    # app.recovery_max_events and closed with 4408, which measures nothing. They measure
    # throughput with drop_oldest ($FANOUT_POLICY to choose another).
    if [[ $scenario == fanout_* ]]; then
      export DAISI_WS_APP_WEBSOCKET_BACKPRESSURE_DROP_POLICY=${FANOUT_POLICY:-drop_oldest}
    elif [[ -n $policy_given ]]; then
      export DAISI_WS_APP_WEBSOCKET_BACKPRESSURE_DROP_POLICY=$policy_given
    else
      unset DAISI_WS_APP_WEBSOCKET_BACKPRESSURE_DROP_POLICY
    fi
    if ! cluster "$mode" "$pods"; then
      echo "   $scenario skipped: its services did not start (logs in $BENCH_WORK)" >&2
      stop_started
      continue
    fi
  fi
  case $scenario in
    fanout_shared | fanout_per_pod | fanout_shared_warm | fanout_per_pod_warm)
      # fanout_*_warm: the same after 100 s of warm-up at 200 events/s, a load the pods sustain
      # (the harness's default is 1 s at the run's rate), so that deliveries_per_second_measured gives the
      # saturated rate of warm pods: saturated from the start, the JIT compilers take a quarter of each
      # pod's CPU for about 90 s, and 100 s of overload closes a few sockets as slow (BENCHMARKS "Session 11").
      # 1,500 events/s offer 1,500,000 deliveries/s: the 600 of Sessions 4-13 were about what warm
      # pods deliver (560,000-595,000 of 600,000 in Session 13), a rate offered, not a saturation
      warm=()
      [[ $scenario == *_warm ]] && warm=(--warmup-seconds "$(size 1 100)" --warmup-rate "$(size 50 200)")
      run "$scenario" 300 fanout --nats "$NATS_URL" --gateway "$(joined_urls)" --api-key "$KEY" \
        --token-key "$TOKEN_KEY" --sockets "$(size 100 1000)" --rate "$(size 100 1500)" \
        --seconds "$(size 2 10)" --payload-bytes 512 "${warm[@]}"
      stop_started ;;
    latency | latency_warm | latency_light | latency_light_warm | gc_zgc)
      # latency: the target's load (1,000 events/s, about 86,000 deliveries/s: saturates this box);
      # latency_warm: the same measured after 150 s instead of 30, when the JIT has settled (a pod
      # in service for minutes; at 30 s C2 still takes a fifth of each pod's CPU);
      # latency_light and gc_zgc: 200 events/s (about 17,500 deliveries/s), G1 and ZGC side by side;
      # latency_light_warm: the light load measured after 150 s (at 30 s, C2 still takes a fifth of each pod)
      rate=$(size 50 1000)
      [[ $scenario == latency_light* || $scenario == gc_zgc ]] && rate=$(size 50 200)
      warmup=$(size 1 30)
      [[ $scenario == latency_warm || $scenario == latency_light_warm ]] && warmup=$(size 1 150)
      run "$scenario" 300 latency --nats "$NATS_URL" --gateway "$(joined_urls)" --api-key "$KEY" \
        --token-key "$TOKEN_KEY" --admin-token-key "$ADMIN_TOKEN_KEY" --admins "$(size 10 100)" \
        --sockets "$(size 200 10000)" --pairs "$(size 10 100)" --chats-per-pair 2 \
        --mix chats:80,messages:15,agents:5 --rate "$rate" --seconds "$(size 3 20)" --warmup-seconds "$warmup" \
        --ramp-per-second 2000
      stop_started
      [[ $scenario == gc_zgc ]] && GATEWAY_JAVA_OPTS=$GATEWAY_JAVA_OPTS_SAVED ;;
    crosspod | crosspod_light | crosspod_warm)
      # crosspod: 500 events/s (about 50,000 deliveries/s); crosspod_light: 100 events/s (10,000),
      # where a slower machine is not saturated and the hop's own cost shows; crosspod_warm: the
      # light load measured after 150 s instead of 30
      rate=$(size 50 500)
      [[ $scenario != crosspod ]] && rate=$(size 50 100)
      warmup=$(size 1 30)
      [[ $scenario == crosspod_warm ]] && warmup=$(size 1 150)
      run "$scenario" 300 crosspod --nats "$NATS_URL" --gateway "$(joined_urls)" --api-key "$KEY" \
        --token-key "$TOKEN_KEY" --sockets "$(size 100 2000)" --pairs "$(size 10 20)" \
        --rate "$rate" --seconds "$(size 3 20)" --warmup-seconds "$warmup"
      stop_started ;;
    connect)
      # cold (fresh pods, fresh harness), then warm: three rounds opened and closed first by the
      # same harness process, the fourth measured (fresh pods again)
      run connect 300 connect --gateway "$(joined_urls)" --api-key "$KEY" --token-key "$TOKEN_KEY" \
        --count "$(size 500 15000)" --ramp-per-second 100000 --max-in-flight 512
      stop_started
      if cluster shared 2; then
        run connect_warm 600 connect --gateway "$(joined_urls)" --api-key "$KEY" --token-key "$TOKEN_KEY" \
          --count "$(size 500 15000)" --warmup-rounds "$(size 1 3)" --ramp-per-second 100000 --max-in-flight 512
      fi
      stop_started ;;
    idle)
      run idle 600 idle --gateway "$(joined_urls)" --api-key "$KEY" --token-key "$TOKEN_KEY" \
        --count "$(size 500 19000)" --ramp-per-second 3000 --pid "${GATEWAY_PIDS[0]}" --hold-seconds "$(size 1 10)"
      stop_started ;;
    cluster)
      # six instances; one harness process per instance, each from its own source address
      # (a process holds at most 20,000 open files; 127.0.0.x gives each its own port range).
      # A capacity test, not a rate test: twelve cold JVMs share 2 cores, so each process opens
      # its sockets a few dozen at a time and has ten minutes to do it (more at once only
      # times out handshakes, and Redis commands in the pods, without holding more sockets)
      per=$(size 100 16667)
      pids=()
      for ((p = 0; p < 6; p++)); do
        run "cluster_$p" 900 idle --gateway "$(joined_urls)" --gateway-index "$p" --api-key "$KEY" \
          --token-key "$TOKEN_KEY" --count "$per" --user-prefix "p$p-u" --bind "127.0.0.$((p + 2))" \
          --ramp-per-second "$(size 2000 300)" --max-in-flight 32 --connect-timeout-seconds 600 \
          --hold-seconds "$(size 5 30)" &
        pids+=($!)
      done
      for pid in "${pids[@]}"; do wait "$pid" || true; done
      stop_started ;;
    cpu_per_frame)
      # the steady case of the CPU target: 1,000 sockets at 50 events/s (50,000 deliveries/s)
      # through JetStream, one pod; CPU of the gateway process only
      run cpu_per_frame 300 fanout --nats "$NATS_URL" --gateway "$(joined_urls)" --api-key "$KEY" \
        --token-key "$TOKEN_KEY" --sockets "$(size 100 1000)" --rate 50 --seconds "$(size 3 60)" \
        --warmup-seconds "$(size 1 30)" --payload-bytes 512 --server-pids "${GATEWAY_PIDS[0]}"
      stop_started ;;
    floor)
      # what the kernel alone charges a sender per frame on loopback (no Java, no framing)
      scripts/bench-floor.sh "$(size 100 1000)" 50 "$(size 3 20)" 560 >"$out/floor.txt" 2>"$out/floor.err" || true
      tail -n 1 "$out/floor.txt" | grep '^{' >"$out/floor.json" || echo '{"scenario":"floor","ok":false}' >"$out/floor.json" ;;
    socketio)
      # both servers warmed 120 s before their CPU and their saturated rate are read: at the script's
      # default 30 s our JIT is still compiling (socket.io came out cheaper per delivery then, 0.9x;
      # BENCHMARKS "Session 13")
      WARMUP_SECONDS=${WARMUP_SECONDS:-$(size 2 120)} timeout 1800 scripts/bench-vs-socketio.sh "$($smoke && echo --smoke)" >"$out/socketio.txt" 2>"$out/socketio.err" || true
      tail -n 1 "$out/socketio.txt" | grep '^{' >"$out/socketio.json" || echo '{"scenario":"socketio","ok":false}' >"$out/socketio.json" ;;
    *) echo "unknown scenario $scenario" >&2 ;;
  esac
done

python3 - "$out" "$smoke" <<'PY'
import json, sys, glob, os
out, smoke = sys.argv[1], sys.argv[2] == "true"
runs = {}
for f in sorted(glob.glob(os.path.join(out, "*.json"))):
    if f.endswith("summary.json"):
        continue
    with open(f) as fh:
        try:
            runs[os.path.basename(f)[:-5]] = json.load(fh)
        except ValueError:
            runs[os.path.basename(f)[:-5]] = {"ok": False}
cluster = [r for n, r in runs.items() if n.startswith("cluster_")]
if cluster:
    runs["cluster_total"] = {"ok": all(r.get("ok") for r in cluster),
                             "sockets_ready": sum(r.get("sockets_ready", 0) for r in cluster),
                             "sockets_requested": sum(r.get("sockets_requested", 0) for r in cluster)}
json.dump({"smoke": smoke, "runs": runs}, open(os.path.join(out, "summary.json"), "w"), indent=1)
def lat(r, k="latency"):
    l = r.get(k) or {}
    return "p50 %.2f / p99 %.2f / p99.9 %.2f / max %.2f ms" % tuple(l.get(x, 0) / 1000 for x in ("p50_us", "p99_us", "p99_9_us", "max_us")) if l else ""
rows = ["| run | ok | key figures |", "|---|---|---|"]
for name, r in runs.items():
    figs = []
    for k in ("deliveries_per_second", "deliveries_per_second_measured", "connects_per_second", "sockets_ready", "heap_plus_direct_bytes_per_socket", "rss_bytes_per_socket", "hop_added_p99_us", "ratio_cpu", "ratio_deliveries", "server_cpu_seconds_per_million_deliveries", "server_us_per_frame"):
        # the rate after the warm-up is the figure of the saturation runs only
        if k in r and (k != "deliveries_per_second_measured" or name.startswith("fanout_")):
            figs.append("%s %s" % (k, r[k]))
    if "latency" in r:
        figs.append("latency " + lat(r))
    rows.append("| %s | %s | %s |" % (name, r.get("ok"), "; ".join(figs)))
head = "# bench-all %s%s\n\n" % (os.path.basename(out), " (SMOKE sizes: proves the scenarios run, not figures)" if smoke else "")
open(os.path.join(out, "summary.md"), "w").write(head + "\n".join(rows) + "\n")
print(head + "\n".join(rows))
PY
