// Data and the npm yjs reference for bench/ "Yjs document" (Switchboard's YDoc vs a yjs Y.Doc).
//
//   node docs-bench.mjs generate <updates> <text|prosemirror> <file>
//       Records a 3-client editing session (typing, deleting, formatting, new paragraphs; each client's
//       updates reach the others in bursts, so edits are concurrent) until <updates> updates were sent, in
//       delivery order, to <file> as [uint32 little-endian length][update bytes]...
//   node --expose-gc docs-bench.mjs run <file> <text|prosemirror> <runs>
//       Applies every update to a new Y.Doc and reads the content (toString + toDelta for text,
//       yDocToProsemirrorJSON for prosemirror), <runs> times after 3 warm-ups; prints one JSON line:
//       { updates, medianMs, minMs, retainedBytes, stateBytes, chars }.
import * as Y from 'yjs'
import { yDocToProsemirrorJSON } from 'y-prosemirror'
import { readFileSync, writeFileSync } from 'node:fs'

const prng = seed => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

function generate (count, kind) {
  const rnd = prng(42)
  const int = n => Math.floor(rnd() * n)
  const updates = []
  const clients = [1, 2, 3].map(id => {
    const doc = new Y.Doc()
    doc.clientID = id * 7919
    const c = { doc, outbox: [] }
    doc.on('update', (u, origin) => { if (origin !== 'remote') c.outbox.push(u) })
    return c
  })
  const flush = c => {
    for (const u of c.outbox) {
      updates.push(u)
      for (const o of clients) if (o !== c) Y.applyUpdate(o.doc, u, 'remote')
    }
    c.outbox = []
  }
  const letters = 'abcdefghijklmnopqrstuvwxyz     é😀'
  const typeInto = (t, len, plainText) => {
    const r = rnd()
    if (r < 0.8 || len < 5) {
      let at = int(len + 1)
      if (at > 0 && at < plainText.length && plainText.charCodeAt(at - 1) >= 0xd800 && plainText.charCodeAt(at - 1) <= 0xdbff) at--
      const ch = letters[int(letters.length - 1)]
      t.insert(at, ch === '\ud83d' ? '😀' : ch)
    } else if (r < 0.95) {
      let at = int(len)
      if (at > 0 && plainText.charCodeAt(at - 1) >= 0xd800 && plainText.charCodeAt(at - 1) <= 0xdbff) at--
      const n = plainText.charCodeAt(at) >= 0xd800 && plainText.charCodeAt(at) <= 0xdbff ? 2 : 1
      t.delete(at, n)
    } else {
      const at = int(Math.max(1, len - 4))
      t.format(at, 3, { bold: rnd() < 0.7 ? (kind === 'text' ? true : {}) : null })
    }
  }
  while (updates.length < count) {
    const c = clients[int(3)]
    if (kind === 'text') {
      const t = c.doc.getText('t')
      typeInto(t, t.length, t.toString())
    } else {
      const frag = c.doc.getXmlFragment('prosemirror')
      if (frag.length === 0 || rnd() < 0.02) {
        const p = new Y.XmlElement(rnd() < 0.8 ? 'paragraph' : 'heading')
        if (p.nodeName === 'heading') p.setAttribute('level', 2)
        p.insert(0, [new Y.XmlText()])
        frag.insert(int(frag.length + 1), [p])
      } else {
        const p = frag.get(int(frag.length))
        const t = p.get(0)
        const plain = t.toDelta().map(d => d.insert).join('')
        typeInto(t, t.length, plain)
      }
    }
    if (rnd() < 0.4) flush(c)
  }
  for (const c of clients) flush(c)
  return updates.slice(0, count)
}

const read = (doc, kind) => kind === 'text'
  ? [doc.getText('t').toString(), doc.getText('t').toDelta()]
  : yDocToProsemirrorJSON(doc)

const [mode, a, b, c] = process.argv.slice(2)
if (mode === 'generate') {
  const updates = generate(Number(a), b)
  const parts = []
  for (const u of updates) {
    const len = Buffer.alloc(4)
    len.writeUInt32LE(u.length)
    parts.push(len, Buffer.from(u))
  }
  writeFileSync(c, Buffer.concat(parts))
} else if (mode === 'run') {
  const data = readFileSync(a)
  const updates = []
  for (let o = 0; o < data.length;) {
    const len = data.readUInt32LE(o)
    updates.push(new Uint8Array(data.subarray(o + 4, o + 4 + len)))
    o += 4 + len
  }
  const once = () => {
    const doc = new Y.Doc()
    for (const u of updates) Y.applyUpdate(doc, u)
    read(doc, b)
    return doc
  }
  for (let i = 0; i < 3; i++) once()
  const times = []
  for (let i = 0; i < Number(c); i++) {
    const t0 = performance.now()
    once()
    times.push(performance.now() - t0)
  }
  times.sort((x, y) => x - y)
  global.gc?.()
  const before = process.memoryUsage().heapUsed
  const doc = once()
  global.gc?.()
  const retainedBytes = process.memoryUsage().heapUsed - before
  const content = read(doc, b)
  process.stdout.write(JSON.stringify({
    updates: updates.length,
    medianMs: times[Math.floor(times.length / 2)],
    minMs: times[0],
    retainedBytes: global.gc ? retainedBytes : null,
    stateBytes: Y.encodeStateAsUpdate(doc).length,
    chars: JSON.stringify(content).length
  }) + '\n')
} else {
  console.error('usage: node docs-bench.mjs generate <n> <text|prosemirror> <file> | run <file> <text|prosemirror> <runs>')
  process.exit(2)
}
