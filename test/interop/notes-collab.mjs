// Collaborative notes against the real Switchboard server, with the frontend's socket options and npm yjs used the
// way Open WebUI's SocketIOCollaborationProvider uses it (openwebui-contract.md §7.4).
//
//   node notes-collab.mjs edit <url> <noteId> <tokenA> <tokenB> <tokenViewer>
//     Editors A and B and a read-only viewer join note:<noteId>; A and B type concurrently (B also re-uploads its
//     whole state as a binary attachment, as the provider does), the viewer's update is refused; an anonymous socket's
//     ydoc events are refused. Prints {"step":"converged","json":<ProseMirror JSON>} once A, B and the viewer agree.
//     Then reads stdin: "type" -> A types one more paragraph, prints {"step":"typed","json":...} when B has it;
//     "exit" -> exits without leaving (the sockets just drop).
//   node notes-collab.mjs read <url> <noteId> <token>
//     Joins and prints {"step":"state","json":...} from the server's state.
//   node notes-collab.mjs watch <url> <noteId> <token> <text>
//     Joins, prints {"step":"joined","json":...}, then waits until the document contains <text> (a change made
//     elsewhere, e.g. over HTTP); prints {"step":"changed","json":...}.
//   <url> may list several servers, comma-separated (instances of one deployment): A joins through the first, B the
//   second, the viewer the third (wrapping around).
import * as Y from 'yjs'
import { io } from 'socket.io-client'
import { yDocToProsemirrorJSON } from 'y-prosemirror'
import { createInterface } from 'node:readline'

const [mode, urlList, noteId, ...tokens] = process.argv.slice(2)
const urls = urlList.split(',')
const documentId = `note:${noteId}`
const deadline = setTimeout(() => fail('timed out'), 60000)

function fail (message) {
  process.stderr.write(`notes-collab: ${message}\n`)
  process.exit(1)
}

// The frontend's socket (src/routes/+layout.svelte): websocket only, reconnecting, token in auth.
function connect (token, index = 0) {
  const socket = io(urls[index % urls.length], {
    path: '/ws/socket.io',
    transports: ['websocket'],
    reconnection: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
    auth: token ? { token } : {}
  })
  socket.on('connect', () => { if (token) socket.emit('user-join', { auth: { token } }) })
  return socket
}

function until (predicate, what) {
  return new Promise((resolve) => {
    const check = () => predicate() ? resolve() : setTimeout(check, 20)
    check()
  })
}

// One editor: a Y.Doc bound to the socket as the provider binds it.
function editor (name, token, index = 0) {
  const socket = connect(token, index)
  const doc = new Y.Doc()
  const state = { joined: false }
  socket.on('ydoc:document:state', (data) => {
    if (data.document_id !== documentId) return
    const bytes = new Uint8Array(data.state)
    if (!(bytes.length === 2 && bytes[0] === 0 && bytes[1] === 0)) Y.applyUpdate(doc, bytes, 'server')
    state.joined = true
  })
  socket.on('ydoc:document:update', (data) => {
    if (data.document_id === documentId && data.socket_id !== socket.id) Y.applyUpdate(doc, new Uint8Array(data.update), 'server')
  })
  doc.on('update', (update, origin) => {
    if (origin === 'server' || !socket.connected) return
    socket.emit('ydoc:document:update', {
      document_id: documentId,
      user_id: name,
      socket_id: socket.id,
      update: Array.from(update),
      data: { content: { md: 'claimed', html: '<b>claimed</b>', json: {} } }
    }, (ack) => { if (ack && ack.error) state.refused = ack.error })
  })
  socket.on('connect', () => socket.emit('ydoc:document:join', { document_id: documentId, user_id: name, user_name: name, user_color: '#ff0000' }))
  return { name, socket, doc, state }
}

function paragraph (doc, text) {
  const fragment = doc.getXmlFragment('prosemirror')
  const p = new Y.XmlElement('paragraph')
  p.insert(0, [new Y.XmlText(text)])
  fragment.insert(fragment.length, [p])
}

const json = (doc) => JSON.stringify(yDocToProsemirrorJSON(doc, 'prosemirror'))
const print = (value) => process.stdout.write(JSON.stringify(value) + '\n')

if (mode === 'read') {
  const reader = editor('reader', tokens[0])
  await until(() => reader.state.joined)
  print({ step: 'state', json: yDocToProsemirrorJSON(reader.doc, 'prosemirror') })
  clearTimeout(deadline)
  process.exit(0)
}

if (mode === 'watch') {
  const watcher = editor('watcher', tokens[0])
  await until(() => watcher.state.joined)
  print({ step: 'joined', json: yDocToProsemirrorJSON(watcher.doc, 'prosemirror') })
  const text = tokens[1]
  await until(() => json(watcher.doc).includes(text))
  print({ step: 'changed', json: yDocToProsemirrorJSON(watcher.doc, 'prosemirror') })
  clearTimeout(deadline)
  process.exit(0)
}

const a = editor('A', tokens[0], 0)
const b = editor('B', tokens[1], 1)
const viewer = editor('viewer', tokens[2], 2)
await until(() => a.state.joined && b.state.joined && viewer.state.joined)

// Concurrent typing, then B's whole-state re-upload as a raw Uint8Array (a binary attachment).
paragraph(a.doc, 'Hello from A')
paragraph(b.doc, 'Hello from B')
b.socket.emit('ydoc:document:update', { document_id: documentId, user_id: 'B', socket_id: b.socket.id, update: Y.encodeStateAsUpdate(b.doc) })
paragraph(viewer.doc, 'viewer was here')
await until(() => viewer.state.refused, 'the viewer refused')

const has = (doc, text) => json(doc).includes(text)
await until(() => [a, b].every((e) => has(e.doc, 'Hello from A') && has(e.doc, 'Hello from B')) && json(a.doc) === json(b.doc))
// The viewer received both editors' text; nobody received the viewer's.
await until(() => has(viewer.doc, 'Hello from A') && has(viewer.doc, 'Hello from B'))
if (has(a.doc, 'viewer') || has(b.doc, 'viewer')) fail('the viewer\'s update reached an editor')

// An anonymous socket: every ydoc event refused, no state.
const anonymous = connect(null)
await until(() => anonymous.connected)
let anonymousState = false
anonymous.on('ydoc:document:state', () => { anonymousState = true })
const refused = await Promise.all(['ydoc:document:join', 'ydoc:document:update', 'ydoc:awareness:update', 'ydoc:document:state', 'ydoc:document:leave']
  .map((event) => anonymous.timeout(10000).emitWithAck(event, { document_id: documentId, update: [0, 0] })))
if (!refused.every((ack) => ack && ack.error)) fail('an anonymous ydoc event was not refused: ' + JSON.stringify(refused))
if (anonymousState) fail('an anonymous socket got the document state')
anonymous.disconnect()

print({ step: 'converged', json: yDocToProsemirrorJSON(a.doc, 'prosemirror'), viewerRefused: viewer.state.refused })

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of lines) {
  if (line === 'type') {
    paragraph(a.doc, 'typed just before the restart')
    await until(() => has(b.doc, 'typed just before the restart'))
    print({ step: 'typed', json: yDocToProsemirrorJSON(a.doc, 'prosemirror') })
  } else if (line === 'exit') {
    clearTimeout(deadline)
    process.exit(0)
  }
}
