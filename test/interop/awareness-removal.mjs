// A departed editor's awareness is removed for the others (G18), checked with npm y-protocols' own Awareness.
//
//   node awareness-removal.mjs <url> <noteId> <tokenA> <tokenB> <leave|disconnect>
//     A and B join note:<noteId>; A announces its state with encodeAwarenessUpdate, B applies what it receives with
//     applyAwarenessUpdate; then A leaves the document (ydoc:document:leave) or drops its connection. Prints
//     {"step":"seen"} when B has A's state and {"step":"removed"} when B's Awareness has dropped it, well before
//     y-protocols' own 30 s timeout could.
import * as Y from 'yjs'
import { io } from 'socket.io-client'
import { Awareness, encodeAwarenessUpdate, applyAwarenessUpdate } from 'y-protocols/awareness'

const [url, noteId, tokenA, tokenB, how] = process.argv.slice(2)
const documentId = `note:${noteId}`
setTimeout(() => fail('timed out'), 15000)

function fail (message) {
  process.stderr.write(`awareness-removal: ${message}\n`)
  process.exit(1)
}

function until (predicate) {
  return new Promise((resolve) => {
    const check = () => predicate() ? resolve() : setTimeout(check, 20)
    check()
  })
}

async function join (token) {
  const socket = io(url, { path: '/ws/socket.io', transports: ['websocket'], reconnection: false, auth: { token } })
  const joined = new Promise((resolve) => socket.on('ydoc:document:state', (data) => { if (data.document_id === documentId) resolve() }))
  await new Promise((resolve, reject) => { socket.on('connect', resolve); socket.on('connect_error', reject) })
  socket.emit('ydoc:document:join', { document_id: documentId })
  await joined
  return socket
}

const a = await join(tokenA)
const b = await join(tokenB)
const docA = new Y.Doc()
const awarenessA = new Awareness(docA)
const awarenessB = new Awareness(new Y.Doc())
b.on('ydoc:awareness:update', (data) => {
  if (data.document_id === documentId) applyAwarenessUpdate(awarenessB, new Uint8Array(data.update), 'server')
})

awarenessA.setLocalState({ user: { name: 'A', color: '#FF6B6B' }, cursor: { anchor: 1, head: 1 } })
a.emit('ydoc:awareness:update', { document_id: documentId, update: Array.from(encodeAwarenessUpdate(awarenessA, [docA.clientID])) })
await until(() => awarenessB.getStates().has(docA.clientID))
process.stdout.write(JSON.stringify({ step: 'seen' }) + '\n')

if (how === 'leave') a.emit('ydoc:document:leave', { document_id: documentId })
else a.disconnect()
await until(() => !awarenessB.getStates().has(docA.clientID))
process.stdout.write(JSON.stringify({ step: 'removed' }) + '\n')
awarenessA.destroy()
awarenessB.destroy()
a.disconnect()
b.disconnect()
process.exit(0)
