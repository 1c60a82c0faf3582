#!/usr/bin/env bash
# "Yjs document" benchmark: the same 10,000 updates applied (and the content read) by npm yjs in Node and by
# Switchboard's YDoc (BenchmarkDotNet), in one run. Needs node and test/interop/node_modules (./test.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
data="${TMPDIR:-/tmp}/switchboard-bench"
mkdir -p "$data"
for kind in text prosemirror; do
  file="$data/docs-$kind-10000.bin"
  [ -f "$file" ] || (cd test/interop && node docs-bench.mjs generate 10000 "$kind" "$file")
  printf 'yjs %s: ' "$kind"
  (cd test/interop && node --expose-gc docs-bench.mjs run "$file" "$kind" 20)
done
dotnet run -c Release --project bench/Switchboard.Benchmarks -- --filter '*YjsDocument*' --job short --inProcess "$@"
