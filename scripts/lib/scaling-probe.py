#!/usr/bin/env python3
"""Counters for the scaling measurements (scripts/scaling-measure.sh), standard library only.

  sample  --out F --redis HOST:PORT --nats-mon URL --gateway URL... --pid NAME=PID... --phase-file F
          one JSON line per second: Redis INFO commandstats/stats/cpu, NATS /varz and /jsz,
          selected gateway /metrics, CPU seconds of each process (/proc/<pid>/stat); until SIGTERM
  inject  --nats HOST:PORT --redis HOST:PORT --seconds S --per-burst N [--routes all|single|multi]
          [--pattern alternate|distinct]
          events straight onto the stream (core NATS PUB, stored by JetStream) in bursts, once a
          second: alternating one subject / N distinct subjects, or always distinct ones, over the
          chats routes found in Redis (single: held by one pod, multi: by several)
  report  --samples F [--monitor F]
          deltas over the windows of a run (idle, connect, events, close, marked phases) and the
          cost per event in each window with events, as one JSON object
"""
import argparse
import json
import os
import signal
import socket
import sys
import time
import urllib.request

TICK = os.sysconf("SC_CLK_TCK")
GATEWAY_PREFIXES = ("dws_grpc_", "dws_nats_", "dws_event_deliveries_total", "dws_active_connections",
                    "process_cpu_seconds_total", "dws_session_lock_", "dws_connections_total")


# ---------------------------------------------------------------- sample
def redis_info(addr, sections="commandstats stats cpu"):
    host, port = addr.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=2) as s:
        s.sendall(("INFO " + sections + "\r\n").encode())
        data = b""
        while b"\r\n" not in data:
            data += s.recv(65536)
        head, rest = data.split(b"\r\n", 1)
        size = int(head[1:])
        while len(rest) < size:
            rest += s.recv(65536)
    out = {}
    for line in rest[:size].decode().splitlines():
        if not line or line.startswith("#") or ":" not in line:
            continue
        k, v = line.split(":", 1)
        if k.startswith("cmdstat_"):
            out[k] = int(v.split("calls=", 1)[1].split(",", 1)[0])
        elif k in ("total_commands_processed", "used_cpu_sys", "used_cpu_user", "instantaneous_ops_per_sec",
                   "total_net_input_bytes", "total_net_output_bytes"):
            out[k] = float(v)
    return out


def http_json(url):
    with urllib.request.urlopen(url, timeout=2) as r:
        return json.load(r)


def gateway_metrics(url):
    out = {}
    with urllib.request.urlopen(url + "/metrics", timeout=2) as r:
        for raw in r.read().decode().splitlines():
            if raw.startswith("#") or not raw.startswith(GATEWAY_PREFIXES):
                continue
            if "_bucket{" in raw:
                continue
            name, _, value = raw.rpartition(" ")
            try:
                out[name] = float(value)
            except ValueError:
                pass
    return out


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime


def sample(a):
    pids = dict(p.split("=", 1) for p in a.pid)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    with open(a.out, "a") as out:
        while not stop:
            t0 = time.time()
            rec = {"t": t0}
            try:
                rec["phase"] = open(a.phase_file).read().strip()
            except OSError:
                rec["phase"] = ""
            for key, fn in (("redis", lambda: redis_info(a.redis)),
                            ("varz", lambda: {k: v for k, v in http_json(a.nats_mon + "/varz").items()
                                              if k in ("in_msgs", "out_msgs", "in_bytes", "out_bytes", "cpu")}),
                            ("jsz", lambda: {k: v for k, v in http_json(a.nats_mon + "/jsz").items()
                                             if k in ("messages", "bytes", "consumers")})):
                try:
                    rec[key] = fn()
                except Exception as e:  # a probe that fails once must not end the series
                    rec[key + "_error"] = str(e)
            rec["gw"] = []
            for url in a.gateway:
                try:
                    rec["gw"].append(gateway_metrics(url))
                except Exception as e:
                    rec["gw"].append({"error": str(e)})
            rec["cpu"] = {}
            for name, pid in pids.items():
                try:
                    rec["cpu"][name] = cpu_seconds(int(pid))
                except OSError:
                    pass
            out.write(json.dumps(rec) + "\n")
            out.flush()
            time.sleep(max(0.0, a.interval - (time.time() - t0)))


# ---------------------------------------------------------------- inject
def redis_command(addr, *args):
    host, port = addr.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=2) as s:
        s.sendall(("*%d\r\n" % len(args) + "".join("$%d\r\n%s\r\n" % (len(x), x) for x in args)).encode())
        f = s.makefile("rb")
        return read_resp(f)


def read_resp(f):
    line = f.readline().rstrip(b"\r\n")
    kind, body = line[:1], line[1:]
    if kind == b"*":
        return [read_resp(f) for _ in range(int(body))]
    if kind == b"$":
        n = int(body)
        return None if n < 0 else f.read(n + 2)[:-2].decode()
    if kind == b":":
        return int(body)
    return body.decode()


def inject(a):
    keys = []
    cursor = "0"
    while True:
        cursor, found = redis_command(a.redis, "SCAN", cursor, "MATCH", "route:*:chats", "COUNT", "1000")
        keys += found
        if cursor == "0":
            break
    if a.routes != "all":
        # single: routes held by one pod only; multi: by more than one
        keys = [k for k in keys if (redis_command(a.redis, "SCARD", k) > 1) == (a.routes == "multi")]
    routes = sorted({tuple(k.split(":")[1:3]) for k in keys if k.count(":") == 3})
    if not routes:
        sys.exit("inject: no route:*:chats keys in Redis")
    host, port = a.nats.rsplit(":", 1)
    s = socket.create_connection((host, int(port)))
    s.recv(4096)  # INFO
    s.sendall(b'CONNECT {"verbose":false,"pedantic":false}\r\n')
    n = 0
    start = time.time()
    for burst in range(a.seconds):
        time.sleep(max(0.0, start + burst - time.time()))
        one_subject = a.pattern == "alternate" and burst % 2 == 0
        buf = []
        for j in range(a.per_burst):
            c, ag = routes[0] if one_subject else routes[j % len(routes)]
            body = json.dumps({"event_id": "inj-%d" % n, "event_time": "2026-11-26T00:00:00Z", "company_id": c,
                               "agent_id": ag, "row_data": {"pad": "x" * 400}}).encode()
            buf.append(b"PUB %s %d\r\n%s\r\n" % (("websocket.%s.%s.chats" % (c, ag)).encode(), len(body), body))
            n += 1
        s.sendall(b"".join(buf) + b"PING\r\n")
    s.sendall(b"PING\r\n")
    time.sleep(0.5)
    s.close()
    print(json.dumps({"injected": n, "routes_available": len(routes), "bursts": a.seconds,
                      "per_burst": a.per_burst, "routes": a.routes, "pattern": a.pattern}))


# ---------------------------------------------------------------- report
def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def gw_sum(rec, prefix):
    return sum(v for g in rec["gw"] for k, v in g.items() if k.startswith(prefix))


def gw_each(rec, prefix):
    return [sum(v for k, v in g.items() if k.startswith(prefix)) for g in rec["gw"]]


def delta(a, b):
    """b - a over every numeric counter the two samples share."""
    d = {"seconds": b["t"] - a["t"]}
    for part in ("redis", "varz", "jsz", "cpu"):
        if part in a and part in b:
            d[part] = {k: round(b[part][k] - a[part].get(k, 0), 6) for k in b[part]
                       if isinstance(b[part][k], (int, float)) and k != "cpu"}
    d["gw"] = []
    for ga, gb in zip(a["gw"], b["gw"]):
        d["gw"].append({k: gb[k] - ga.get(k, 0) for k in gb if k != "error" and not k.startswith("dws_active")})
    return d


def windows(samples):
    """Index pairs (start, end) of the idle, connect, events and close phases of a run."""
    conns = [gw_sum(s, "dws_active_connections") for s in samples]
    recv = [gw_sum(s, "dws_nats_messages_received_total") for s in samples]
    w = {}
    idle = [i for i, s in enumerate(samples) if s["phase"] == "idle"]
    if len(idle) > 2:
        w["idle"] = (idle[1], idle[-1])  # the first sample may be taken while pods still settle
    peak = max(conns)
    if peak > 0:
        up = next(i for i, c in enumerate(conns) if c > 0)
        full = next(i for i, c in enumerate(conns) if c >= peak)
        w["connect"] = (max(0, up - 1), full)
        last_full = max(i for i, c in enumerate(conns) if c >= peak)
        down = next((i for i in range(last_full, len(conns)) if conns[i] == 0), len(conns) - 1)
        w["close"] = (last_full, down)
        w["held"] = (full, last_full)
    for label in sorted({s["phase"] for s in samples} - {"idle", "harness", "after", ""}):
        marked = [i for i, s in enumerate(samples) if s["phase"] == label]
        w["phase:" + label] = (max(0, marked[0] - 1), marked[-1])
    moving = [i for i in range(1, len(recv)) if recv[i] > recv[i - 1]]
    if moving:
        w["events"] = (moving[0] - 1, moving[-1])
    return w


def monitor_counts(path, t0, t1):
    """Client commands (not those run inside scripts) seen by MONITOR in [t0, t1), by kind."""
    counts = {}
    with open(path, errors="replace") as f:
        for line in f:
            if not line[:1].isdigit():
                continue
            ts = float(line.split(" ", 1)[0])
            if ts < t0 or ts >= t1 or "[0 lua]" in line:
                continue
            parts = line.split('"')[1::2]
            if not parts:
                continue
            cmd = parts[0].lower()
            key = ""
            if cmd in ("evalsha", "eval") and len(parts) > 3:
                key = parts[3]
                nargs = len(parts) - 4
            elif len(parts) > 1:
                key = parts[1]
                nargs = len(parts) - 2
            else:
                nargs = 0
            if key.endswith(":last_active"):
                kind = "activity_mark"
            elif key.startswith("session:") and cmd in ("evalsha", "eval"):
                kind = "session_renew" if nargs == 2 else "session_release"
            else:
                kind = key.split(":", 1)[0] if ":" in key else key
            label = "%s %s" % (cmd, kind)
            counts[label] = counts.get(label, 0) + 1
    return counts


def per_event(window, idle, events):
    """What one event cost in a window: counters divided by the events stored in it, NATS messages and
    CPU less what the idle window spent in the same time."""
    t = window["seconds"]
    rate = lambda part, k: idle[part].get(k, 0) / idle["seconds"] if idle else 0.0  # noqa: E731
    d = {"events": events, "seconds": round(t, 1), "events_per_second": round(events / t, 1)}
    d["nats"] = {k: round((v - rate("varz", k) * t) / events, 3) for k, v in window.get("varz", {}).items()}
    d["redis"] = {k[len("cmdstat_"):]: round(v / events, 3) for k, v in window.get("redis", {}).items()
                  if k.startswith("cmdstat_") and v}
    d["cpu_us"] = {k: round((v - rate("cpu", k) * t) / events * 1e6) for k, v in window.get("cpu", {}).items()}
    pods = []
    for g in window["gw"]:
        calls = g.get("dws_grpc_batch_events_count", 0)
        sent = g.get("dws_grpc_batch_events_sum", 0)
        pods.append({"taken": sum(v for k, v in g.items() if k.startswith("dws_nats_messages_received_total")),
                     "forwarded": sent, "grpc_calls": calls,
                     "events_per_call": round(sent / calls, 2) if calls else None,
                     "received_forwards": sum(v for k, v in g.items()
                                              if k.startswith("dws_grpc_messages_received_total")),
                     "deliveries": g.get("dws_event_deliveries_total", 0)})
    d["pods"] = pods
    d["forwards_per_event"] = round(sum(p["forwarded"] for p in pods) / events, 3)
    d["deliveries_per_event"] = round(sum(p["deliveries"] for p in pods) / events, 3)
    return d


def report(a):
    samples = load(a.samples)
    w = windows(samples)
    out = {"samples": len(samples), "windows": {}, "per_event": {}}
    for name, (i, j) in w.items():
        if j <= i:
            continue
        d = delta(samples[i], samples[j])
        d["t0"], d["t1"] = samples[i]["t"], samples[j]["t"]
        if a.monitor:
            d["monitor"] = monitor_counts(a.monitor, samples[i]["t"], samples[j]["t"])
        out["windows"][name] = d
    idle = out["windows"].get("idle")
    for name, d in out["windows"].items():
        events = d.get("jsz", {}).get("messages", 0)
        if (name == "events" or name.startswith("phase:")) and events > 0:
            out["per_event"][name] = per_event(d, idle, events)
    if idle:
        out["idle_per_second"] = {part: {k: round(v / idle["seconds"], 3) for k, v in idle[part].items() if v}
                                  for part in ("varz", "cpu", "redis")}
    print(json.dumps(out, indent=1, sort_keys=True))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--out", required=True)
    s.add_argument("--redis", required=True)
    s.add_argument("--nats-mon", required=True)
    s.add_argument("--gateway", action="append", default=[])
    s.add_argument("--pid", action="append", default=[])
    s.add_argument("--phase-file", required=True)
    s.add_argument("--interval", type=float, default=1.0)
    i = sub.add_parser("inject")
    i.add_argument("--nats", required=True)
    i.add_argument("--redis", required=True)
    i.add_argument("--seconds", type=int, default=30)
    i.add_argument("--per-burst", type=int, default=100)
    i.add_argument("--routes", choices=("all", "single", "multi"), default="all")
    i.add_argument("--pattern", choices=("alternate", "distinct"), default="alternate")
    r = sub.add_parser("report")
    r.add_argument("--samples", required=True)
    r.add_argument("--monitor")
    a = p.parse_args()
    {"sample": sample, "inject": inject, "report": report}[a.cmd](a)


if __name__ == "__main__":
    main()
