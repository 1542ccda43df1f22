// Shared helpers of the deploy checks: file access relative to the repository, YAML, PromQL.
import { readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import { parser } from "@prometheus-io/lezer-promql";

export const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const deploy = join(repo, "deploy");

export const read = (path) => readFileSync(join(repo, path), "utf8");
export const exists = (path) => existsSync(join(repo, path));

/** Every document of a YAML file; YAML errors (and merge keys `<<`) as compose and kubectl see them. */
export function yamlDocs(path) {
  const docs = YAML.parseAllDocuments(read(path), { merge: true });
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new Error(`${path}: ${doc.errors.map((e) => e.message).join("; ")}`);
    }
  }
  return docs.map((doc) => doc.toJS({ maxAliasCount: -1 })).filter((doc) => doc != null);
}

export const yaml = (path) => yamlDocs(path)[0];

/** PromQL syntax errors of an expression (the grammar Prometheus's own UI uses); empty = it parses. */
export function promqlErrors(expr) {
  // Grafana's template variables are not PromQL: give them a value of the right shape
  const query = expr.replaceAll("$__rate_interval", "1m").replaceAll("$pod", ".*");
  const errors = [];
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push(`syntax error at ${node.from}: ...${query.slice(Math.max(0, node.from - 10), node.to + 10)}...`);
      }
    },
  });
  return errors;
}
