// Differential tests of Switchboard's Yjs document model (YDoc) against npm yjs.
//
//   node docs-diff.mjs generate <seed> <cases>   one JSON line per case on stdout:
//       { id, updates: [base64...], orders: [[index...]...], kinds: { root: 'text'|'map'|'array'|'xml' } }
//     The updates are what a server receives from a randomized session: incremental updates of 2-4 clients
//     editing a Y.Text 't', a Y.Map 'm', a Y.Array 'a' and a y-prosemirror XmlFragment 'prosemirror', with
//     offline clients whose edits arrive late (after a sync step 2 that overlaps what the server has) and a
//     late joiner. orders[0] is the delivery order; the others are shuffles (so structs arrive before what
//     they depend on and must wait as pending).
//   node docs-diff.mjs verify                     reads result lines from stdin:
//       { id, order: [index...], content, stateVector: { client: clock }, state: base64, pending: bool,
//         half?, diff? (the C# update missing from the state vector of a doc holding the first `half` updates) }
//     and for each rebuilds a yjs doc from the same updates in the same order, then checks: same content,
//     same state vector, nothing pending, and the C# full state applied to a fresh yjs doc gives the same
//     content. Prints one JSON summary line: { checked, failures: [...], csharpBytes, yjsBytes, worstRatio,
//     identical (runs whose C# full state has exactly yjs' bytes) }.
//   node docs-diff.mjs malformed                  reads cases and mutated updates with C#'s verdicts from stdin
//     (see that mode below) and prints one JSON summary line with the counts and failures.
import * as Y from 'yjs'
import { yDocToProsemirrorJSON } from 'y-prosemirror'
import { createInterface } from 'node:readline'
import { same } from './docs-diff-same.mjs'

const b64 = u => Buffer.from(u).toString('base64')
const unb64 = s => new Uint8Array(Buffer.from(s, 'base64'))

const prng = seed => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const KINDS = { t: 'text', m: 'map', a: 'array', prosemirror: 'xml' }
const PIECES = ['a', 'bc', 'hello ', ' ', 'é', '😀', '𝄞x', '中文', '\n', 'zz😀', 'Ω', '<b>']
const TEXT_ATTRS = [{ bold: true }, { italic: true }, { bold: null }, { link: { href: 'https://e.com' } }, { color: '#f00' }, { bold: true, italic: true }]
const PM_MARKS = [{ bold: {} }, { italic: {} }, { link: { href: '/x', title: null } }, { bold: null }, { code: {} }]

function session (seed) {
  const rnd = prng(seed)
  const int = n => Math.floor(rnd() * n)
  const pick = a => a[int(a.length)]
  const updates = []
  const clients = []
  const addClient = () => {
    const doc = new Y.Doc()
    doc.clientID = 1 + int(4) * 1000 + int(1000) // small ids so ties between clients happen
    while (clients.some(c => c.doc.clientID === doc.clientID)) doc.clientID++
    const c = { doc, online: true, outbox: [] }
    doc.on('update', (u, origin) => {
      if (origin === 'remote') return
      if (c.online) deliver(c, u)
      else c.outbox.push(u)
    })
    clients.push(c)
    return c
  }
  const deliver = (from, u) => {
    updates.push(u)
    for (const c of clients) if (c !== from && c.online) Y.applyUpdate(c.doc, u, 'remote')
  }
  const sync = c => {
    // Reconnect: the server answers with what the client lacks, the client sends what the server lacks.
    const server = new Y.Doc()
    for (const u of updates) Y.applyUpdate(server, u)
    Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(c.doc)), 'remote')
    const step2 = Y.encodeStateAsUpdate(c.doc, Y.encodeStateVector(server))
    c.online = true
    c.outbox = []
    deliver(c, step2)
  }
  const codeBoundary = (s, at) => (at > 0 && at < s.length && s.charCodeAt(at - 1) >= 0xd800 && s.charCodeAt(at - 1) <= 0xdbff) ? at - 1 : at
  const editText = (t) => {
    const s = t.toString()
    const r = rnd()
    if (r < 0.55 || s.length === 0) {
      const at = codeBoundary(s, int(s.length + 1))
      if (rnd() < 0.3) t.insert(at, pick(PIECES), pick(TEXT_ATTRS))
      else if (rnd() < 0.05) t.insertEmbed(at, { image: 'x.png' })
      else t.insert(at, pick(PIECES))
    } else {
      const at = codeBoundary(s, int(s.length))
      const len = codeBoundary(s, Math.min(s.length, at + 1 + int(4))) - at
      if (len <= 0) return
      if (r < 0.8) t.delete(at, len)
      else t.format(at, len, pick(TEXT_ATTRS))
    }
  }
  const value = () => {
    switch (int(10)) {
      case 0: return int(1000) - 500
      case 1: return rnd() * 100
      case 2: return pick(PIECES)
      case 3: return rnd() < 0.5
      case 4: return null
      case 5: return { x: int(10), list: [1, 'two', null, { deep: true }] }
      case 6: return new Uint8Array([int(256), 1, 2])
      case 7: { const m = new Y.Map(); m.set('inner', int(5)); return m }
      case 8: { const a = new Y.Array(); a.insert(0, [1, 'two']); return a }
      default: { const t = new Y.Text(); t.insert(0, 'nested 😀'); return t }
    }
  }
  const editPm = (doc) => {
    const frag = doc.getXmlFragment('prosemirror')
    const r = rnd()
    if (r < 0.3 || frag.length === 0) {
      const el = new Y.XmlElement(rnd() < 0.7 ? 'paragraph' : 'heading')
      if (el.nodeName === 'heading') el.setAttribute('level', 1 + int(3))
      const tx = new Y.XmlText()
      tx.insert(0, pick(PIECES))
      el.insert(0, [tx])
      frag.insert(int(frag.length + 1), [el])
    } else if (r < 0.4) {
      frag.delete(int(frag.length), 1)
    } else {
      const el = frag.get(int(frag.length))
      if (rnd() < 0.1) { if (el.nodeName === 'heading') el.setAttribute('level', 1 + int(6)); return }
      const tx = el.get(0)
      if (!(tx instanceof Y.XmlText)) return
      const s = tx.toString().length // XmlText.toString renders marks; use the delta length instead
      const len = tx.length
      if (rnd() < 0.6 || len === 0) {
        const at = codeBoundary(tx.toDelta().map(d => d.insert).join(''), int(len + 1))
        tx.insert(at, pick(PIECES), rnd() < 0.4 ? pick(PM_MARKS) : {})
      } else {
        const plain = tx.toDelta().map(d => d.insert).join('')
        const at = codeBoundary(plain, int(len))
        const n = codeBoundary(plain, Math.min(len, at + 1 + int(3))) - at
        if (n <= 0 || s < 0) return
        if (rnd() < 0.6) tx.delete(at, n)
        else tx.format(at, n, pick(PM_MARKS))
      }
    }
  }
  const edit = (c) => {
    const doc = c.doc
    const target = int(4)
    doc.transact(() => {
      const steps = 1 + (rnd() < 0.2 ? int(4) : 0)
      for (let i = 0; i < steps; i++) {
        if (target === 0) editText(doc.getText('t'))
        else if (target === 1) {
          const m = doc.getMap('m')
          if (rnd() < 0.2 && m.size > 0) m.delete(pick([...m.keys()]))
          else m.set('k' + int(6), value())
        } else if (target === 2) {
          const a = doc.getArray('a')
          if (rnd() < 0.3 && a.length > 0) a.delete(int(a.length), 1)
          else a.insert(int(a.length + 1), rnd() < 0.3 ? [value(), value()] : [value()])
        } else editPm(doc)
      }
    })
  }
  const n = 2 + int(3)
  for (let i = 0; i < n; i++) addClient()
  for (const c of clients.slice(1)) Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(clients[0].doc), 'remote')
  const steps = 15 + int(50)
  let joined = false
  for (let s = 0; s < steps; s++) {
    const c = pick(clients)
    const r = rnd()
    if (r < 0.08 && c.online && clients.filter(x => x.online).length > 1) c.online = false
    else if (r < 0.16 && !c.online) sync(c)
    else if (r < 0.18 && !joined) {
      joined = true
      const late = addClient()
      late.online = false
      sync(late)
    } else edit(c)
  }
  for (const c of clients) if (!c.online) sync(c)
  return updates
}

function shuffle (rnd, n) {
  const a = [...Array(n).keys()]
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[a[i], a[j]] = [a[j], a[i]]
  }
  return a
}

const plain = v => {
  if (v instanceof Uint8Array) return [...v]
  if (Array.isArray(v)) return v.map(plain)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, plain(x)]))
  return v
}

export function content (doc, kinds) {
  const out = {}
  for (const [name, kind] of Object.entries(kinds)) {
    if (kind === 'text') {
      const t = doc.getText(name)
      out[name] = { kind, text: t.toString(), delta: plain(t.toDelta()) }
    } else if (kind === 'map') out[name] = { kind, value: plain(doc.getMap(name).toJSON()) }
    else if (kind === 'array') out[name] = { kind, value: plain(doc.getArray(name).toJSON()) }
    else out[name] = { kind, value: plain(yDocToProsemirrorJSON(doc, name)) }
  }
  return out
}

// A reference Y.Doc that only integrates, as the server does: yjs runs a formatting cleanup after remote
// transactions on Y.Text/XmlText with formats, which authors deletions of its own (yjs-format.md §5); the
// 'afterTransaction' event fires just before that cleanup, so clearing the flag there skips it.
const referenceDoc = () => {
  const doc = new Y.Doc()
  doc.on('afterTransaction', tr => { tr._needFormattingCleanup = false })
  return doc
}

const sv = doc => Object.fromEntries([...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].map(([c, k]) => [String(c), k]))

const [mode = 'generate', seedArg = '1', casesArg = '10'] = process.argv.slice(2)
if (mode === 'generate') {
  const seed = Number(seedArg)
  for (let i = 0; i < Number(casesArg); i++) {
    const updates = session(seed * 1000 + i)
    const rnd = prng(seed * 7919 + i)
    const orders = [[...updates.keys()], shuffle(rnd, updates.length), shuffle(rnd, updates.length)]
    process.stdout.write(JSON.stringify({ id: `${seed}-${i}`, updates: updates.map(b64), orders, kinds: KINDS }) + '\n')
  }
} else if (mode === 'verify') {
  const cases = new Map()
  let checked = 0
  let csharpBytes = 0
  let yjsBytes = 0
  let worstRatio = 0
  let identical = 0
  const failures = []
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
  for await (const line of lines) {
    if (!line.trim()) continue
    const msg = JSON.parse(line)
    if (msg.case) { cases.set(msg.case.id, msg.case); continue }
    const c = cases.get(msg.id)
    const doc = referenceDoc()
    for (const i of msg.order) Y.applyUpdate(doc, unb64(c.updates[i]))
    const expected = content(doc, c.kinds)
    const where = `case ${msg.id} order ${msg.orderIndex}`
    checked++
    if (!same(expected, msg.content)) failures.push(`${where}: content differs\n yjs: ${JSON.stringify(expected)}\n  C#: ${JSON.stringify(msg.content)}`)
    if (!same(sv(doc), msg.stateVector)) failures.push(`${where}: state vector differs yjs ${JSON.stringify(sv(doc))} C# ${JSON.stringify(msg.stateVector)}`)
    // yjs itself sometimes keeps structs pending after a shuffled order although all updates arrived (its
    // retry only looks at the lowest missing clock it recorded); the C# document must agree with it.
    const yjsPending = !!(doc.store.pendingStructs || doc.store.pendingDs)
    if (msg.pending !== yjsPending) failures.push(`${where}: C# pending=${msg.pending}, yjs pending=${yjsPending}`)
    if (msg.orderIndex === 0 && msg.pending) failures.push(`${where}: pending left after the delivery order`)
    const fresh = referenceDoc()
    const state = unb64(msg.state)
    Y.applyUpdate(fresh, state)
    const again = content(fresh, c.kinds)
    if (msg.diff !== undefined) {
      const peer = referenceDoc()
      for (const i of msg.order.slice(0, msg.half)) Y.applyUpdate(peer, unb64(c.updates[i]))
      Y.applyUpdate(peer, unb64(msg.diff))
      const completed = content(peer, c.kinds)
      if (!yjsPending && !same(expected, completed)) failures.push(`${where}: the C# update for the peer's state vector does not complete it\n yjs: ${JSON.stringify(expected)}\n got: ${JSON.stringify(completed)}`)
    }
    const yjsState = Y.encodeStateAsUpdate(doc)
    const reference = referenceDoc()
    Y.applyUpdate(reference, yjsState)
    const expectedAgain = content(reference, c.kinds)
    if (!same(expectedAgain, again)) failures.push(`${where}: C# full state applied in yjs gives different content than yjs' own full state\n yjs: ${JSON.stringify(expectedAgain)}\n got: ${JSON.stringify(again)}`)
    if (!yjsPending && !same(expected, again)) failures.push(`${where}: C# full state applied in yjs gives different content`)
    if (!same(sv(reference), sv(fresh))) failures.push(`${where}: C# full state gives state vector ${JSON.stringify(sv(fresh))}, yjs' ${JSON.stringify(sv(reference))}`)
    csharpBytes += state.length
    yjsBytes += yjsState.length
    worstRatio = Math.max(worstRatio, state.length / yjsState.length)
    if (Buffer.compare(Buffer.from(state), Buffer.from(yjsState)) === 0) identical++
  }
  process.stdout.write(JSON.stringify({ checked, failures: failures.slice(0, 20), failureCount: failures.length, csharpBytes, yjsBytes, worstRatio, identical }) + '\n')
} else if (mode === 'malformed') {
  // Malformed updates on the document path: each line after the cases is
  //   { id, prefix, mutated: b64, csharp: { accepted, strict, message, content?, stateVector?, state? } }
  // (the first `prefix` updates of the case in delivery order, then the mutated update). yjs applies the same;
  // it "accepts" when applyUpdate does not throw, and its accepted document is "healthy" when its full state
  // re-reads (encodeStateVectorFromUpdate parses every struct) and re-applies. The rules: what yjs refuses C#
  // refuses; what yjs accepts healthily C# accepts with the same content and state vector, unless C# names one
  // of its documented stricter rules (csharp.strict); whatever C# accepts, its full state applies in yjs.
  const cases = new Map()
  const counts = { checked: 0, yjsRejected: 0, bothAccepted: 0, stricter: 0, yjsPoisoned: 0, contentUnreadable: 0 }
  const failures = []
  const read = (doc, kinds) => { try { return content(doc, kinds) } catch { return undefined } }
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
  for await (const line of lines) {
    if (!line.trim()) continue
    const msg = JSON.parse(line)
    if (msg.case) { cases.set(msg.case.id, msg.case); continue }
    const c = cases.get(msg.id)
    const cs = msg.csharp
    const where = `case ${msg.id} after ${msg.prefix} updates, mutated ${Buffer.from(msg.mutated, 'base64').toString('hex')}`
    counts.checked++
    const doc = referenceDoc()
    for (const u of c.updates.slice(0, msg.prefix)) Y.applyUpdate(doc, unb64(u))
    let yjsError = null
    try { Y.applyUpdate(doc, unb64(msg.mutated)) } catch (e) { yjsError = String(e?.message ?? e) }
    let healthy = yjsError === null
    if (healthy) {
      try {
        const state = Y.encodeStateAsUpdate(doc)
        Y.encodeStateVectorFromUpdate(state)
        Y.applyUpdate(referenceDoc(), state)
      } catch { healthy = false }
    }
    if (cs.accepted) {
      try {
        const state = unb64(cs.state)
        Y.encodeStateVectorFromUpdate(state)
        Y.applyUpdate(referenceDoc(), state)
      } catch (e) { failures.push(`${where}: the C# state after accepting does not apply in yjs: ${e?.message ?? e}`) }
    }
    if (yjsError !== null) {
      counts.yjsRejected++
      if (cs.accepted) failures.push(`${where}: yjs refuses (${yjsError}), C# accepted`)
    } else if (!healthy) {
      counts.yjsPoisoned++
    } else if (!cs.accepted) {
      counts.stricter++
      if (!cs.strict) failures.push(`${where}: yjs accepts, C# refuses: ${cs.message}`)
    } else {
      counts.bothAccepted++
      const expected = read(doc, c.kinds)
      if (expected === undefined) counts.contentUnreadable++
      else if (!same(expected, cs.content)) failures.push(`${where}: content differs\n yjs: ${JSON.stringify(expected)}\n  C#: ${JSON.stringify(cs.content)}`)
      if (!same(sv(doc), cs.stateVector)) failures.push(`${where}: state vector differs yjs ${JSON.stringify(sv(doc))} C# ${JSON.stringify(cs.stateVector)}`)
    }
  }
  process.stdout.write(JSON.stringify({ ...counts, failures: failures.slice(0, 20), failureCount: failures.length }) + '\n')
} else {
  console.error('usage: node docs-diff.mjs generate <seed> <cases> | verify | malformed')
  process.exit(2)
}
