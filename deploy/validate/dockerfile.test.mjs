// deploy/Dockerfile, checked structurally (no Docker engine on the build machines): known
// instructions, stages, a non-root user, exec-form entrypoint, every COPY source present in
// the build context (the repository), memory caps, and the ports the gateway listens on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { read, exists } from "./lib.mjs";

const INSTRUCTIONS = new Set(["FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
  "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"]);

function instructions(text) {
  const logical = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  return logical.map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
  });
}

const dockerfile = instructions(read("deploy/Dockerfile"));

test("only known instructions; ARGs then FROM first", () => {
  for (const { keyword } of dockerfile) {
    assert.ok(INSTRUCTIONS.has(keyword), keyword);
  }
  const firstNonArg = dockerfile.find((i) => i.keyword !== "ARG");
  assert.equal(firstNonArg.keyword, "FROM");
});

test("every COPY from the build context names a file that exists; stages referenced exist", () => {
  const stages = dockerfile.filter((i) => i.keyword === "FROM").map((i) => /\bAS\s+(\S+)/i.exec(i.args)?.[1]).filter(Boolean);
  for (const { keyword, args } of dockerfile.filter((i) => i.keyword === "COPY")) {
    const parts = args.split(/\s+/).filter((p) => !p.startsWith("--") || p.startsWith("--from"));
    const from = /--from=(\S+)/.exec(args)?.[1];
    const sources = parts.filter((p) => !p.startsWith("--")).slice(0, -1);
    if (from) {
      assert.ok(stages.includes(from), `stage ${from}`);
    } else {
      for (const source of sources) {
        assert.ok(exists(source.replace(/\/$/, "")), `${keyword} ${source}`);
      }
    }
  }
});

test("runs as a non-root user, with an exec-form entrypoint and a health check", () => {
  const runtime = dockerfile.slice(dockerfile.map((i) => i.keyword).lastIndexOf("FROM"));
  const user = runtime.filter((i) => i.keyword === "USER").at(-1);
  assert.ok(user && !/^(root|0)(:|$)/.test(user.args), "USER is not root");
  const entrypoint = runtime.find((i) => i.keyword === "ENTRYPOINT");
  assert.ok(JSON.parse(entrypoint.args).length > 0, "exec form (JSON array), so SIGTERM reaches java");
  assert.match(entrypoint.args, /exec java/);
  assert.ok(runtime.some((i) => i.keyword === "HEALTHCHECK" && i.args.includes("/health")));
});

test("the JVM is capped under the container limit and the ports match the config", () => {
  const env = dockerfile.filter((i) => i.keyword === "ENV").map((i) => i.args).join(" ");
  assert.match(env, /-XX:MaxRAMPercentage=\d+/);
  assert.match(env, /-XX:MaxDirectMemorySize=\d+[mg]/);
  const heap = Number(/-XX:MaxRAMPercentage=(\d+)/.exec(env)[1]);
  assert.ok(heap <= 60, "heap leaves room for direct memory and the rest");
  const exposed = dockerfile.filter((i) => i.keyword === "EXPOSE").flatMap((i) => i.args.split(/\s+/));
  const config = read("config/config.yaml");
  for (const key of ["http_port", "grpc_port"]) {
    const port = new RegExp(`^  ${key}: (\\d+)`, "m").exec(config)[1];
    assert.ok(exposed.includes(port), `EXPOSE ${port} (server.${key})`);
  }
});

test("the start command (scripts/run.sh) runs with the JVM flags the image ships", () => {
  const env = dockerfile.filter((i) => i.keyword === "ENV").map((i) => i.args).join(" ");
  const image = /JAVA_OPTS="([^"]*)"/.exec(env)[1];
  const runSh = /^DEFAULT_JAVA_OPTS="([^"]*)"/m.exec(read("scripts/run.sh"));
  assert.ok(runSh, "scripts/run.sh sets DEFAULT_JAVA_OPTS");
  assert.equal(runSh[1], image);
});
