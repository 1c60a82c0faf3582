// Applies updates computed by Switchboard (C#) in npm yjs and reports the resulting documents.
//
//   node yjs-apply.mjs < cases.jsonl
//
// Each stdin line is {"merged": b64, "prefix": [b64...], "diff": b64}. For each, one stdout line
// {"merged": content of a fresh doc with `merged` applied,
//  "viaDiff": content of a fresh doc with the `prefix` updates then `diff` applied}
// where content is yjs-gen.mjs' snapshot().
import * as Y from 'yjs'
import { createInterface } from 'node:readline'
import { snapshot } from './yjs-gen.mjs'

const fromB64 = s => new Uint8Array(Buffer.from(s, 'base64'))
const out = []
for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue
  const c = JSON.parse(line)
  const a = new Y.Doc()
  Y.applyUpdate(a, fromB64(c.merged))
  const b = new Y.Doc()
  for (const u of c.prefix) Y.applyUpdate(b, fromB64(u))
  Y.applyUpdate(b, fromB64(c.diff))
  out.push(JSON.stringify({ merged: snapshot(a), viaDiff: snapshot(b) }))
  if (out.length >= 50) { process.stdout.write(out.join('\n') + '\n'); out.length = 0 }
}
if (out.length) process.stdout.write(out.join('\n') + '\n')
