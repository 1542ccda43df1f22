// deploy/k8s/*.yaml against the Kubernetes object schemas (kubernetes-models, generated from
// the Kubernetes OpenAPI; the Prometheus operator's for ServiceMonitor), plus the properties the
// gateway needs: drain-aware grace period, memory caps under the limit, gRPC only from pods.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import YAML from "yaml";
import { ConfigMap, Secret, Service } from "kubernetes-models/v1";
import { Deployment } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { deploy, yamlDocs, yaml } from "./lib.mjs";

const MODELS = {
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "monitoring.coreos.com/v1/ServiceMonitor": ServiceMonitor,
};

const files = readdirSync(join(deploy, "k8s")).filter((f) => f.endsWith(".yaml")).sort();
const objects = files.flatMap((file) => yamlDocs(`deploy/k8s/${file}`).map((doc) => ({ file, doc })));
const one = (kind) => {
  const found = objects.filter(({ doc }) => doc.kind === kind);
  assert.equal(found.length, 1, `one ${kind}`);
  return found[0].doc;
};

function validate({ file, doc }) {
  const Model = MODELS[`${doc.apiVersion}/${doc.kind}`];
  assert.ok(Model, `${file}: no schema for ${doc.apiVersion} ${doc.kind}`);
  new Model(doc).validate();
}

test("every manifest is a valid Kubernetes object", () => {
  assert.ok(objects.length >= 8);
  for (const object of objects) {
    assert.doesNotThrow(() => validate(object), `${object.file} ${object.doc.kind}`);
  }
});

test("the schema check is not vacuous: a wrong type is refused", () => {
  const deployment = structuredClone(one("Deployment"));
  deployment.spec.template.spec.containers[0].ports[0].containerPort = "eighty";
  assert.throws(() => validate({ file: "mutated", doc: deployment }));
  const hpa = structuredClone(one("HorizontalPodAutoscaler"));
  delete hpa.spec.maxReplicas;
  assert.throws(() => validate({ file: "mutated", doc: hpa }));
});

const deployment = one("Deployment");
const pod = deployment.spec.template;
const gateway = pod.spec.containers.find((c) => c.name === "gateway");
const env = Object.fromEntries(gateway.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));

function mebibytes(quantity) {
  const m = /^(\d+)(Mi|Gi|m|g)?$/.exec(String(quantity));
  assert.ok(m, `quantity ${quantity}`);
  return Number(m[1]) * ({ Gi: 1024, g: 1024, Mi: 1, m: 1 }[m[2] ?? "Mi"] ?? 1);
}

test("the grace period covers preStop + app.shutdown_drain_seconds + app.shutdown_timeout_seconds", () => {
  const config = YAML.parse(one("ConfigMap").data["config.yaml"]);
  const defaults = yaml("config/config.yaml");
  const app = { ...defaults.app, ...config.app };
  const drain = app.shutdown_drain_seconds ?? 5; // SPEC §11 default, where the shipped file predates the key
  const timeout = app.shutdown_timeout_seconds;
  const preStop = gateway.lifecycle.preStop.exec.command;
  assert.deepEqual(preStop.slice(0, 1), ["sleep"]);
  const sleep = Number(preStop[1]);
  assert.ok(pod.spec.terminationGracePeriodSeconds > sleep + drain + timeout,
    `terminationGracePeriodSeconds ${pod.spec.terminationGracePeriodSeconds} > ${sleep} + ${drain} + ${timeout}`);
});

test("heap and direct memory are capped under the container's memory limit", () => {
  const opts = env.JAVA_OPTS;
  const heapPercent = Number(/-XX:MaxRAMPercentage=(\d+)/.exec(opts)[1]);
  const direct = mebibytes(/-XX:MaxDirectMemorySize=(\d+[mg]?)/.exec(opts)[1]);
  const limit = mebibytes(gateway.resources.limits.memory);
  const nonHeapReserve = 192; // metaspace, code cache, thread stacks, GC structures
  assert.ok(limit * heapPercent / 100 + direct + nonHeapReserve <= limit,
    `heap ${heapPercent}% of ${limit} MiB + direct ${direct} MiB + ${nonHeapReserve} MiB must fit the limit`);
});

test("probes, pod id and ports are wired", () => {
  assert.equal(gateway.readinessProbe.httpGet.path, "/ready");
  assert.equal(gateway.livenessProbe.httpGet.path, "/health");
  assert.ok(gateway.env.some((e) => e.name === "DAISI_WS_SERVER_POD_ID" && e.valueFrom.fieldRef.fieldPath === "metadata.name"));
  assert.deepEqual(gateway.ports.map((p) => [p.name, p.containerPort]), [["http", 8080], ["grpc", 50051]]);
});

const matches = (selector, labels) => Object.entries(selector).every(([k, v]) => labels[k] === v);

test("the gRPC port admits only gateway pods; HTTP stays open", () => {
  const policy = one("NetworkPolicy");
  assert.ok(matches(policy.spec.podSelector.matchLabels, pod.metadata.labels));
  assert.deepEqual(policy.spec.policyTypes, ["Ingress"]);
  const grpcRules = policy.spec.ingress.filter((rule) => (rule.ports ?? []).some((p) => p.port === 50051));
  assert.ok(grpcRules.length > 0);
  for (const rule of grpcRules) {
    assert.ok(rule.from?.length > 0, "a rule opening 50051 names its sources");
    for (const source of rule.from) {
      assert.equal(source.ipBlock, undefined);
      assert.equal(source.namespaceSelector, undefined);
      assert.ok(matches(source.podSelector.matchLabels, pod.metadata.labels), "only gateway pods");
    }
  }
  assert.ok(policy.spec.ingress.some((rule) => !rule.from && rule.ports.some((p) => p.port === 8080)));
  assert.ok(policy.spec.ingress.every((rule) => rule.ports?.length > 0), "no rule opens every port");
});

test("the PodDisruptionBudget and the HPA target the gateway", () => {
  const pdb = one("PodDisruptionBudget");
  assert.ok(matches(pdb.spec.selector.matchLabels, pod.metadata.labels));
  assert.ok(pdb.spec.maxUnavailable < deployment.spec.replicas || pdb.spec.minAvailable >= 1);
  const hpa = one("HorizontalPodAutoscaler");
  assert.deepEqual(hpa.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name });
  assert.ok(hpa.spec.metrics.some((m) => m.type === "Pods" && m.pods.metric.name === "dws_active_connections"));
  assert.ok(hpa.spec.metrics.some((m) => m.type === "Resource" && m.resource.name === "cpu"));
  assert.ok(gateway.resources.requests.cpu, "a CPU request, which CPU utilisation is measured against");
  assert.ok(hpa.spec.minReplicas >= 2);
});

test("the ServiceMonitor scrapes /metrics through the Service's http port", () => {
  const monitor = one("ServiceMonitor");
  const service = one("Service");
  assert.ok(matches(monitor.spec.selector.matchLabels, service.metadata.labels));
  const endpoint = monitor.spec.endpoints[0];
  assert.equal(endpoint.path, "/metrics");
  assert.ok(service.spec.ports.some((p) => p.name === endpoint.port));
  assert.ok(matches(service.spec.selector, pod.metadata.labels));
});
