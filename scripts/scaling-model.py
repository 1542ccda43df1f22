#!/usr/bin/env python3
"""Load model of a daisi-ws cluster (docs/SCALING.md): what NATS, Redis, gRPC and the pods carry
for a given number of pods, sockets and events, in `shared` or `per_pod` delivery mode.

  scripts/scaling-model.py --pods 4 --sockets 200000 --events 5000 --fanout 20 --route-pods 2
  scripts/scaling-model.py --crossover [--fanout F --route-pods R]
  scripts/scaling-model.py --deployment 1M [--events 50000]
  scripts/scaling-model.py --constants          the constants and the run each came from
  scripts/scaling-model.py ... --set c_take_shared_us=250   override a constant

Standard library only. The constants are in one table below; docs/SCALING.md explains them.
"""
import argparse
import math
import random
import sys
from collections import namedtuple

Constant = namedtuple("Constant", "value unit meaning source")

# ---------------------------------------------------------------------------------------------
# THE CONSTANTS. Runs named "scaling:<run>" are scripts/scaling-measure.sh <run>, 2026-11-26
# 04:47-05:02 UTC, on the 2-core box while another benchmark ran (load average 3-11): counts are
# exact, CPU figures are upper bounds (light load, JIT barely warm, loaded machine). "BENCHMARKS"
# means docs/BENCHMARKS.md as of commit 2182ead (the lead is re-measuring those).
# ---------------------------------------------------------------------------------------------
CONSTANTS = {
    # NATS (counts from /varz in_msgs/out_msgs; bytes from /varz count payload only)
    "nats_msgs_per_publish": Constant(1, "msg in", "the event published to the stream", "scaling:shared100, perpod100"),
    "nats_puback_per_publish": Constant(1, "msg out", "JetStream's ack to the publisher", "scaling:shared100, perpod100"),
    "nats_msgs_per_consumer": Constant(1, "msg out + 1 in", "each consumer: one delivery out, one ack in",
                                       "scaling:shared100 (2.0 in/2.0 out per event) vs perpod100 (3.0/3.0)"),
    "nats_wire_overhead_bytes": Constant(130, "bytes/msg", "MSG line: subject + $JS.ACK reply subject (not in /varz)",
                                         "estimate from the protocol format, not measured"),
    "nats_bg_msgs_in_per_pod": Constant(1.6, "msgs/s", "idle: pull requests, consumer info (ack floor) each second",
                                        "scaling:shared20/perpod100 idle windows (3.1-3.2 in/s for 2 pods)"),
    "nats_bg_msgs_out_per_pod": Constant(2.1, "msgs/s", "idle: heartbeats, consumer info replies",
                                         "scaling:shared20/perpod100 idle windows (4.1-4.2 out/s for 2 pods)"),
    "nats_bg_bytes_out_per_pod": Constant(750, "bytes/s", "idle payload out (consumer info JSON)",
                                          "scaling:shared20 (1.4 KB/s), perpod100 (1.6 KB/s) for 2 pods"),
    "nats_cpu_per_event_us": Constant(60, "us", "nats-server CPU per event stored (publish side)",
                                      "scaling:warm_shared/warm_perpod: 80 us with 1 consumer, 100 us with 2"),
    "nats_cpu_per_delivery_us": Constant(20, "us", "nats-server CPU per delivery + ack (per consumer)",
                                         "scaling:warm_perpod minus warm_shared"),
    "nats_node_stream_msgs_per_s": Constant(330_000, "msgs/s", "one node: stored publishes + deliveries, published",
                                            "nats-server#5637: 166k 1 KiB publishes/s with consumers (R1, memory); "
                                            "docs natsbench: 272k publishes/s, 777k replayed/s"),
    # Redis (client commands: what the pods send; scripts run 2-3 commands inside Redis)
    "redis_lock_renew_per_socket_s": Constant(0.1, "EVALSHA/s", "compare-and-expire every ttl_refresh_interval (10 s)",
                                              "scaling:shared20 MONITOR: 1,200 in 37 s for 300 sockets"),
    "redis_route_renew_per_key_s": Constant(0.1, "EVALSHA/s", "SADD+EXPIRE per (pod, route key) every 10 s",
                                            "scaling:shared20 MONITOR: 2,400 in 37 s for 600 (pod, key)"),
    "redis_heartbeat_per_pod_s": Constant(0.2, "SET/s", "pod:{id} every TTL/3 = 5 s",
                                          "scaling:shared20 MONITOR: 14 in 37 s for 2 pods"),
    "redis_marks_mget_per_pod_s": Constant(0.1, "MGET/s", "activity marks of all message keys, MGETs of at most 500 keys per round",
                                           "scaling:shared20 MONITOR: 8 in 37 s for 2 pods"),
    "redis_live_peers_mget_per_pod_s": Constant(0.5, "MGET/s", "peer heartbeats, remembered 2 s (LivePeers), steady",
                                                "scaling:shared20 MONITOR: 36 in 37 s for 2 pods"),
    "redis_smembers_per_event": Constant(1.0, "SMEMBERS", "route read per event taken (shared), distinct routes",
                                         "scaling:shared20, shared100, warm_shared: 1.00"),
    "redis_smembers_per_event_same_route_burst": Constant(0.05, "SMEMBERS", "events of a burst on one route",
                                                          "scaling:burst: 1,500 events on one route, ~70 reads"),
    "redis_ops_per_connect": Constant(3, "commands", "token cache SET, fence EVALSHA, lock SET NX (+1 per new key)",
                                      "scaling:shared20 connect window, MONITOR (4 then, with the cache GET that"
                                      " session 5 dropped)"),
    "redis_ops_per_close": Constant(1, "commands", "lock compare-and-delete (+1 SREM per emptied key)",
                                    "scaling:shared20 close window, MONITOR"),
    "redis_us_smembers": Constant(1.15, "us", "Redis CPU per SMEMBERS, pipelined", "scaling:redis-bench 873k/s"),
    "redis_us_evalsha": Constant(2.3, "us", "Redis CPU per compare-and-expire script", "scaling:redis-bench 438k/s"),
    "redis_us_set": Constant(0.66, "us", "Redis CPU per SET (also GET, SREM, one MGET key)",
                             "scaling:redis-bench 1.5M/s"),
    # gRPC
    "grpc_batch_window_ms": Constant(2, "ms", "round trip of a PushEvents batch, while which events queue (PeerBatcher)",
                                     "assumption for a production network; on the loaded box forwarded events took "
                                     "33-118 ms on average (scaling:shared20/shared100), so 1.05-1.2 events per call"),
    # gateway CPU
    "c_frame_us": Constant(7.7, "us", "CPU per delivered frame (one frame per send(); kernel floor ~3 us)",
                           "BENCHMARKS session 4: cpu_per_frame, 1 pod via JetStream, 1,000 sockets at 50 events/s, "
                           "after a 30 s warm-up; batched frames at saturation cost 2.1-2.5 us"),
    "c_take_per_pod_us": Constant(140, "us", "per_pod: CPU per event per pod (parse, match, ack), no frame",
                                  "scaling:warm_perpod (109-166 us per pod per event, 1 frame incl.)"),
    "c_take_shared_us": Constant(484, "us", "shared: CPU per event taken (parse, route read, match, async ack)",
                                 "scaling:warm_shared, fit of the single/multi phases"),
    "c_forward_us": Constant(246, "us", "shared: CPU per forwarded event, sender + receiver",
                             "scaling:warm_shared, fit of the single/multi phases"),
    "pod_idle_cores": Constant(0.025, "cores", "a pod with nothing to do (ticker, renewal, GC)",
                               "scaling:shared20 idle window"),
    # memory
    "m_rss_kib": Constant(9.1, "KiB", "RSS per idle socket (G1, as shipped; about 21 with ZGC)",
                          "BENCHMARKS session 5: idle, 19,000 sockets, forced GC: 9,270 B (session 4: 11,213 B)"),
    "m_heap_direct_kib": Constant(2.4, "KiB", "heap + direct per idle socket",
                                  "BENCHMARKS session 5: idle, 2,417 B (session 4: 3,457 B)"),
    "pod_base_mib": Constant(150, "MiB", "RSS of a pod with no sockets", "OPERATIONS sizing, BENCHMARKS (113 MiB)"),
}

# assumptions of a deployment, not measured (each a command-line option)
DEFAULTS = dict(payload_bytes=512, chats_keys_per_socket=0.1, message_keys_per_socket=0.5,
                active_message_key_share=0.5,
                pod_cores=4.0, pod_memory_gib=4.0, cpu_target=0.7, memory_target=0.75,
                redis_target=0.5, nats_target=0.5, reconnects_per_socket_hour=1.0)


def c(name):
    return CONSTANTS[name].value


def forwards_per_event(pods, route_pods):
    """The pod that takes an event is any pod: it forwards to the route's other pods, R(P-1)/P on average."""
    return route_pods * (pods - 1) / pods if pods > 1 else 0.0


def batched_calls(rate, window):
    """Calls per second for `rate` events/s with one batch in flight, each taking `window` s (Poisson)."""
    if rate <= 0:
        return 0.0
    return 1.0 / (window + math.exp(-rate * window) / rate)


def load(pods, sockets, events, fanout, route_pods, mode, a):
    """Per-component load of one cluster. Returns an ordered dict of (value, unit) by label."""
    P, S, E, F = pods, sockets, events, fanout
    R = min(route_pods, P)
    shared = mode == "shared"
    consumers = 1 if shared else P
    fwd = forwards_per_event(P, R) if shared else 0.0
    out = {}
    # NATS
    deliveries = E * consumers
    out["NATS messages in"] = (E * c("nats_msgs_per_publish") + deliveries + P * c("nats_bg_msgs_in_per_pod"), "msgs/s")
    out["NATS messages out"] = (E * c("nats_puback_per_publish") + deliveries + P * c("nats_bg_msgs_out_per_pod"),
                                "msgs/s")
    out["NATS deliveries (of which)"] = (deliveries, "msgs/s")
    egress = deliveries * (a.payload_bytes + c("nats_wire_overhead_bytes")) + P * c("nats_bg_bytes_out_per_pod")
    out["NATS egress to pods"] = (egress / 1e6, "MB/s")
    nats_cpu = (E * c("nats_cpu_per_event_us") + deliveries * c("nats_cpu_per_delivery_us")) / 1e6
    out["NATS CPU (light-load figures)"] = (nats_cpu, "cores")
    out["NATS node load vs published capacity"] = ((E + deliveries) / c("nats_node_stream_msgs_per_s") * 100, "%")
    out["JetStream durable consumers"] = (consumers, "")
    # Redis
    message_keys = S * a.message_keys_per_socket          # (pod, key) pairs: a key held on R pods counts R times
    keys = S * a.chats_keys_per_socket + message_keys
    connects = S * a.reconnects_per_socket_hour / 3600
    mget_chunks = math.ceil(message_keys / P / 500) if P else 0
    redis = {
        "session lock renewal (EVALSHA)": S * c("redis_lock_renew_per_socket_s"),
        # per_pod pods write no route sets (nothing reads them), so they renew none and mark none active
        "route renewal (EVALSHA)": keys * c("redis_route_renew_per_key_s") if shared else 0.0,
        "activity marks (SET)": message_keys * a.active_message_key_share * c("redis_route_renew_per_key_s")
        if shared else 0.0,
        "activity marks (MGETs of <= 500 keys)": P * c("redis_marks_mget_per_pod_s") * mget_chunks if shared else 0.0,
        "heartbeats (SET)": P * c("redis_heartbeat_per_pod_s"),
        "route reads (SMEMBERS)": E * c("redis_smembers_per_event") if shared else 0.0,
        "peer heartbeats (MGET)": P * c("redis_live_peers_mget_per_pod_s") if shared else 0.0,
        "connects + closes": connects * (c("redis_ops_per_connect") + c("redis_ops_per_close")
                                         + (2 * (keys / S if S else 0) if shared else 0)),
    }
    for k, v in redis.items():
        out["Redis " + k] = (v, "ops/s")
    out["Redis total"] = (sum(redis.values()), "ops/s")
    redis_us = ((redis["session lock renewal (EVALSHA)"] + redis["route renewal (EVALSHA)"]
                 + redis["connects + closes"]) * c("redis_us_evalsha")
                + redis["route reads (SMEMBERS)"] * c("redis_us_smembers")
                + (redis["activity marks (SET)"] + redis["heartbeats (SET)"]) * c("redis_us_set")
                # an MGET costs about a SET per key it reads: every message key once a round, peers every 2 s
                + (message_keys * c("redis_route_renew_per_key_s") * c("redis_us_set") if shared else 0.0)
                + redis["peer heartbeats (MGET)"] * (P - 1) * c("redis_us_set"))
    out["Redis CPU (one thread: share of a node)"] = (redis_us / 1e6 * 100, "%")
    out["activity-mark MGETs per pod per round (<= 500 keys each)"] = (mget_chunks if shared else 0, "")
    # gRPC
    forwarded = E * fwd
    pairs = P * (P - 1)
    calls = pairs * batched_calls(forwarded / pairs, c("grpc_batch_window_ms") / 1000) if pairs and forwarded else 0.0
    out["gRPC events forwarded"] = (forwarded, "events/s")
    out["gRPC batches (StreamEvents messages)"] = (calls, "batches/s")
    # frames and CPU
    out["frames written"] = (E * F, "frames/s")
    frames_cpu = E * F * c("c_frame_us") / 1e6
    intake_cpu = (E * (c("c_take_shared_us") + fwd * c("c_forward_us")) if shared
                  else E * P * c("c_take_per_pod_us")) / 1e6
    out["gateway CPU for frames"] = (frames_cpu, "cores")
    out["gateway CPU for event intake"] = (intake_cpu, "cores")
    out["gateway CPU idle"] = (P * c("pod_idle_cores"), "cores")
    gw = frames_cpu + intake_cpu + P * c("pod_idle_cores")
    out["gateway CPU total"] = (gw, "cores")
    out["gateway CPU per pod"] = (gw / P, "cores")
    out["  of which intake per pod"] = (intake_cpu / P, "cores")
    mem = S * c("m_rss_kib") / 1024 + P * c("pod_base_mib")
    out["socket memory (RSS, all pods)"] = (mem / 1024, "GiB")
    out["socket memory per pod"] = (mem / P / 1024, "GiB")
    out["total CPU (gateways + NATS + Redis)"] = (gw + nats_cpu + redis_us / 1e6, "cores")
    return out


def fmt(value, unit):
    if unit in ("cores", "GiB", "MB/s"):
        text = "%.2f" % value
    elif unit == "%":
        text = "%.1f" % value
    else:
        text = "{:,.0f}".format(value) if value >= 10 else "%.2g" % value
    return ("%s %s" % (text, unit)).strip()


def print_load(title, result):
    print(title)
    width = max(len(k) for k in result)
    for k, (v, unit) in result.items():
        print("  %-*s  %s" % (width, k, fmt(v, unit)))


def per_pod_ceiling(a):
    """Events/s beyond which no per_pod pod can keep up: every pod takes every event."""
    return a.pod_cores * a.cpu_target / (c("c_take_per_pod_us") / 1e6)


def crossover(a):
    F, R = a.fanout, a.route_pods
    pods = [2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 30]
    rates = [100, 1_000, 5_000, 10_000, 20_000, 50_000, 100_000]
    print("Crossover: cheaper mode by total CPU (gateways + NATS + Redis), fan-out F=%g, pods per route R=%g"
          % (F, R))
    print("  sh = shared cheaper, pp = per_pod cheaper; sh! = per_pod impossible (a pod cannot take every event:")
    print("  ceiling %s events/s per %g-core pod at %d%%), sh^ = per_pod over one NATS node (>%d%% of %s stream msgs/s)"
          % ("{:,.0f}".format(per_pod_ceiling(a)), a.pod_cores, a.cpu_target * 100, a.nats_target * 100,
             "{:,.0f}".format(c("nats_node_stream_msgs_per_s"))))
    print("  (the number is per_pod CPU / shared CPU)")
    print("  %8s | %s" % ("pods \\ E", " ".join("%11s" % "{:,}".format(e) for e in rates)))
    for p in pods:
        cells = []
        for e in rates:
            s = load(p, 0, e, F, R, "shared", a)["total CPU (gateways + NATS + Redis)"][0]
            q = load(p, 0, e, F, R, "per_pod", a)
            pp = q["total CPU (gateways + NATS + Redis)"][0]
            mark = "sh" if s < pp else "pp"
            if e > per_pod_ceiling(a):
                mark = "sh!"
            elif q["NATS node load vs published capacity"][0] > a.nats_target * 100:
                mark = "sh^"
            cells.append("%11s" % ("%s %.2f" % (mark, pp / s)))
        print("  %8d | %s" % (p, " ".join(cells)))
    print()
    print("CPU-only crossover (independent of E: both modes are linear in it), smallest P where shared wins:")
    for r_label, r in (("R=1", 1), ("R=2", 2), ("R=3", 3)):
        winner = next((p for p in range(2, 200)
                       if load(p, 0, 1000, F, min(r, p), "shared", a)["total CPU (gateways + NATS + Redis)"][0]
                       < load(p, 0, 1000, F, min(r, p), "per_pod", a)["total CPU (gateways + NATS + Redis)"][0]),
                      None)
        print("  %s: %s" % (r_label, "P >= %d" % winner if winner else "never below 200 pods"))
    never = all(load(p, 0, 1000, F, p, "shared", a)["total CPU (gateways + NATS + Redis)"][0]
                >= load(p, 0, 1000, F, p, "per_pod", a)["total CPU (gateways + NATS + Redis)"][0]
                for p in range(2, 200))
    print("  R=P (every route on every pod): %s" % ("per_pod always cheaper" if never else "shared wins somewhere"))


def simulate_route_reads(rate, t_redis, routes, zipf_s, seconds=2.0, seed=7):
    """RouteLookups on one pod: Poisson events over `routes` keys (Zipf), one pipelined lookup in
    flight at a time; returns (SMEMBERS per event, lookups per second)."""
    rng = random.Random(seed)
    weights = [1.0 / (k + 1) ** zipf_s for k in range(routes)]
    total = sum(weights)
    cum, acc = [], 0.0
    for w in weights:
        acc += w / total
        cum.append(acc)

    def key():
        x = rng.random()
        lo, hi = 0, len(cum) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        return lo

    t, busy_until, waiting, reads, lookups, n = 0.0, 0.0, [], 0, 0, 0
    while t < seconds:
        t += rng.expovariate(rate)
        while waiting and busy_until <= t:   # the lookup in flight answered: the waiting ones leave together
            reads += len(set(waiting))
            lookups += 1
            waiting = []
            busy_until += t_redis
        n += 1
        if busy_until <= t:
            reads += 1
            lookups += 1
            busy_until = t + t_redis
        else:
            waiting.append(key())
    return reads / n, lookups / seconds


def deployment(a):
    S, E, F, R = a.sockets_deploy, a.events, a.fanout, a.route_pods
    per_pod_sockets = (a.pod_memory_gib * 1024 * a.memory_target - c("pod_base_mib")) * 1024 / c("m_rss_kib")
    p_mem = math.ceil(S / per_pod_sockets)
    p_cpu = None
    for p in range(2, 10_000):
        if load(p, S, E, F, R, "shared", a)["gateway CPU per pod"][0] <= a.pod_cores * a.cpu_target:
            p_cpu = p
            break
    P = max(p_mem, p_cpu or p_mem)
    print("Deployment: %s sockets, %s events/s, fan-out %g (%s frames/s), routes on %g pods, events of %d bytes"
          % ("{:,}".format(S), "{:,}".format(E), F, "{:,.0f}".format(E * F), R, a.payload_bytes))
    print("Pods of %g cores (target %d%%) and %g GiB (target %d%%); %g chats + %g message route keys per socket,"
          " %d%% of message keys active per round, %g reconnects per socket per hour"
          % (a.pod_cores, a.cpu_target * 100, a.pod_memory_gib, a.memory_target * 100, a.chats_keys_per_socket,
             a.message_keys_per_socket,
             a.active_message_key_share * 100, a.reconnects_per_socket_hour))
    print()
    print("  pods by memory: %d (%s sockets per pod at %g KiB RSS each)"
          % (p_mem, "{:,.0f}".format(per_pod_sockets), c("m_rss_kib")))
    print("  pods by CPU (shared): %s" % (p_cpu if p_cpu else "not reachable"))
    print("  per_pod mode: %s" % (
        "impossible: every pod must take all %s events/s, and one pod takes at most %s/s at these figures"
        % ("{:,}".format(E), "{:,.0f}".format(per_pod_ceiling(a))) if E > per_pod_ceiling(a)
        else "possible as far as CPU goes; see NATS below"))
    print("  => %d pods, shared mode" % P)
    print()
    print_load("Load with %d pods, shared:" % P, load(P, S, E, F, R, "shared", a))
    print()
    pp = load(P, S, E, F, R, "per_pod", a)
    print("For comparison, per_pod with the same %d pods: NATS deliveries %s msgs/s, egress %.0f MB/s, "
          "node load %.0f%% of the published figure; intake CPU per pod %.1f cores"
          % (P, "{:,.0f}".format(pp["NATS deliveries (of which)"][0]), pp["NATS egress to pods"][0],
             pp["NATS node load vs published capacity"][0], pp["  of which intake per pod"][0]))
    print()
    sh = load(P, S, E, F, R, "shared", a)
    redis_share = sh["Redis CPU (one thread: share of a node)"][0]
    nats_share = sh["NATS node load vs published capacity"][0]
    print("One Redis node? %s (%.0f%% of one thread by the redis-benchmark figures of this box; target %d%%)"
          % ("yes" if redis_share <= a.redis_target * 100 else "no: shard the session and route keys (Redis Cluster)",
             redis_share, a.redis_target * 100))
    print("One NATS node? %s (%.0f%% of the published per-node figure; the light-load CPU figures measured here"
          " would ask %.1f cores)" % ("yes" if nats_share <= a.nats_target * 100 else "no",
                                      nats_share, sh["NATS CPU (light-load figures)"][0]))
    rate = E / P
    for label, routes, s in (("routes uniform over 100,000 keys", 100_000, 0.0),
                             ("hot routes (Zipf s=1.2 over 1,000 keys)", 1_000, 1.2)):
        per_event, lookups = simulate_route_reads(rate, 0.0005, routes, s)
        print("Route reads per event taken, simulated (%s/s per pod, 0.5 ms Redis round trip, %s): "
              "%.2f SMEMBERS, %.0f pipelined lookups/s per pod"
              % ("{:,.0f}".format(rate), label, per_event, lookups))


def parse_count(text):
    text = text.strip().upper()
    mult = {"K": 1_000, "M": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if mult > 1 else text) * mult)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pods", type=int, default=2)
    p.add_argument("--sockets", type=parse_count, default=10_000, help="e.g. 200000 or 200k")
    p.add_argument("--events", type=parse_count, default=None, help="events/s published (default 1000; 50000 with --deployment)")
    p.add_argument("--fanout", type=float, default=20, help="deliveries (matching sockets) per event, F")
    p.add_argument("--route-pods", type=float, default=2, help="pods holding the matching sockets of an event, R")
    p.add_argument("--mode", choices=("shared", "per_pod", "both"), default="both")
    p.add_argument("--crossover", action="store_true", help="pods x events/s grid: where shared beats per_pod")
    p.add_argument("--deployment", type=parse_count, metavar="SOCKETS", dest="sockets_deploy",
                   help="size a deployment of this many sockets (e.g. 1M) at --events (default 50000)")
    p.add_argument("--constants", action="store_true", help="print the constants and where each came from")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="override a constant")
    for k, v in DEFAULTS.items():
        p.add_argument("--" + k.replace("_", "-"), type=float, default=v, help="assumption (default %g)" % v)
    a = p.parse_args()
    for item in a.set:
        name, _, value = item.partition("=")
        if name not in CONSTANTS:
            p.error("--set: unknown constant %s (see --constants)" % name)
        CONSTANTS[name] = CONSTANTS[name]._replace(value=float(value), source="--set on the command line")
    if a.constants:
        for name, k in CONSTANTS.items():
            print("%-42s %10g %-14s %s\n%44s source: %s" % (name, k.value, k.unit, k.meaning, "", k.source))
        return
    if a.events is None:
        a.events = 50_000 if a.sockets_deploy else 1_000
    if a.crossover:
        crossover(a)
    elif a.sockets_deploy:
        deployment(a)
    else:
        for mode in (("shared", "per_pod") if a.mode == "both" else (a.mode,)):
            print_load("%s: %d pods, %s sockets, %s events/s, F=%g, R=%g" % (
                mode, a.pods, "{:,}".format(a.sockets), "{:,}".format(a.events), a.fanout, a.route_pods),
                load(a.pods, a.sockets, a.events, a.fanout, a.route_pods, mode, a))
            print()


if __name__ == "__main__":
    sys.exit(main())
