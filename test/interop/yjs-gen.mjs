// Generates randomized multi-client yjs editing sessions for Switchboard's differential tests.
//
//   node yjs-gen.mjs <seed> <cases>
//
// Writes one JSON line per case to stdout. Each case holds the updates a server would receive from a session
// (incremental updates of every client, sync replies to offline clients and late joiners, delivered out of
// order) and what npm yjs computes from them: mergeUpdates of all of them and of a random subset (which has
// gaps, so Skips), diffUpdate against two state vectors, encodeStateVectorFromUpdate, and the documents that
// yjs' own merge and diff give. It also folds: random chunks merged, then the chunk results merged in reverse order.
// Binary values are base64.
import * as Y from 'yjs'

const [seedArg = '1', casesArg = '10'] = process.argv.slice(2)
const b64 = u => Buffer.from(u).toString('base64')

// mulberry32: small deterministic PRNG so a failing case can be regenerated from its seed.
const prng = seed => () => {
  seed |= 0
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const TEXT_PIECES = ['a', 'b', 'hello', ' ', 'é', 'ß', '😀', '𝄞x', '中文', '\n', 'zz😀zz', '\u200b', 'Ω']
const MARKS = [['bold', true], ['italic', true], ['bold', null], ['link', { href: 'https://example.com/a' }], ['color', '#ff0000'], ['code', true]]

const makeValue = (rnd, pick) => {
  switch (Math.floor(rnd() * 22)) {
    case 0: return Math.floor(rnd() * 1000) - 500
    case 1: return rnd() * 1e6
    case 2: return 2 ** 31 + Math.floor(rnd() * 10)
    case 3: return -(2 ** 40) - 3
    case 4: return 0.5
    case 5: return BigInt(Math.floor(rnd() * 1e9)) * 1000000007n
    case 6: return rnd() < 0.5
    case 7: return null
    case 8: return undefined
    case 9: return pick(TEXT_PIECES) + pick(TEXT_PIECES)
    case 10: return { a: 1, nested: { list: [1, 'two', null, true], n: -0.25 }, 3: 'three' }
    case 11: return [1, [2, [3, ['deep']]], { k: 'v' }]
    case 12: return new Uint8Array([1, 2, 3, Math.floor(rnd() * 256)])
    case 13: { const m = new Y.Map(); m.set('inner', 'x'); return m }
    case 14: { const a = new Y.Array(); a.insert(0, [1, 2, 'three']); return a }
    case 15: { const t = new Y.Text(); t.insert(0, 'nested 😀 text'); return t }
    case 16: return new Y.Doc({ autoLoad: rnd() < 0.5, meta: rnd() < 0.5 ? { name: 'sub' } : null })
    case 17: return -0
    case 18: return 1.5e300
    case 19: { const h = new Y.XmlHook('embed-hook'); h.set('src', 'x'); return h }
    case 20: { const f = new Y.XmlFragment(); const e = new Y.XmlElement('div'); e.setAttribute('class', 'c'); f.insert(0, [e, new Y.XmlText('t')]); return f }
    default: return 'v' + Math.floor(rnd() * 100)
  }
}

// The text as UTF-16 code units at Y.Text indices (an embed counts as one unit), so edits can avoid cutting a
// surrogate pair: yjs replaces both halves with U+FFFD and peers can then diverge (yjs-format.md 2.3).
const units = text => text.toDelta().map(op => typeof op.insert === 'string' ? op.insert : '\0').join('')

const editText = (rnd, pick, text) => {
  const len = text.length
  const r = rnd()
  if (r < 0.55 || len === 0) {
    // Insert at a code point boundary (never inside a surrogate pair).
    let at = Math.floor(rnd() * (len + 1))
    const s = units(text)
    if (at > 0 && at < s.length && s.charCodeAt(at - 1) >= 0xd800 && s.charCodeAt(at - 1) <= 0xdbff) at--
    const attrs = rnd() < 0.2 ? Object.fromEntries([pick(MARKS)]) : undefined
    text.insert(at, pick(TEXT_PIECES), attrs)
  } else if (r < 0.8) {
    const s = units(text)
    let at = Math.floor(rnd() * len)
    if (at > 0 && s.charCodeAt(at - 1) >= 0xd800 && s.charCodeAt(at - 1) <= 0xdbff) at--
    let n = 1 + Math.floor(rnd() * Math.min(5, len - at))
    const end = at + n
    if (end < s.length && s.charCodeAt(end - 1) >= 0xd800 && s.charCodeAt(end - 1) <= 0xdbff) n++
    text.delete(at, Math.min(n, len - at))
  } else if (r < 0.95) {
    const s = units(text)
    let at = Math.floor(rnd() * len)
    if (at > 0 && s.charCodeAt(at - 1) >= 0xd800 && s.charCodeAt(at - 1) <= 0xdbff) at--
    let n = 1 + Math.floor(rnd() * Math.min(6, len - at))
    const end = at + n
    if (end < s.length && s.charCodeAt(end - 1) >= 0xd800 && s.charCodeAt(end - 1) <= 0xdbff) n++
    const [k, v] = pick(MARKS)
    text.format(at, Math.min(n, len - at), { [k]: v })
  } else {
    text.insertEmbed(Math.floor(rnd() * (len + 1)), { image: 'https://example.com/i.png' })
  }
}

const editProsemirror = (rnd, pick, frag) => {
  const r = rnd()
  if (frag.length === 0 || r < 0.25) {
    const heading = rnd() < 0.3
    const el = new Y.XmlElement(heading ? 'heading' : 'paragraph')
    if (heading) el.setAttribute('level', String(1 + Math.floor(rnd() * 3)))
    const t = new Y.XmlText()
    el.insert(0, [t])
    frag.insert(Math.floor(rnd() * (frag.length + 1)), [el])
    t.insert(0, pick(TEXT_PIECES))
  } else if (r < 0.85) {
    const el = frag.get(Math.floor(rnd() * frag.length))
    const t = el.get(0)
    if (t instanceof Y.XmlText) editText(rnd, pick, t)
  } else if (r < 0.92) {
    frag.delete(Math.floor(rnd() * frag.length), 1)
  } else {
    const el = frag.get(Math.floor(rnd() * frag.length))
    el.setAttribute('data-id', 'x' + Math.floor(rnd() * 10))
  }
}

const edit = (rnd, pick, doc) => {
  const r = rnd()
  if (r < 0.35) {
    editText(rnd, pick, doc.getText('text'))
  } else if (r < 0.55) {
    const map = doc.getMap('map')
    if (rnd() < 0.15 && map.size > 0) map.delete(pick([...map.keys()]))
    else map.set(pick(['a', 'b', 'c', 'd', 'key with space', 'ключ']), makeValue(rnd, pick))
  } else if (r < 0.7) {
    const arr = doc.getArray('array')
    if (rnd() < 0.3 && arr.length > 0) arr.delete(Math.floor(rnd() * arr.length), 1)
    else {
      const vals = []
      const n = 1 + Math.floor(rnd() * 3)
      for (let i = 0; i < n; i++) {
        // Y.Array takes neither undefined nor BigInt (Y.Map does).
        const v = makeValue(rnd, pick)
        vals.push(v === undefined ? null : typeof v === 'bigint' ? Number(v % 1000n) : v)
      }
      arr.insert(Math.floor(rnd() * (arr.length + 1)), vals)
    }
  } else {
    editProsemirror(rnd, pick, doc.getXmlFragment('prosemirror'))
  }
}

// A JSON-able picture of a document: Text delta, Map, Array and the ProseMirror fragment as XML.
export const snapshot = doc => {
  const plain = v => {
    if (v instanceof Y.Doc) return { subdoc: v.guid, meta: v.meta ?? null, autoLoad: v.autoLoad }
    if (v instanceof Y.AbstractType) return { type: v.constructor.name, json: plain(v.toJSON()) }
    if (typeof v === 'bigint') return { bigint: v.toString() }
    if (v instanceof Uint8Array) return { bytes: [...v] }
    if (v === undefined) return { undefined: true }
    if (typeof v === 'number') return Object.is(v, -0) ? { negZero: true } : (Number.isFinite(v) ? v : { number: String(v) })
    if (Array.isArray(v)) return v.map(plain)
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
    return v
  }
  const map = doc.getMap('map')
  return JSON.stringify({
    text: doc.getText('text').toDelta().map(plain),
    map: Object.fromEntries([...map.entries()].sort(([a], [b]) => a < b ? -1 : 1).map(([k, v]) => [k, plain(v)])),
    array: doc.getArray('array').toArray().map(plain),
    prosemirror: doc.getXmlFragment('prosemirror').toString()
  })
}

const fresh = (...updates) => {
  const doc = new Y.Doc()
  for (const u of updates) Y.applyUpdate(doc, u)
  return doc
}

const session = seed => {
  const rnd = prng(seed)
  const pick = a => a[Math.floor(rnd() * a.length)]
  const received = [] // what the server receives, in arrival order
  const clients = []
  const inbox = new Map() // doc -> queued updates (delivered later, possibly shuffled)
  const join = () => {
    const doc = new Y.Doc()
    doc.clientID = 1 + Math.floor(rnd() * 0xfffffffe)
    doc.offline = false
    inbox.set(doc, [])
    doc.on('update', (u, origin) => {
      if (origin === 'remote') return
      received.push(u)
      for (const other of clients) if (other !== doc) inbox.get(other).push(u)
    })
    clients.push(doc)
    return doc
  }
  const deliver = doc => {
    const q = inbox.get(doc)
    // Out-of-order delivery: shuffle part of the queue.
    for (let i = q.length - 1; i > 0; i--) if (rnd() < 0.3) { const j = Math.floor(rnd() * (i + 1)); [q[i], q[j]] = [q[j], q[i]] }
    for (const u of q) Y.applyUpdate(doc, u, 'remote')
    q.length = 0
  }
  const syncWith = (doc, peer) => {
    // Sync step 2 from peer: the server stores it too (it overlaps what it has).
    const reply = Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc))
    Y.applyUpdate(doc, reply, 'remote')
    received.push(reply)
    const back = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(peer))
    Y.applyUpdate(peer, back, 'remote')
  }
  const nClients = 2 + Math.floor(rnd() * 3)
  for (let i = 0; i < nClients; i++) join()
  const steps = 10 + Math.floor(rnd() * 50)
  for (let s = 0; s < steps; s++) {
    const r = rnd()
    const online = clients.filter(c => !c.offline)
    if (r < 0.7) {
      const doc = pick(clients)
      const n = 1 + Math.floor(rnd() * 3)
      if (rnd() < 0.2) doc.transact(() => { for (let i = 0; i < n; i++) edit(rnd, pick, doc) })
      else for (let i = 0; i < n; i++) edit(rnd, pick, doc)
    } else if (r < 0.85) {
      for (const c of online) if (rnd() < 0.6) deliver(c)
    } else if (r < 0.92) {
      const c = pick(clients)
      c.offline = !c.offline
      if (!c.offline) { deliver(c); if (online.length) syncWith(c, pick(online)) }
    } else if (clients.length < 6) {
      const doc = join()
      if (online.length) syncWith(doc, pick(online))
    }
  }
  // Everybody comes online and syncs so the final content is well-defined.
  for (const c of clients) deliver(c)
  for (let i = 1; i < clients.length; i++) syncWith(clients[i], clients[0])
  for (let i = 1; i < clients.length; i++) syncWith(clients[0], clients[i])

  // Partial out-of-order arrival at the server.
  for (let i = received.length - 1; i > 0; i--) if (rnd() < 0.2) { const j = Math.max(0, i - 1 - Math.floor(rnd() * 4)); [received[i], received[j]] = [received[j], received[i]] }

  const mergeAll = Y.mergeUpdates(received)
  const merged = fresh(mergeAll)
  const subset = received.map((_, i) => i).filter(() => rnd() < 0.5)
  for (let i = subset.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [subset[i], subset[j]] = [subset[j], subset[i]] }
  const mergeSubset = Y.mergeUpdates(subset.map(i => received[i]))
  // Fold merges: random chunks merged first, then the chunk results merged in reverse order.
  const chunks = []
  for (let i = 0; i < received.length;) { const n = 1 + Math.floor(rnd() * 8); chunks.push([i, Math.min(received.length, i + n)]); i += n }
  const chunkMerges = chunks.map(([from, to]) => Y.mergeUpdates(received.slice(from, to)))
  const mergeOfChunks = Y.mergeUpdates([...chunkMerges].reverse())
  const prefix = Math.floor(rnd() * received.length)
  const prefixDoc = new Y.Doc()
  for (const u of received.slice(0, prefix)) Y.applyUpdate(prefixDoc, u)
  const sv1 = Y.encodeStateVector(prefixDoc)
  const sv2 = Y.encodeStateVector(pick(clients))
  return {
    seed,
    updates: received.map(b64),
    mergeAll: b64(mergeAll),
    subset,
    mergeSubset: b64(mergeSubset),
    prefix,
    sv1: b64(sv1),
    diff1: b64(Y.diffUpdate(mergeAll, sv1)),
    sv2: b64(sv2),
    diff2: b64(Y.diffUpdate(mergeSubset, sv2)),
    svAll: b64(Y.encodeStateVectorFromUpdate(mergeAll)),
    svSubset: b64(Y.encodeStateVectorFromUpdate(mergeSubset)),
    metaSubset: (({ from, to }) => ({ from: [...from], to: [...to] }))(Y.parseUpdateMeta(mergeSubset)),
    chunks,
    chunkMerges: chunkMerges.map(b64),
    mergeOfChunks: b64(mergeOfChunks),
    docUpdate: b64(Y.encodeStateAsUpdate(merged)),
    // The reference documents: yjs' own merge and diff applied to fresh docs. (Replaying the updates one by one
    // can differ in formatting marks: a Y.Doc cleans up formatting after remote changes per transaction.)
    contentMerged: snapshot(merged),
    contentViaDiff: snapshot(fresh(...received.slice(0, prefix), Y.diffUpdate(mergeAll, sv1)))
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const first = Number(seedArg)
  const count = Number(casesArg)
  const out = []
  for (let i = 0; i < count; i++) {
    out.push(JSON.stringify(session(first + i)))
    if (out.length >= 50) { process.stdout.write(out.join('\n') + '\n'); out.length = 0 }
  }
  if (out.length) process.stdout.write(out.join('\n') + '\n')
}
