// The peer of the side-by-side benchmarks: socket.io 4.8 + @socket.io/redis-adapter, shaped like the
// gateway's development surface so the same harness drives both:
//   sockets   ws://host:PORT/ws/{company}/{agent}?EIO=4&transport=websocket  (joins room company/agent)
//   events    POST /dev/events {"subject":"websocket.C.A.chats","event":{...}} -> 202, emitted to the room
//             on every server through the Redis adapter, as ["event",{"seq":N,"payload":event}]
//   tokens    POST /generate-token -> {"token":"-"} (no authentication: the peer's cost is a floor)
//   memory    GET /metrics[?gc=1] -> process_resident_memory_bytes, nodejs_heap_size_used_bytes
//             (gc=1 runs a full GC first; start node with --expose-gc)
// Environment: PORT (default 3000), REDIS_URL (default redis://127.0.0.1:6379). Loopback only.
import http from "node:http";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";

const port = Number(process.env.PORT || 3000);
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
let seq = 0;

const pub = createClient({ url: redisUrl });
const sub = pub.duplicate();
await Promise.all([pub.connect(), sub.connect()]);

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (req.method === "POST" && url.pathname === "/dev/events") {
    readJson(req, res, (body) => {
      const parts = String(body.subject || "").split(".");
      if (parts.length < 4 || typeof body.event !== "object") {
        return send(res, 400, { error: "subject and event required" });
      }
      io.to(parts[1] + "/" + parts[2]).emit("event", { seq: ++seq, payload: body.event });
      send(res, 202, { seq });
    });
  } else if (req.method === "POST" && url.pathname === "/generate-token") {
    readJson(req, res, () => send(res, 200, { token: "-" }));
  } else if (url.pathname === "/metrics") {
    if (url.searchParams.get("gc") === "1" && global.gc) {
      global.gc();
    }
    const m = process.memoryUsage();
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`process_resident_memory_bytes ${m.rss}\nnodejs_heap_size_used_bytes ${m.heapUsed}\n`
      + `nodejs_external_memory_bytes ${m.external}\n`);
  } else if (url.pathname === "/ready" || url.pathname === "/health") {
    send(res, 200, { status: "ok" });
  } else {
    send(res, 404, { error: "not found" });
  }
});

const io = new Server(server, {
  path: "/ws/",
  transports: ["websocket"],
  serveClient: false,
  perMessageDeflate: false,
  adapter: createAdapter(pub, sub),
});

io.on("connection", (socket) => {
  const parts = new URL(socket.request.url, "http://localhost").pathname.split("/");
  socket.join(parts[2] + "/" + parts[3]);
});

server.listen(port, "127.0.0.1", () => console.log(`socket.io peer on 127.0.0.1:${port}`));

function readJson(req, res, then) {
  let data = "";
  req.on("data", (chunk) => { data += chunk; });
  req.on("end", () => {
    try {
      then(data ? JSON.parse(data) : {});
    } catch (e) {
      send(res, 400, { error: "bad json" });
    }
  });
}

function send(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
