#!/usr/bin/env bash
# Engine.IO WebSocket echo load test: Switchboard's conformance host against the Node reference (npm engine.io),
# one after the other in the same run, same load client, loopback only, bounded in time.
#   bench/engineio/run-load.sh [connections=50] [seconds=10] [window=4]
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
connections=${1:-50}
seconds=${2:-10}
window=${3:-4}
(cd bench/engineio && [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error)
dotnet build test/Switchboard.Conformance -c Release -nologo -v quiet >/dev/null

wait_for() { for _ in $(seq 1 100); do curl -sf "$1/engine.io/?EIO=4&transport=polling" >/dev/null && return 0; sleep 0.1; done; echo "no server at $1" >&2; return 1; }

# Switchboard (the built host, started directly so the measured pid is the server itself)
dotnet test/Switchboard.Conformance/bin/Release/net10.0/Switchboard.Conformance.dll --urls http://127.0.0.1:3100 >/dev/null 2>&1 &
sb=$!
trap 'kill $sb 2>/dev/null || true; kill ${node_pid:-} 2>/dev/null || true' EXIT
wait_for http://127.0.0.1:3100
printf 'switchboard\t'; node bench/engineio/ws-load.mjs http://127.0.0.1:3100 "$sb" "$connections" "$seconds" "$window"
kill $sb; wait $sb 2>/dev/null || true

node bench/engineio/node-echo-server.mjs 3101 >/dev/null 2>&1 &
node_pid=$!
wait_for http://127.0.0.1:3101
printf 'node\t'; node bench/engineio/ws-load.mjs http://127.0.0.1:3101 "$node_pid" "$connections" "$seconds" "$window"
kill $node_pid; wait $node_pid 2>/dev/null || true
