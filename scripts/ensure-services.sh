#!/usr/bin/env bash
# Makes sure the redis-server and nats-server binaries (and any binaries named as arguments,
# e.g. chromium) are installed. The tests start private instances of their own on free ports,
# so nothing is started here. Quiet and quick when all are present.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian puts nats-server in /usr/sbin, which is not on a normal user's PATH.
have() {
  command -v "$1" >/dev/null 2>&1 || [[ -x /usr/bin/$1 || -x /usr/sbin/$1 ]]
}

missing=()
for binary in redis-server nats-server "$@"; do
  have "$binary" || missing+=("$binary")   # the Debian packages share the binaries' names
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: ${missing[*]} not installed and there is no apt-get here; install them with" \
    "your package manager (redis-server 7+, nats-server 2.9+)." >&2
  exit 1
fi
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "error: ${missing[*]} not installed; installing needs root and sudo is not available." >&2
  echo "  as root, run: apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "installing ${missing[*]} ..." >&2
# env passes DEBIAN_FRONTEND through sudo, which would otherwise drop it.
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  "${missing[@]}"

for binary in "${missing[@]}"; do
  have "$binary" || { echo "error: $binary still missing after apt-get install" >&2; exit 1; }
done
