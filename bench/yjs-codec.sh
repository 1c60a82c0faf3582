#!/usr/bin/env bash
# Yjs codec benchmark: the same 10,000 single-keystroke updates merged and diffed by npm yjs (Node) and by
# Switchboard.Yjs (BenchmarkDotNet), in one run; prints a table with the speed-up.
#   bench/yjs-codec.sh [node-iterations] [BenchmarkDotNet options, e.g. --inProcess on a loaded machine]
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -d test/interop/node_modules ] || (cd test/interop && npm ci --no-audit --no-fund --loglevel=error)

echo "== Node (npm yjs $(node -p "require('./test/interop/node_modules/yjs/package.json').version"), $(node --version))" >&2
node bench/node/yjs-codec-bench.mjs "$work/data.bin" "${1:-5}" > "$work/node.json"
shift || true

echo "== .NET (BenchmarkDotNet)" >&2
SWITCHBOARD_YJS_BENCH_DATA="$work/data.bin" dotnet run -c Release --project bench/Switchboard.Benchmarks -- \
  --filter '*YjsCodecBenchmark*' --job short --exporters json --artifacts "$work/bdn" "$@" >&2

node - "$work/node.json" "$work"/bdn/results/*YjsCodecBenchmark-report*.json <<'JS'
const fs = require('fs')
const [nodeFile, bdnFile] = process.argv.slice(2)
const js = JSON.parse(fs.readFileSync(nodeFile, 'utf8'))
const bdn = JSON.parse(fs.readFileSync(bdnFile, 'utf8'))
const median = a => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)] }
const cs = name => bdn.Benchmarks.find(b => b.Method === name).Statistics.Median / 1e6
const rows = [
  ['mergeUpdates (10,000 updates)', median(js.mergeMs), cs('MergeUpdates')],
  ['diffUpdate (merged, half-way state vector)', median(js.diffMs), cs('DiffUpdate')]
]
console.log(`${js.updates} single-keystroke updates; merged ${js.mergedBytes} B; diff ${js.diffBytes} B`)
console.log('| operation | npm yjs (ms, median) | Switchboard.Yjs (ms, median) | speed-up |')
console.log('| --- | ---: | ---: | ---: |')
for (const [op, y, c] of rows) console.log(`| ${op} | ${y.toFixed(2)} | ${c.toFixed(3)} | ${(y / c).toFixed(1)}x |`)
JS
