// deploy/docker-compose.yaml against the Compose specification's JSON schema (as shipped by
// dclint), plus what the stack must contain to run (SPEC: deploy stack).
import { test } from "node:test";
import assert from "node:assert/strict";
import Ajv from "ajv";
import { yaml, read, exists } from "./lib.mjs";

// dclint's package exports no path to it, so it is read from the installed package. Its
// $schema names the draft-07 meta-schema by a URL Ajv does not know (https, no '#'), so the
// schema itself is not checked against the meta-schema (validateSchema: false); Ajv's
// default dialect is draft-07.
const schema = JSON.parse(read("deploy/validate/node_modules/dclint/schemas/compose.schema.json"));
const compose = yaml("deploy/docker-compose.yaml");

test("the compose file is valid against the Compose specification schema", () => {
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  const validate = ajv.compile(schema);
  const ok = validate(compose);
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
});

test("the schema check is not vacuous: a wrong type is refused", () => {
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  const validate = ajv.compile(schema);
  const broken = structuredClone(compose);
  broken.services.redis.ports = "6379";
  broken.services.redis.helathcheck = {};
  assert.equal(validate(broken), false);
});

test("the stack has NATS with JetStream, Redis, two gateways, Prometheus and Grafana", () => {
  const services = compose.services;
  for (const name of ["nats", "redis", "gateway-1", "gateway-2", "prometheus", "grafana"]) {
    assert.ok(services[name], `service ${name}`);
  }
  assert.ok(services.nats.command.includes("-js"), "nats runs with JetStream (-js)");
  for (const name of ["gateway-1", "gateway-2"]) {
    const env = services[name].environment;
    assert.equal(env.DAISI_WS_REDIS_ADDRESS, "redis:6379");
    assert.equal(env.DAISI_WS_NATS_URL, "nats://nats:4222");
    assert.equal(env.DAISI_WS_SERVER_POD_ID, name);
    assert.match(env.JAVA_OPTS, /-XX:MaxDirectMemorySize=/);
    assert.equal(services[name].build.dockerfile, "deploy/Dockerfile");
  }
  assert.notEqual(services["gateway-1"].ports[0], services["gateway-2"].ports[0]);
});

test("every file the stack mounts exists in the repository", () => {
  for (const [name, service] of Object.entries(compose.services)) {
    for (const volume of service.volumes ?? []) {
      const source = volume.split(":")[0];
      if (source.startsWith("./")) {
        assert.ok(exists("deploy/" + source.slice(2)), `${name} mounts ${source}`);
      }
    }
  }
});

test("Prometheus scrapes both gateways and loads the alert rules", () => {
  const prometheus = yaml("deploy/prometheus/prometheus.yaml");
  const gatewayJob = prometheus.scrape_configs.find((job) => job.job_name === "daisi-ws");
  const targets = gatewayJob.static_configs.flatMap((c) => c.targets);
  assert.deepEqual(targets.sort(), ["gateway-1:8080", "gateway-2:8080"]);
  assert.equal(gatewayJob.metrics_path, "/metrics");
  const mounted = compose.services.prometheus.volumes.map((v) => v.split(":"));
  for (const file of prometheus.rule_files) {
    assert.ok(mounted.some(([, target]) => target === file), `rule file ${file} is mounted`);
  }
  const jobs = prometheus.scrape_configs.map((job) => job.job_name);
  for (const job of jobs) {
    assert.equal(jobs.filter((j) => j === job).length, 1, `job ${job} is unique`);
  }
  assert.ok(read("deploy/prometheus/prometheus.yaml").includes("alerts.yaml"));
});

test("Grafana is provisioned with the Prometheus data source and the dashboard folder", () => {
  const datasources = yaml("deploy/grafana/provisioning/datasources/prometheus.yaml").datasources;
  assert.equal(datasources[0].type, "prometheus");
  assert.equal(datasources[0].url, "http://prometheus:9090");
  const providers = yaml("deploy/grafana/provisioning/dashboards/daisi-ws.yaml").providers;
  const mounts = compose.services.grafana.volumes.map((v) => v.split(":"));
  assert.ok(mounts.some(([source, target]) => source === "./grafana/dashboards" && target === providers[0].options.path));
});
