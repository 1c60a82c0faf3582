#!/usr/bin/env bash
# Switchboard.Server in Redis mode over three instances (run.mjs: the Open WebUI stream pattern and channel typing
# fanout, per server CPU-second), then, in the same run, Node's figures from the Redis adapter bench (bench/redis/run.mjs
# --only node: two socket.io 4.8 servers with @socket.io/redis-adapter). Prints the load average at start and end.
#   bench/redis-mode/run.sh [--no-build] [run.mjs options: --replies 40 --words 200 --concurrent 4 --tabs 60 --rounds 500]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build=1
args=()
for a in "$@"; do
  if [ "$a" = --no-build ]; then build=0; else args+=("$a"); fi
done
command -v node >/dev/null || { echo "run.sh: node is missing: install Node.js 20 with npm" >&2; exit 1; }
export SWITCHBOARD_TEST_REDIS_SERVER="${SWITCHBOARD_TEST_REDIS_SERVER:-$(command -v redis-server || true)}"
[ -n "$SWITCHBOARD_TEST_REDIS_SERVER" ] || { echo "run.sh: redis-server is missing (apt-get install redis-server)" >&2; exit 1; }
[ -d "$root/bench/node/node_modules/socket.io-client" ] || (cd "$root/bench/node" && npm ci --no-audit --no-fund --loglevel=error)
[ -d "$root/test/interop/node_modules/@socket.io/redis-adapter" ] || (cd "$root/test/interop" && npm ci --no-audit --no-fund --loglevel=error)
if [ "$build" = 1 ]; then
  dotnet build "$root/src/Switchboard.Server" -c Release -nologo -v quiet >&2
fi
# bench/redis/run.mjs checks for its Switchboard host even when it runs Node only.
[ -f "$root/test/Switchboard.RedisInterop/bin/Release/net10.0/Switchboard.RedisInterop.dll" ] ||
  dotnet build "$root/test/Switchboard.RedisInterop" -c Release -nologo -v quiet >&2

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
switchboard="$(node "$here/run.mjs" "${args[@]}")"
node_figures="$(node "$root/bench/redis/run.mjs" --only node --receivers 60 --fanout-messages 500 --stream-events 10000)"
load_end="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$root" rev-parse --short HEAD), $(nproc) cores, load average $load_start at start, $load_end at end."
echo
echo "$switchboard"
echo
echo "Node in the same run (bench/redis/run.mjs --only node):"
echo
echo "$node_figures"
