#!/usr/bin/env bash
# Runs an official conformance suite (the test-suite/ folder of socketio/engine.io-protocol or
# socketio/socket.io-protocol, cloned outside this repository) against a server on http://localhost:3000,
# with our node-imports.js (one WebSocket frame per task, socketio-wire.md §2.6) in place of theirs.
#   usage: test/conformance/run-official-suite.sh <path-to-test-suite> [extra mocha args]
# Start the host first:
#   dotnet run -c Release --project test/Switchboard.Conformance -- --urls http://127.0.0.1:3000
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
suite=${1:?usage: $0 <path-to-test-suite> [mocha args]}
shift
[ -f "$suite/test-suite.js" ] || { echo "no test-suite.js in $suite" >&2; exit 2; }
cd "$suite"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
cp "$here/node-imports.js" node-imports.js
# Warm-up: one polling round trip per suite path, so the first timed test does not pay for the host's JIT
# compilation (the suites' polling tests must finish within pingInterval + pingTimeout = 500 ms). Failures are ignored.
for path in engine.io socket.io; do
  sid=$(curl -s --max-time 5 "http://localhost:3000/$path/?EIO=4&transport=polling" | sed -n 's/^0{"sid":"\([^"]*\)".*/\1/p') || true
  if [ -n "${sid:-}" ]; then
    curl -s --max-time 5 -o /dev/null -d 4warm-up "http://localhost:3000/$path/?EIO=4&transport=polling&sid=$sid" || true
    curl -s --max-time 5 -o /dev/null "http://localhost:3000/$path/?EIO=4&transport=polling&sid=$sid" || true
  fi
done
exec npx mocha test-suite.js "$@"
