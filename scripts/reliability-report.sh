#!/usr/bin/env bash
# Writes docs/RELIABILITY.md from the reports the fault and fuzz tests leave in
# gateway/target/reliability/ (faults.jsonl, fuzz.jsonl; the last line per scenario/target wins).
#   scripts/reliability-report.sh          # from the reports of the last test run
#   scripts/reliability-report.sh --run    # run the fault and fuzz tests first (about 12 minutes on 2 cores)
# Extra Maven flags after --run, e.g. -Dfault.soak=true (long variants) or -Djqwik.tries.default=100000.
set -euo pipefail
cd "$(dirname "$0")/.."
REPORTS=gateway/target/reliability
OUT=docs/RELIABILITY.md

if [[ "${1:-}" == "--run" ]]; then
  shift
  source scripts/java-home.sh
  bash scripts/ensure-services.sh
  rm -f "$REPORTS"/faults.jsonl "$REPORTS"/fuzz.jsonl
  ./mvnw -B -pl gateway verify -Dtest='*Properties' -Dit.test='FaultInjectionIT,BadInputIT' \
    -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false "$@" || true
fi

for f in faults.jsonl fuzz.jsonl; do
  [[ -s "$REPORTS/$f" ]] || { echo "no $REPORTS/$f: run the tests first (--run)" >&2; exit 1; }
done

{
  echo "# Reliability"
  echo
  echo "Written by \`scripts/reliability-report.sh\` from the reports of a test run"
  echo "(\`gateway/target/reliability/*.jsonl\`) on $(date -u +%Y-%m-%d) — do not edit by hand. Reproduce with"
  echo
  echo '```'
  echo 'bash scripts/reliability-report.sh --run     # add -Dfault.soak=true for the long variants'
  echo '```'
  echo
  echo "## Faults under load (issue 10 item 5; \`FaultInjectionIT\`)"
  echo
  echo "Three pods as separate JVMs with the shipped defaults (breaker 5 failures / 30 s, heartbeat TTL"
  echo "15 s, \`max_deliver\` 5, ack wait 30 s), a private \`nats-server -js\` and \`redis-server\`; about 200"
  echo "events/s published to JetStream over six \`chats\` subjects, each with one socket on each of two"
  echo "pods (12 sockets). Every event is numbered by its stream sequence and counted per socket; lost ="
  echo "acknowledged by JetStream, meant for the socket (SPEC §6), never received — over all of the"
  echo "socket's connections (a closed socket reconnects with \`since\`). Duplicates are redeliveries"
  echo "(at-least-once), dropped by clients by \`seq\`."
  echo
  echo "| scenario | must hold | held | published | lost | duplicates | reconnects | wall time | details |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---|"
  jq -s -r 'group_by(.scenario) | map(last) | sort_by(.order // 99) | .[] |
    "| \(.scenario) | \(.must_hold) | \(if .passed then "yes" else "**NO**" end) | \(.published) | \(.lost) | \(.duplicates) | \(.reconnects) | \(.wall_seconds) s | \(
      [to_entries[] | select(.key | IN("order","scenario","must_hold","passed","wall_seconds","published","lost","duplicates","reconnects","notes","sockets") | not)
       | "\(.key)=\(.value)"] | join(", "))\(if .notes != "" then "; " + .notes else "" end) |"' "$REPORTS/faults.jsonl"
  echo
  echo "## Bad input, property-based (issue 10 item 6; jqwik)"
  echo
  echo "Unit level: the parsers and codecs themselves. End to end (\`BadInputIT\`): one gateway JVM"
  echo "(standalone, with a real JetStream) over real sockets and HTTP; after every property the process"
  echo "is alive and \`/health\` answers 200."
  echo
  echo "| level | target | generated cases | expected | held | wall s |"
  echo "|---|---|---:|---|---|---:|"
  jq -s -r 'group_by(.target) | map(last) | sort_by(.level != "unit", .target) | .[] |
    "| \(.level) | \(.target) | \(if .cases == 0 then "—" else .cases end) | \(.expectation) | \(if .passed then "yes" else "**NO**" end) | \(.seconds) |"' "$REPORTS/fuzz.jsonl"
} > "$OUT"
echo "wrote $OUT"
