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
exec npx mocha test-suite.js "$@"
