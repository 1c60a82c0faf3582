#!/usr/bin/env bash
# The Socket.IO load comparison in one command: installs this folder's npm packages when they are
# missing (socket.io 4.8, socket.io-client 4.8, ws, as locked), then runs run.mjs with the given options.
#   bench/node/run.sh [--repeat 3] [--only node|switchboard] [--no-build] [size options of loadgen.mjs]
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "run.sh: node is missing: install Node.js 20 with npm" >&2; exit 1; }
if [ ! -d node_modules/socket.io ] || [ ! -d node_modules/ws ] || [ ! -d node_modules/socket.io-client ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
exec node run.mjs "$@"
