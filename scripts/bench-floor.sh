#!/usr/bin/env bash
# The kernel's floor for one delivery on this machine: a C server (bench/floor/sendfloor.c)
# send()s one frame to each of N loopback TCP sockets per round, while a child process reads
# them all. Prints one JSON line: the server's user and system CPU per frame. What any server
# pays per frame for send() alone, to read the gateway's CPU per delivery against.
#   scripts/bench-floor.sh [sockets=1000] [rounds_per_second=50] [seconds=20] [frame_bytes=560]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/target
bin=bench/target/sendfloor
if [[ ! -x $bin || bench/floor/sendfloor.c -nt $bin ]]; then
  gcc -O2 -Wall -o "$bin" bench/floor/sendfloor.c
fi
out=$("$bin" "${1:-1000}" "${2:-50}" "${3:-20}" "${4:-560}")
echo "${out%\}},\"scenario\":\"floor\",\"ok\":$(grep -q '"client_complete":true' <<<"$out" && echo true || echo false)}"
