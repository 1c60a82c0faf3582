#!/usr/bin/env bash
# The user-regime bench in one command (issue 13): builds Switchboard.BenchHost, runs Node socket.io 4.8 and
# Switchboard in turns on fresh processes, drives both with npm socket.io-client 4.8, prints the Markdown table
# (see bench/README.md, "Socket.IO load: the user regime") and writes bench/node/results/user-regime.json.
#   bench/user-regime.sh                      # 3 passes per server
#   bench/user-regime.sh --repeat 1           # quicker
#   bench/user-regime.sh --sb-env DOTNET_TieredPGO=0   # a runtime setting for the Switchboard host
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/node/run.sh" --regime user --out "$here/node/results/user-regime.json" "$@"
