#!/usr/bin/env bash
# The Open WebUI traffic pattern through Switchboard.Server (Release, fresh SQLite data dir, real auth and storage)
# and through python-socketio 5.7 under uvicorn (pyserver.py, Debian's python3-socketio/python3-uvicorn/python3-jwt),
# one after the other with the same Node load generator (load.mjs, npm socket.io-client 4.8 from bench/node, npm
# yjs from test/interop), then a Markdown table. uvicorn runs as in Open WebUI's image (uvicorn[standard]: uvloop,
# httptools, websockets; Debian's python3-uvloop/-httptools/-websockets, apt-get installed when missing);
# --py-plain runs it on plain asyncio, h11 and wsproto instead. Options go to load.mjs (--users 100 --tabs 2
# --channels 5 --seconds 20 --warmup 30 --heartbeat-ms 1000 --typing-ms 1000 --reply-words 30 --word-delay-ms 20
# --notes on --note-ms 300), e.g.
#   bench/openwebui/run.sh
#   bench/openwebui/run.sh --users 200 --seconds 30 --no-build
#   bench/openwebui/run.sh --users 40 --py-plain
#   bench/openwebui/run.sh --users 20 --switchboard-only     # no python run, no table (for profiling changes)
#   bench/openwebui/run.sh --dll /tmp/copy/Switchboard.Server.dll   # a copy of a build (no build)
#   bench/openwebui/run.sh --switchboard-only --keep /tmp/run1   # keep the servers' logs and data dir there
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build=1
dll=""
py_plain=0
only_switchboard=0
keep=""
args=()
word_delay=20
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --py-plain) py_plain=1 ;;
    --switchboard-only) only_switchboard=1 ;;
    --dll) dll="$2"; build=0; shift ;;
    --keep) keep="$2"; shift ;;
    --word-delay-ms) word_delay="$2"; args+=("$1" "$2"); shift ;;
    *) args+=("$1") ;;
  esac
  shift
done
args+=(--word-delay-ms "$word_delay")

command -v node >/dev/null || { echo "run.sh: node is missing: install Node.js 20 with npm" >&2; exit 1; }
py=/usr/bin/python3
apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "run.sh: installing $*" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
}
"$py" -c 'import socketio, uvicorn, jwt, wsproto' 2>/dev/null ||
  apt_install python3-socketio python3-uvicorn python3-jwt python3-wsproto
py_stack=(--plain)
if [ "$py_plain" = 0 ]; then
  "$py" -c 'import uvloop, httptools, websockets' 2>/dev/null || apt_install python3-uvloop python3-httptools python3-websockets
  py_stack=()
fi
[ -d "$root/bench/node/node_modules/socket.io-client" ] ||
  (cd "$root/bench/node" && npm ci --no-audit --no-fund --loglevel=error)
[ -d "$root/test/interop/node_modules/yjs" ] ||
  (cd "$root/test/interop" && npm ci --no-audit --no-fund --loglevel=error)
if [ "$build" = 1 ]; then
  dotnet build "$root/src/Switchboard.Server" -c Release -nologo -v quiet >&2
fi
dll="${dll:-$root/src/Switchboard.Server/bin/Release/net10.0/Switchboard.Server.dll}"

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; fi
  if [ -n "$keep" ]; then mkdir -p "$keep" && cp -r "$work"/. "$keep"/; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_up() {
  for _ in $(seq 1 600); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || { echo "run.sh: the server exited; its log:" >&2; cat "$2" >&2; return 1; }
    sleep 0.1
  done
  echo "run.sh: $1 did not answer within 60 s" >&2; return 1
}
stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

secret="bench-secret-$RANDOM$RANDOM$RANDOM"
load_avg_start="$(cut -d' ' -f1-3 /proc/loadavg)"

port="$(free_port)"
mkdir "$work/data"
(
  cd "$work"
  export WEBUI_SECRET_KEY="$secret" DATA_DIR="$work/data" ASPNETCORE_ENVIRONMENT=Production \
    Switchboard__Completions__EchoWordDelay="00:00:00.$(printf '%03d' "$word_delay")" \
    Switchboard__Api__BcryptWorkFactor=4 Logging__LogLevel__Default=Warning
  exec dotnet "$dll" --urls "http://127.0.0.1:$port" >"$work/switchboard.log" 2>&1
) &
server_pid=$!
wait_up "http://127.0.0.1:$port/healthz" "$work/switchboard.log"
echo "run.sh: Switchboard.Server pid $server_pid on port $port" >&2
node "$here/load.mjs" --url "http://127.0.0.1:$port" --target switchboard --pid "$server_pid" --secret "$secret" \
  --setup "$work/setup.json" --out "$work/switchboard.json" "${args[@]}" >&2
stop_server
[ "$only_switchboard" = 0 ] || { echo "run.sh: load average $load_avg_start at start, $(cut -d' ' -f1-3 /proc/loadavg) at end" >&2; exit 0; }

port="$(free_port)"
"$py" "$here/pyserver.py" --port "$port" --setup "$work/setup.json" --word-delay-ms "$word_delay" "${py_stack[@]}" >"$work/python.log" 2>&1 &
server_pid=$!
wait_up "http://127.0.0.1:$port/healthz" "$work/python.log"
echo "run.sh: pyserver.py pid $server_pid on port $port" >&2
node "$here/load.mjs" --url "http://127.0.0.1:$port" --target python --pid "$server_pid" \
  --setup "$work/setup.json" --out "$work/python.json" "${args[@]}" >&2
stop_server
load_avg_end="$(cut -d' ' -f1-3 /proc/loadavg)"

mkdir -p "$here/results"
cp "$work/switchboard.json" "$work/python.json" "$here/results/"
echo
py_desc="uvloop, httptools, websockets"
[ "$py_plain" = 0 ] || py_desc="asyncio, h11, wsproto (--py-plain)"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$root" rev-parse --short HEAD), $(nproc) cores, load average $load_avg_start at start, $load_avg_end at end; python under uvicorn on $py_desc."
echo
node "$here/load.mjs" --report "$work/switchboard.json" "$work/python.json"
