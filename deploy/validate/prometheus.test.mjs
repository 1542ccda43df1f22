// deploy/prometheus/alerts.yaml: the rule-file structure promtool checks, and every expression
// parsed with Prometheus's own PromQL grammar (lezer-promql). The metric names are checked
// against the gateway's registry by DeployMetricNamesTest (Java).
import { test } from "node:test";
import assert from "node:assert/strict";
import { yaml, promqlErrors } from "./lib.mjs";

const rules = yaml("deploy/prometheus/alerts.yaml");
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const ALLOWED_RULE_KEYS = new Set(["alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"]);

test("rule groups are well formed", () => {
  assert.ok(Array.isArray(rules.groups) && rules.groups.length > 0);
  const names = rules.groups.map((g) => g.name);
  assert.equal(new Set(names).size, names.length, "group names are unique");
  for (const group of rules.groups) {
    assert.ok(group.rules.length > 0, group.name);
    for (const rule of group.rules) {
      for (const key of Object.keys(rule)) {
        assert.ok(ALLOWED_RULE_KEYS.has(key), `${group.name}: unknown key ${key}`);
      }
      assert.ok(/^[A-Za-z_][A-Za-z0-9_]*$/.test(rule.alert), `alert name ${rule.alert}`);
      assert.equal(typeof rule.expr, "string");
      if (rule.for !== undefined) {
        assert.match(rule.for, DURATION, `${rule.alert}: for`);
      }
      assert.ok(["critical", "warning", "info"].includes(rule.labels?.severity), `${rule.alert}: severity`);
      assert.ok(rule.annotations?.summary, `${rule.alert}: summary`);
    }
  }
});

test("every alert expression is valid PromQL", () => {
  for (const group of rules.groups) {
    for (const rule of group.rules) {
      assert.deepEqual(promqlErrors(rule.expr), [], `${rule.alert}: ${rule.expr}`);
    }
  }
});

test("the PromQL check is not vacuous", () => {
  assert.notDeepEqual(promqlErrors("sum(rate(dws_event_deliveries_total[5m]) by (pod"), []);
  assert.notDeepEqual(promqlErrors("rate(dws_event_deliveries_total[5x])"), []);
});
