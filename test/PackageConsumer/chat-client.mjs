// Two socket.io-client 4 users in the package consumer's chat room: ann (polling, upgraded to WebSocket) and bob
// (WebSocket) join "lobby"; ann says hi and bob must get it; a client without a name must be refused.
// Usage: node chat-client.mjs <server-url>; socket.io-client comes from $SWITCHBOARD_INTEROP_DIR/node_modules.
// Prints one JSON line with what it saw; exits non-zero on a failure or after 30 s.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.SWITCHBOARD_INTEROP_DIR ?? '.', 'package.json'));
const { io } = require('socket.io-client');
const url = process.argv[2];
const watchdog = setTimeout(() => { console.error('chat-client: timed out'); process.exit(2); }, 30_000);

const connect = (name, transports) => new Promise((resolve, reject) => {
  const socket = io(url, { path: '/socket.io', auth: name ? { name } : {}, transports, reconnection: false });
  socket.once('connect', () => resolve(socket));
  socket.once('connect_error', error => { socket.close(); reject(error); });
});

const ann = await connect('ann', ['polling', 'websocket']);
const bob = await connect('bob', ['websocket']);
const annJoined = await ann.emitWithAck('join', { room: 'lobby' });
const seenJoin = new Promise(resolve => ann.once('joined', resolve));
const bobJoined = await bob.emitWithAck('join', { room: 'lobby' });
const joinedNotice = await seenJoin;
const received = new Promise(resolve => bob.once('message', resolve));
ann.emit('say', { room: 'lobby', text: 'hi' });
const message = await received;
const refused = await connect(undefined, ['websocket']).then(s => { s.close(); return 'connected'; }, e => e.message);

console.log(JSON.stringify({ annJoined, bobJoined, joinedNotice, message, refused }));
ann.close();
bob.close();
clearTimeout(watchdog);
