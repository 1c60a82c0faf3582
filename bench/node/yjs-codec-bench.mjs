// Yjs codec benchmark, Node side: builds 10,000 single-keystroke updates (one client typing, with some cursor
// jumps and backspaces), writes them to a file for the C# side, and times npm yjs on the same data:
// Y.mergeUpdates(all 10,000) and Y.diffUpdate(merged, state vector of a peer that has the first half).
//
//   node bench/node/yjs-codec-bench.mjs OUT.bin [iterations]
//
// OUT.bin: varUint(count) then count × varUint8Array(update), then varUint8Array(state vector).
// stdout: one JSON line {"updates":..,"mergedBytes":..,"diffBytes":..,"mergeMs":[..],"diffMs":[..]}.
import { createRequire } from 'node:module'
import { writeFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'

const require = createRequire(new URL('../../test/interop/package.json', import.meta.url))
const Y = await import(require.resolve('yjs'))
const encoding = await import(require.resolve('lib0/encoding'))

const [out = 'yjs-codec-bench.bin', iterationsArg = '5'] = process.argv.slice(2)
const iterations = Number(iterationsArg)

let seed = 42
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff }

const doc = new Y.Doc()
doc.clientID = 123456789
const text = doc.getText('default')
const updates = []
doc.on('update', u => updates.push(u))
let cursor = 0
let half = null
while (updates.length < 10000) {
  const r = rnd()
  if (r < 0.05 && cursor > 0) {
    text.delete(cursor - 1, 1)
    cursor--
  } else {
    if (r < 0.1) cursor = Math.floor(rnd() * (text.length + 1))
    text.insert(cursor, 'abcdefghijklmnopqrstuvwxyz '[Math.floor(rnd() * 27)])
    cursor++
  }
  if (updates.length === 5000 && half === null) half = Y.encodeStateVector(doc)
}

const enc = encoding.createEncoder()
encoding.writeVarUint(enc, updates.length)
for (const u of updates) encoding.writeVarUint8Array(enc, u)
encoding.writeVarUint8Array(enc, half)
writeFileSync(out, encoding.toUint8Array(enc))

const time = f => { const t = performance.now(); const r = f(); return [performance.now() - t, r] }
const mergeMs = []
const diffMs = []
let merged = null
let diff = null
for (let i = 0; i < iterations + 1; i++) {
  const [m, mr] = time(() => Y.mergeUpdates(updates))
  const [d, dr] = time(() => Y.diffUpdate(mr, half))
  merged = mr
  diff = dr
  if (i >= 1) { mergeMs.push(m); diffMs.push(d) } // the first round is warm-up
}
console.log(JSON.stringify({ updates: updates.length, mergedBytes: merged.length, diffBytes: diff.length, mergeMs, diffMs }))
