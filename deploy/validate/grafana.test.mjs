// deploy/grafana/dashboards/daisi-ws.json: the structure Grafana needs to load it, every
// query parsed as PromQL, and the topics the dashboard must cover.
import { test } from "node:test";
import assert from "node:assert/strict";
import { read, yaml, promqlErrors } from "./lib.mjs";

const dashboard = JSON.parse(read("deploy/grafana/dashboards/daisi-ws.json"));
const datasourceUid = yaml("deploy/grafana/provisioning/datasources/prometheus.yaml").datasources[0].uid;
const panels = dashboard.panels.filter((p) => p.type !== "row");

test("the dashboard has what Grafana needs to provision it", () => {
  assert.equal(typeof dashboard.uid, "string");
  assert.ok(dashboard.uid.length > 0 && dashboard.uid.length <= 40);
  assert.equal(typeof dashboard.title, "string");
  assert.ok(Number.isInteger(dashboard.schemaVersion) && dashboard.schemaVersion >= 30);
  const ids = dashboard.panels.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length, "panel ids are unique");
  for (const panel of dashboard.panels) {
    const { h, w, x, y } = panel.gridPos;
    assert.ok([h, w, x, y].every(Number.isInteger), `${panel.title}: gridPos`);
    assert.ok(x >= 0 && w > 0 && x + w <= 24, `${panel.title}: fits the 24-column grid`);
  }
});

test("panels do not overlap", () => {
  const cells = new Map();
  for (const panel of dashboard.panels) {
    const { h, w, x, y } = panel.gridPos;
    for (let row = y; row < y + h; row++) {
      for (let col = x; col < x + w; col++) {
        const key = `${row},${col}`;
        assert.ok(!cells.has(key), `${panel.title} overlaps ${cells.get(key)}`);
        cells.set(key, panel.title);
      }
    }
  }
});

test("every query uses the provisioned data source and is valid PromQL", () => {
  for (const panel of panels) {
    assert.equal(panel.datasource.uid, datasourceUid, panel.title);
    assert.ok(panel.targets.length > 0, panel.title);
    const refIds = panel.targets.map((t) => t.refId);
    assert.equal(new Set(refIds).size, refIds.length, `${panel.title}: refIds`);
    for (const target of panel.targets) {
      assert.deepEqual(promqlErrors(target.expr), [], `${panel.title}: ${target.expr}`);
    }
  }
  for (const variable of dashboard.templating.list) {
    assert.equal(variable.datasource.uid, datasourceUid);
  }
});

test("the dashboard covers connections, handshakes, deliveries, latency, catch-ups, drops, breakers, dependencies and consumer lag", () => {
  const queries = panels.flatMap((p) => p.targets.map((t) => t.expr)).join("\n");
  for (const metric of [
    "dws_active_connections", "dws_connections_total", "dws_connections_refused_total",
    "dws_event_deliveries_total", "dws_event_delivery_latency_seconds_bucket",
    "dws_catchup_active", "dws_catchup_started_total", "dws_catchup_events_total", "dws_slow_consumer_closes_total",
    "dws_websocket_messages_dropped_total", "dws_grpc_circuitbreaker_tripped_total",
    "redis_up", "up{job=\"nats\"}", "jetstream_consumer_num_pending",
  ]) {
    assert.ok(queries.includes(metric), metric);
  }
});
