// Drives Switchboard's Socket.IO server with the real npm socket.io-client, one scenario per run.
//   node socketio-scenarios.mjs <base url> <websocket|polling> <scenario>
// Prints one JSON line per check ({"check","ok","detail"}) and {"done":true} at the end; the C# test asserts them.
// The server side is test/Switchboard.SocketIO.Tests/SocketIO/Interop/InteropHost.cs.
import { io, Manager } from 'socket.io-client';

const [url, transport, scenario] = process.argv.slice(2);
const base = { transports: [transport], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 300, timeout: 5000 };
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const check = (name, ok, detail) => out({ check: name, ok: !!ok, detail: detail === undefined ? null : detail });
const eq = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const bytes = (x) => (x == null ? null : Array.from(Buffer.from(x)));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const waitUntil = async (cond, ms = 10000) => {
  for (const end = Date.now() + ms; !cond() && Date.now() < end;) await sleep(20);
};
const once = (s, ev, ms = 10000) => new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error(`timeout waiting for ${ev}`)), ms);
  s.once(ev, (...args) => { clearTimeout(t); resolve(args); });
});
const ack = (s, ev, ...args) => new Promise((resolve, reject) => {
  s.timeout(10000).emit(ev, ...args, (err, ...res) => (err ? reject(err) : resolve(res)));
});
const connect = (opts = {}, nsp = '') => io(url + nsp, { ...base, ...opts });
const record = (s, ev) => { const seen = []; s.on(ev, (...args) => seen.push(args)); return seen; };

const scenarios = {
  async auth() {
    const s = connect({ auth: { token: 'good', n: 1 } });
    const [auth, recovered] = await once(s, 'auth');
    check('connected with auth echoed', s.connected && eq(auth, { token: 'good', n: 1 }), auth);
    check('not recovered', recovered === false && !s.recovered, recovered);
    check('socket id has 20 characters', s.id && s.id.length === 20, s.id);
    check('socket id is not the engine id', s.id !== s.io.engine.id, [s.id, s.io.engine.id]);
    const bad = connect({ auth: { token: 'bad' }, reconnection: false });
    const [err] = await once(bad, 'connect_error');
    check('connect_error message', err.message === 'Not authorized', err.message);
    check('connect_error data', eq(err.data, { code: 401, reason: 'bad token' }), err.data);
    check('refused socket not connected', !bad.connected);
    s.close(); bad.close();
  },

  async events() {
    const s = connect();
    await once(s, 'auth');
    s.emit('echo', 1, '2', { three: [true] }, null);
    const back = await once(s, 'echo-back');
    check('client to server to client event', eq(back, [1, '2', { three: [true] }, null]), back);
    const [name] = await ack(s, 'register');
    check('runtime event name', /^user-1:.{20}:[0-9a-f-]{36}$/.test(name), name);
    s.emit(name, 'data: 1');
    s.emit(name, 'data: 2');
    s.emit(name, { done: true });
    const [got] = await once(s, 'dyn-got');
    check('runtime-registered handler received in order', eq(got, ['"data: 1"', '"data: 2"', '{"done":true}']), got);
    s.close();
  },

  async acks() {
    const s = connect({ auth: { room: 'askers' } });
    await once(s, 'auth');
    check('client to server ack', (await s.timeout(2000).emitWithAck('sum', 2, 3)) === 5);
    const who = await ack(s, 'who');
    check('ack with several args', who[0] === 'main' && who[1] === s.id, who);
    try {
      await s.timeout(300).emitWithAck('nobody-acks');
      check('client ack timeout', false, 'resolved');
    } catch (e) {
      check('client ack timeout', /timed out/.test(e.message), e.message);
    }
    s.on('question', (q, cb) => cb(`answer to ${q}`));
    const answer = once(s, 'answer-result');
    const timedOut = once(s, 'server-timeout');
    s.emit('ask-me');
    check('server to client ack', (await answer)[0] === 'answer to what?', await answer);
    check('server ack timeout', (await timedOut)[0] === true, await timedOut);
    const other = connect({ auth: { room: 'askers' } });
    await once(other, 'auth');
    other.on('poll', (cb) => cb('other'));
    s.on('poll', (cb) => cb('self'));
    const [count, broadcastTimedOut] = await ack(s, 'ask-room', 'askers');
    check('broadcast with ack collects every answer', count === 2 && broadcastTimedOut === false, [count, broadcastTimedOut]);
    s.close(); other.close();
  },

  async binary() {
    const s = connect();
    await once(s, 'auth');
    const binBack = once(s, 'bin-back');
    const [rev, info] = await ack(s, 'bin', Buffer.from([1, 2, 3]), { inner: Buffer.from([4, 5]) });
    check('binary ack', eq(bytes(rev), [3, 2, 1]) && info.len === 3, [bytes(rev), info.len]);
    check('nested binary both ways', eq(bytes(info.inner), [4, 5]), bytes(info.inner));
    const [b, deep] = await binBack;
    check('server binary event', eq(bytes(b), [9, 8, 7]) && eq(bytes(deep.deep[0]), [1]), [bytes(b), bytes(deep.deep[0])]);
    s.close();
  },

  async rooms() {
    const clients = [connect({ auth: { room: 'r1' } }), connect({ auth: { room: 'r1' } }), connect({ auth: { room: 'r1' } })];
    await Promise.all(clients.map((c) => once(c, 'auth')));
    const [a, b, c] = clients;
    const shouted = clients.map((x) => record(x, 'shouted'));
    const filtered = clients.map((x) => record(x, 'filtered'));
    a.emit('shout', 'r1');
    a.emit('all-except', 'r1', c.id);
    await waitUntil(() => shouted[1].length && shouted[2].length && filtered[0].length && filtered[1].length);
    await sleep(200);
    check('broadcast from a socket skips the sender', eq(shouted.map((x) => x.length), [0, 1, 1]) && shouted[1][0][0] === a.id, shouted);
    check('except leaves a socket out', eq(filtered.map((x) => x.length), [1, 1, 0]), filtered);
    const joined = await ack(b, 'join', 'r2');
    b.emit('shout', 'r2');
    a.emit('shout', 'r2');
    await waitUntil(() => shouted[1].length === 2);
    await sleep(200);
    check('join by event then room broadcast', joined[0] === true && shouted[1].length === 2 && shouted[0].length === 0, shouted.map((x) => x.length));
    clients.forEach((x) => x.close());
  },

  async namespaces() {
    const manager = new Manager(url, base);
    const main = manager.socket('/');
    const admin = manager.socket('/admin');
    const auth = once(main, 'auth');
    main.connect();
    admin.connect();
    await auth;
    if (!admin.connected) await once(admin, 'connect');
    const [w1, id1] = await ack(main, 'who');
    const [w2, id2] = await ack(admin, 'who');
    check('events routed per namespace', w1 === 'main' && w2 === 'admin', [w1, w2]);
    check('one socket id per namespace', id1 === main.id && id2 === admin.id && id1 !== id2, [id1, id2]);
    check('both namespaces on one engine connection', main.io === admin.io && main.io.engine.id === admin.io.engine.id);
    admin.disconnect();
    const [w3] = await ack(main, 'who');
    check('leaving one namespace keeps the other', w3 === 'main' && main.connected && !admin.connected);
    main.disconnect();
  },

  // Issue 13: one request makes the server emit 100,000 small events to the sender's user room, awaiting each
  // emit (a fast model streaming to a tab). All must arrive, complete and in order; none may close the client.
  async burst() {
    const count = 100000;
    const room = `user:${Math.random().toString(36).slice(2)}`;
    const s = connect({ auth: { room } });
    await once(s, 'auth');
    let received = 0;
    let firstWrong = null;
    s.on('burst-event', (e) => {
      if (firstWrong === null && !(e && e.i === received && e.content === `chunk ${received}`)) firstWrong = { at: received, got: e };
      received++;
    });
    let disconnects = 0;
    s.on('disconnect', () => disconnects++);
    const acked = await new Promise((resolve, reject) => {
      s.timeout(50000).emit('burst', room, count, (err, n) => (err ? reject(err) : resolve(n)));
    });
    await waitUntil(() => received >= count, 20000);
    check('server finished the burst', acked === count, acked);
    check('all events delivered', received === count, received);
    check('in order and complete', firstWrong === null, firstWrong);
    check('never disconnected', disconnects === 0 && s.connected, disconnects);
    s.close();
  },

  async recovery() {
    const s = connect();
    const [, recovered] = await once(s, 'auth');
    check('first connection not recovered', recovered === false && !s.recovered, recovered);
    const id = s.id;
    const missed = record(s, 'missed');
    const reconnected = once(s, 'connect', 10000);
    // Drop the transport from under the socket; the manager reconnects by itself.
    s.io.engine.close();
    await reconnected;
    await waitUntil(() => missed.length >= 2, 2000);
    check('recovered flag', s.recovered === true, s.recovered);
    check('same socket id', s.id === id, [id, s.id]);
    check('missed events replayed in order', eq(missed.map((m) => m[0]), [1, 2]), missed);
    s.close();
  },
};

try {
  if (!scenarios[scenario]) throw new Error(`unknown scenario ${scenario}`);
  await scenarios[scenario]();
  out({ done: true });
  process.exit(0);
} catch (e) {
  check('scenario threw', false, String(e && e.stack || e));
  process.exit(1);
}
