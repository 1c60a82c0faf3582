// The Node side of the Redis adapter interop tests (socketio-wire.md §5.6): a socket.io 4.8 server with
// @socket.io/redis-adapter (classic or sharded), an @socket.io/redis-emitter, and socket.io-client sockets.
//   node redis-interop.mjs <redis url> <classic|sharded|clients> <key prefix>
// ("clients" starts no Node server, emitter or Redis client: only socket.io-client sockets.)
// Prints {"ready":true,"port":N} once the Node server listens, then answers one JSON command per stdin line with
// {"id","ok","result"|"error"}. Binary values travel as {"$bin":[bytes]} both ways.
// The Node server follows the Switchboard interop host's contract (test/Switchboard.RedisInterop): join auth.room,
// relay(room, event, ...args) -> io.to(room).emit(event, ...args) and ack true; it also answers the server-side
// event "ping-server" with "pong from node". Clients ack every event that asks for one with "ack:" + event (unless
// connected with "ack": false).
import http from 'node:http';
import readline from 'node:readline';
import { Server } from 'socket.io';
import { io as connectClient } from 'socket.io-client';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { Emitter } from '@socket.io/redis-emitter';
import { createClient } from 'redis';

const [redisUrl, mode, prefix] = process.argv.slice(2);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const toWire = (v) => {
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { $bin: Array.from(v) };
  if (v instanceof ArrayBuffer) return { $bin: Array.from(new Uint8Array(v)) };
  if (Array.isArray(v)) return v.map(toWire);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWire(x)]));
  return v;
};
const fromWire = (v) => {
  if (Array.isArray(v)) return v.map(fromWire);
  if (v && typeof v === 'object') {
    if (Array.isArray(v.$bin)) return Buffer.from(v.$bin);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromWire(x)]));
  }
  return v;
};

const clientsOnly = mode === 'clients';
const pub = createClient({ url: redisUrl });
const sub = pub.duplicate();
const emitterClient = pub.duplicate();
for (const c of [pub, sub, emitterClient]) c.on('error', (e) => process.stderr.write(`redis: ${e.message}\n`));
if (!clientsOnly) await Promise.all([pub.connect(), sub.connect(), emitterClient.connect()]);

const httpServer = http.createServer();
const adapter = clientsOnly ? undefined : mode === 'sharded'
  ? createShardedAdapter(pub, sub, { channelPrefix: prefix })
  : createAdapter(pub, sub, { key: prefix });
const io = new Server(httpServer, adapter ? { adapter } : {});
io.on('connection', (socket) => {
  if (typeof socket.handshake.auth.room === 'string') socket.join(socket.handshake.auth.room);
  socket.data = { side: 'node' };
  socket.on('relay', (room, event, ...rest) => {
    const ack = typeof rest[rest.length - 1] === 'function' ? rest.pop() : null;
    io.to(room).emit(event, ...rest);
    if (ack) ack(true);
  });
});
io.on('ping-server', (...args) => {
  const cb = args[args.length - 1];
  if (typeof cb === 'function') cb('pong from node');
});
if (!clientsOnly) await new Promise((r) => httpServer.listen(0, '127.0.0.1', r));
const emitter = new Emitter(emitterClient, { key: prefix });

const clients = new Map(); // name -> { socket, events: [] }
const operator = (base, c) => {
  let op = base;
  for (const r of c.to ?? []) op = op.to(r);
  for (const r of c.except ?? []) op = op.except(r);
  if (c.volatile) op = op.volatile;
  return op;
};

const commands = {
  async connect(c) {
    const socket = connectClient(c.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: c.room ? { room: c.room } : {} });
    const entry = { socket, events: [], disconnected: null, ack: c.ack !== false };
    socket.onAny((event, ...args) => {
      const cb = typeof args[args.length - 1] === 'function' ? args.pop() : null;
      entry.events.push([event, ...toWire(args)]);
      if (cb && entry.ack) cb('ack:' + event);
    });
    socket.on('disconnect', (reason) => { entry.disconnected = reason; });
    await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('connect_error', reject); });
    clients.set(c.name, entry);
    return socket.id;
  },
  // Events a client received so far, removed from its log.
  async events(c) { const e = clients.get(c.name); const got = e.events; e.events = []; return got; },
  async state(c) { const e = clients.get(c.name); return { connected: e.socket.connected, disconnected: e.disconnected }; },
  async emitAck(c) { return toWire(await clients.get(c.name).socket.timeout(5000).emitWithAck(c.event, ...fromWire(c.args))); },
  async emitter(c) { operator(emitter.of(c.nsp ?? '/'), c).emit(c.event, ...fromWire(c.args)); return true; },
  async emitterJoin(c) { operator(emitter.of('/'), c).socketsJoin(c.rooms); return true; },
  async emitterLeave(c) { operator(emitter.of('/'), c).socketsLeave(c.rooms); return true; },
  async emitterDisconnect(c) { operator(emitter.of('/'), c).disconnectSockets(!!c.close); return true; },
  async emitterServerSide(c) { emitter.serverSideEmit(c.event, ...fromWire(c.args)); return true; },
  async nodeEmit(c) { operator(io, c).emit(c.event, ...fromWire(c.args)); return true; },
  async nodeEmitWithAck(c) { return toWire(await operator(io, c).timeout(c.timeout).emitWithAck(c.event, ...fromWire(c.args))); },
  async nodeFetch(c) {
    const sockets = await operator(io, c).fetchSockets();
    return sockets.map((s) => ({ id: s.id, rooms: [...s.rooms].sort(), auth: s.handshake.auth, data: s.data ?? null }));
  },
  async nodeJoin(c) { operator(io, c).socketsJoin(c.rooms); return true; },
  async nodeLeave(c) { operator(io, c).socketsLeave(c.rooms); return true; },
  async nodeDisconnect(c) { operator(io, c).disconnectSockets(!!c.close); return true; },
  async nodeServerSideEmitWithAck(c) { return toWire(await io.serverSideEmitWithAck(c.event, ...fromWire(c.args))); },
  async nodeServerSideEmit(c) { io.serverSideEmit(c.event, ...fromWire(c.args)); return true; },
  async nodeAllRooms() { return [...(await io.of('/').adapter.allRooms())].sort(); },
  async nodeServerCount() { return await io.of('/').adapter.serverCount(); },
  async nodeLocalRooms(c) { const s = io.of('/').sockets.get(c.sid); return s ? [...s.rooms].sort() : null; },
};

const serverSide = [];
io.on('note', (...args) => serverSide.push(toWire(args)));
commands.serverSideNotes = async () => serverSide.splice(0);

out({ ready: true, port: clientsOnly ? 0 : httpServer.address().port });
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  let c;
  try {
    c = JSON.parse(line);
    out({ id: c.id, ok: true, result: (await commands[c.cmd](c)) ?? null });
  } catch (e) {
    out({ id: c?.id ?? null, ok: false, error: String(e?.message ?? e) });
  }
});
rl.on('close', async () => {
  for (const { socket } of clients.values()) socket.close();
  if (!clientsOnly) {
    io.close();
    await Promise.allSettled([pub.quit(), sub.quit(), emitterClient.quit()]);
  }
  process.exit(0);
});
