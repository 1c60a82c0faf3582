// Drives Switchboard's Open WebUI server with the real npm socket.io-client 4.8, configured as the Open WebUI
// frontend configures it (+layout.svelte: path /ws/socket.io, auth {token}, reconnection 1000-5000 ms, websocket
// only by default or polling then websocket when WebSocket support is off).
//   node openwebui-scenarios.mjs <base url> <scenario> <setup json> [websocket|polling]
// Prints one JSON line per check ({"check","ok","detail"}); {"ask": name, "data": ...} asks the C# test to act on
// the server (emit, call, revoke, read the database) and waits for its JSON answer on stdin; {"done":true} ends.
// The C# side is test/Switchboard.Server.Tests/Realtime/OpenWebUIInteropTests.cs.
import { io } from 'socket.io-client';
import readline from 'node:readline';

const [url, scenario, setupJson, transport = 'websocket'] = process.argv.slice(2);
const setup = JSON.parse(setupJson);
const transports = transport === 'websocket' ? ['websocket'] : ['polling', 'websocket'];
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const check = (name, ok, detail) => out({ check: name, ok: !!ok, detail: detail === undefined ? null : detail });
const eq = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const waitUntil = async (cond, ms = 15000) => {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await cond()) return true;
    await sleep(50);
  }
  return false;
};
const once = (s, ev, ms = 15000) => new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error(`timeout waiting for ${ev}`)), ms);
  s.once(ev, (...args) => { clearTimeout(t); resolve(args); });
});
const ackOf = (s, ev, payload) => s.timeout(15000).emitWithAck(ev, payload);
const record = (s, ev) => { const seen = []; s.on(ev, (...args) => seen.push(args[0])); return seen; };

const answers = [];
const waiting = [];
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const value = JSON.parse(line);
  const w = waiting.shift();
  if (w) w(value); else answers.push(value);
});
const ask = (name, data = {}) => {
  out({ ask: name, data });
  return new Promise((resolve) => (answers.length ? resolve(answers.shift()) : waiting.push(resolve)));
};

// A tab as the frontend opens it; connect() resolves once connected.
const tab = (token) => io(url, {
  path: '/ws/socket.io',
  transports,
  reconnection: true,
  reconnectionDelay: 1000,
  reconnectionDelayMax: 5000,
  randomizationFactor: 0.5,
  forceNew: true,
  auth: { token },
});
const connected = async (s) => { if (!s.connected) await once(s, 'connect'); return s; };
// The frontend's on-connect step: user-join when a token is known.
const signedIn = async (user) => {
  const s = await connected(tab(user.token));
  const joined = await ackOf(s, 'user-join', { auth: { token: user.token } });
  if (!eq(joined, { id: user.id, name: user.name })) throw new Error('user-join answered ' + JSON.stringify(joined));
  return s;
};
const typing = (channel, messageId = null) => ({ channel_id: channel, message_id: messageId, data: { type: 'typing', data: { typing: true } } });
const usage = async (token) => {
  const res = await fetch(url + '/api/usage', { headers: token ? { Authorization: 'Bearer ' + token } : {} });
  return { status: res.status, body: res.status === 200 ? await res.json() : null };
};

const scenarios = {
  async anonymous() {
    const { a } = setup;
    const member = await signedIn(a);
    const seen = record(member, 'events:channel');
    const s = await connected(tab(undefined));
    check('a socket without a token stays connected', s.connected);
    const refused = [
      ['heartbeat', {}],
      ['join-channels', { auth: { token: a.token } }],
      ['events:channel', typing(setup.channel)],
      ['events:channel', { channel_id: setup.channel, message_id: null, data: { type: 'last_read_at' } }],
      ['events:chat', { chat_id: setup.chat, data: { type: 'last_read_at' } }],
      ['usage', { action: 'chat', model: 'anonymous-model', chat_id: 'c' }],
    ];
    for (const [ev, payload] of refused) {
      const res = await ackOf(s, ev, payload);
      check(`${ev} from an anonymous socket refused`, res && /not authenticated/.test(res.error), res);
    }
    await ackOf(member, 'events:channel', typing(setup.channel));
    await waitUntil(() => seen.length > 0);
    check('the anonymous typing reached nobody', seen.length === 1 && seen[0].user.id === a.id, seen);
    const u = await usage(a.token);
    check('the anonymous usage was not recorded', u.status === 200 && !u.body.model_ids.includes('anonymous-model'), u);
    const bad = await ackOf(s, 'user-join', { auth: { token: a.token.slice(0, -3) + 'AAA' } });
    check('user-join with a bad signature refused', bad && typeof bad.error === 'string', bad);
    const malformed = await ackOf(s, 'user-join', { token: a.token });
    check('user-join without auth.token refused', malformed && typeof malformed.error === 'string', malformed);
    const ok = await ackOf(s, 'user-join', { auth: { token: a.token } });
    check('user-join with a valid token answers {id, name}', eq(ok, { id: a.id, name: a.name }), ok);
    const hb = await ackOf(s, 'heartbeat', {});
    check('heartbeat accepted once joined', hb === null, hb);
    member.close(); s.close();
  },

  async tabs() {
    const { a, b } = setup;
    const a1 = await signedIn(a);
    const a2 = await signedIn(a);
    // The frontend opens the socket before login: connected without a token, then user-join.
    const a3 = await connected(tab(undefined));
    await ackOf(a3, 'user-join', { auth: { token: a.token } });
    const b1 = await signedIn(b);
    const seen = [a1, a2, a3, b1].map((s) => record(s, 'events'));
    await ask('emit-to-a');
    await waitUntil(() => seen.slice(0, 3).every((x) => x.length > 0));
    const expected = { chat_id: setup.chat, message_id: 'm1', data: { type: 'status', data: { description: 'Searching' } } };
    check('every tab of the user receives the event', seen.slice(0, 3).every((x) => x.length === 1 && eq(x[0], expected)), seen.slice(0, 3));
    await ask('emit-to-b');
    await waitUntil(() => seen[3].length > 0);
    check('another user receives only their own events', seen[3].length === 1 && seen[3][0].message_id === 'for-b', seen[3]);
    for (const s of [a1, a2, a3, b1]) s.close();
  },

  async channels() {
    const { a, b, c } = setup;
    const [sa, sb, sc] = await Promise.all([signedIn(a), signedIn(b), signedIn(c)]);
    const [ea, eb, ec] = [sa, sb, sc].map((s) => record(s, 'events:channel'));
    // A spoofs another identity in the payload: the server puts its own.
    const res = await ackOf(sa, 'events:channel', { ...typing(setup.channel), user: { id: 'someone-else', name: 'Mallory', role: 'admin' } });
    check('typing acked', res === null, res);
    const expected = { channel_id: setup.channel, message_id: null, data: { type: 'typing', data: { typing: true } }, user: { id: a.id, name: a.name, role: 'user' } };
    await waitUntil(() => ea.length > 0 && eb.length > 0);
    check('typing reaches the sender with the server identity', eq(ea[0], expected), ea);
    check('typing reaches the other member', eq(eb[0], expected), eb);
    await ackOf(sb, 'events:channel', typing(setup.channel, 'parent-1'));
    await waitUntil(() => ea.length > 1);
    check('thread typing keeps its message_id', ea[1] && ea[1].message_id === 'parent-1' && ea[1].user.id === b.id, ea);
    const outsider = await ackOf(sc, 'events:channel', typing(setup.channel));
    check('a user outside the channel cannot type in it', outsider && /not in that channel/.test(outsider.error), outsider);
    check('a user outside the channel hears nothing', ec.length === 0, ec);
    const bad = await ackOf(sa, 'events:channel', { channel_id: 42, data: { type: 'typing' } });
    check('a malformed payload is refused with {error}', bad && typeof bad.error === 'string', bad);
    await ackOf(sa, 'events:channel', { channel_id: setup.channel, message_id: null, data: { type: 'last_read_at' } });
    const read = await ask('member-read', { user: a.id });
    check('last_read_at sets the member row in nanoseconds', read.lastReadAt > 1e18, read);
    const created = await ask('new-channel', { user: a.id });
    const before = await ackOf(sa, 'events:channel', typing(created.id));
    check('a new channel is not joined before join-channels', before && before.error, before);
    const joined = await ackOf(sa, 'join-channels', { auth: { token: a.token } });
    check('join-channels acked', joined === null, joined);
    await ackOf(sa, 'events:channel', typing(created.id));
    await waitUntil(() => ea.some((e) => e.channel_id === created.id));
    check('join-channels joins the new channel', ea.some((e) => e.channel_id === created.id), ea);
    const foreign = await ackOf(sa, 'join-channels', { auth: { token: b.token } });
    check("join-channels with another user's token refused", foreign && foreign.error, foreign);
    for (const s of [sa, sb, sc]) s.close();
  },

  async chat() {
    const { a } = setup;
    const sa = await signedIn(a);
    const seen = record(sa, 'events');
    const res = await ackOf(sa, 'events:chat', { chat_id: setup.chat, data: { type: 'last_read_at' } });
    check('events:chat acked', res === null, res);
    await waitUntil(() => seen.length > 0);
    const e = seen[0];
    check('events:chat answers chat:list to the user', e && e.chat_id === setup.chat && e.data.type === 'chat:list' &&
      e.data.data.chat_id === setup.chat && e.data.data.last_read_at > 1e9 && e.data.data.last_read_at < 1e11, e);
    const other = await ackOf(sa, 'events:chat', { chat_id: 'not-mine', data: { type: 'last_read_at' } });
    check('events:chat for a chat of nobody refused', other && other.error, other);
    sa.close();
  },

  async usage() {
    const { a } = setup;
    const s1 = await signedIn(a);
    const s2 = await signedIn(a);
    await ackOf(s1, 'usage', { action: 'chat', model: 'model-one', chat_id: 'c1' });
    await ackOf(s2, 'usage', { action: 'chat', model: 'model-two', chat_id: 'c2' });
    const u = await usage(a.token);
    check('GET /api/usage lists the models in use', u.status === 200 && u.body.model_ids.includes('model-one') && u.body.model_ids.includes('model-two'), u);
    check('GET /api/usage counts active users', u.body.user_count >= 1, u);
    check('GET /api/usage needs a token', (await usage(null)).status === 401);
    s2.close();
    // model-one keeps being reported (every second, as Chat.svelte does); model-two stopped with its tab.
    const keep = setInterval(() => s1.emit('usage', { action: 'chat', model: 'model-one', chat_id: 'c1' }), 1000);
    const gone = await waitUntil(async () => !(await usage(a.token)).body.model_ids.includes('model-two'), 20000);
    check('a model no tab reports any more expires', gone);
    check('a model still reported stays', (await usage(a.token)).body.model_ids.includes('model-one'));
    clearInterval(keep);
    const expired = await waitUntil(async () => (await usage(a.token)).body.model_ids.length === 0, 20000);
    check('every model expires once reports stop', expired);
    s1.close();
  },

  async calls() {
    const { a, b } = setup;
    const answering = await signedIn(a);
    const silent = await signedIn(a);
    const other = await signedIn(b);
    answering.on('events', (event, cb) => {
      if (event.data.type === 'confirmation' && cb) cb(true);
      if (event.data.type === 'input' && cb) cb('typed ' + event.data.data.placeholder);
    });
    const silentSeen = record(silent, 'events');
    let r = await ask('call', { sid: answering.id, type: 'confirmation', data: { title: 'Sure?', message: 'Run it' } });
    check('a call returns the first ack argument', eq(r, { value: true }), r);
    r = await ask('call', { sid: answering.id, type: 'input', data: { title: 'Name', message: 'm', placeholder: 'x' } });
    check('input calls return the string', eq(r, { value: 'typed x' }), r);
    r = await ask('call', { sid: silent.id, type: 'confirmation', data: { title: 't', message: 'm' }, timeoutMs: 1000 });
    check('a call nobody answers times out with an error', eq(r, { error: 'Event call timed out.' }), r);
    check('the silent tab did get the call', silentSeen.length === 1 && silentSeen[0].data.type === 'confirmation', silentSeen);
    r = await ask('call', { sid: other.id, type: 'confirmation', data: {} });
    check("a call to another user's socket is refused", eq(r, { error: 'Client session disconnected.' }), r);
    r = await ask('call', { sid: 'no-such-socket', type: 'confirmation', data: {} });
    check('a call to a socket that is gone fails at once', eq(r, { error: 'Client session disconnected.' }), r);
    // The tab leaves while the server waits (a 5-minute timeout): the call ends at once.
    silent.once('events', () => silent.close());
    r = await ask('call', { sid: silent.id, type: 'confirmation', data: {}, timeoutMs: 300000 });
    check('a call ends as soon as its socket leaves', eq(r, { error: 'Client session disconnected.' }), r);
    const stream = record(answering, 'events');
    const stored = await ask('stream', { deltas: ['Hel', 'lo', ', ', 'world'] });
    await waitUntil(() => stream.length >= 5);
    const contents = stream.filter((e) => e.data.type === 'message').map((e) => e.data.data.content).join('');
    check('streamed deltas arrive in order', contents === 'Hello, world', stream);
    check('the stored message equals the streamed content after done', stored.content === 'Hello, world', stored);
    for (const s of [answering, other]) s.close();
  },

  async direct() {
    const { a, b } = setup;
    const sa = await signedIn(a);
    const sb = await signedIn(b);
    const { channel } = await ask('open-direct', { sid: sa.id });
    check('the channel name is user:session:uuid', new RegExp(`^${a.id}:${sa.id}:[0-9a-f-]{36}$`).test(channel), channel);
    sb.emit(channel, 'data: {"injected":true}');
    sa.emit(channel, 'data: {"a":1}');
    sa.emit(channel, { choices: [{ delta: { content: 'x' } }] });
    sa.emit(channel, { done: true });
    sa.emit(channel, 'data: {"late":true}');
    const result = await ask('read-direct');
    check('only the expected socket is heard, in order, up to done', eq(result.items, ['data: {"a":1}\n\n', 'data: {"choices":[{"delta":{"content":"x"}}]}\n\n']), result);
    check('the handler is gone after done', result.open === 0, result);
    const short = await ask('direct-deadline', { sid: sa.id });
    check('a channel nobody writes to ends at its deadline', short.error === 'timeout' && short.open === 0, short);
    sa.close(); sb.close();
  },

  async expiry() {
    const s = await signedIn(setup.shortLived);
    const errors = record(s, 'error');
    let reason = null;
    s.on('disconnect', (r) => { reason = r; });
    // The frontend sends heartbeat every 30 s; here every 200 ms until the token has expired.
    const ended = await waitUntil(() => { if (s.connected) s.emit('heartbeat', {}); return reason !== null; }, 30000);
    check('an expired token disconnects on heartbeat', ended && reason === 'io server disconnect', reason);
    check('the tab is told why', errors.length === 1 && errors[0].reason === 'token_expired', errors);
    s.close();
  },

  async revocation() {
    const { a } = setup;
    const t1 = await signedIn({ ...a, token: setup.revocable });
    const t2 = await connected(tab(setup.revocable));
    const other = await signedIn(a);
    const reasons = new Map();
    for (const [name, s] of [['t1', t1], ['t2', t2], ['other', other]]) s.on('disconnect', (r) => reasons.set(name, r));
    const errors = record(t2, 'error');
    await ask('revoke-token', { jti: setup.revocableJti });
    await waitUntil(() => reasons.has('t1') && reasons.has('t2'));
    check('revoking a token disconnects every socket it opened', reasons.get('t1') === 'io server disconnect' && reasons.get('t2') === 'io server disconnect', [...reasons]);
    check('with the reason', errors.length === 1 && errors[0].reason === 'token_revoked', errors);
    check('sockets of other tokens stay', other.connected && !reasons.has('other'));
    const again = await connected(tab(setup.revocable));
    const refused = await ackOf(again, 'user-join', { auth: { token: setup.revocable } });
    check('a revoked token cannot join again', refused && refused.error, refused);
    // A user-wide revocation recorded by another instance (a row in the shared database).
    await ask('revoke-user-elsewhere', { user: a.id });
    await waitUntil(() => reasons.has('other'));
    check('a revocation recorded elsewhere disconnects too', reasons.get('other') === 'io server disconnect', [...reasons]);
    again.close();
  },

  // An Open WebUI database the server did not create: a token signed with that deployment's secret (by PyJWT)
  // joins its user's channels; channels of others stay closed.
  async existing() {
    const { a } = setup;
    const s = await signedIn(a);
    const seen = record(s, 'events:channel');
    for (const channel of setup.channels) {
      const res = await ackOf(s, 'events:channel', typing(channel));
      check(`typing in the user's channel ${channel}`, res === null, res);
    }
    await waitUntil(() => seen.length >= setup.channels.length);
    check("every channel of the user was joined", eq(seen.map((e) => e.channel_id).sort(), [...setup.channels].sort()), seen);
    check('the server identity comes from the user row', seen.every((e) => eq(e.user, { id: a.id, name: a.name, role: a.role })), seen);
    for (const channel of setup.closed) {
      const res = await ackOf(s, 'events:channel', typing(channel));
      check(`no way into ${channel}`, res && res.error, res);
    }
    s.close();
  },

  // What the HTTP side pushes: a new DM's participants put in its room, channel and note events, sign-out everywhere.
  async hub() {
    const { a, b, c } = setup;
    const [a1, a2, sb, sc] = await Promise.all([signedIn(a), signedIn(a), signedIn(b), signedIn(c)]);
    const channelEvents = [a1, a2, sb, sc].map((s) => record(s, 'events:channel'));
    const { channel } = await ask('dm-created', { users: [a.id, b.id] });
    await waitUntil(() => channelEvents.slice(0, 3).every((x) => x.length > 0));
    check('channel:created reaches every tab of both participants', channelEvents.slice(0, 3).every((x) => eq(x[0], { data: { type: 'channel:created' } })), channelEvents);
    const typed = await ackOf(a2, 'events:channel', typing(channel));
    check('their tabs are in the new channel at once', typed === null, typed);
    const inRoom = await ask('users-in-room', { room: 'channel:' + channel });
    check('users in the room', eq(inRoom.users.sort(), [a.id, b.id].sort()), inRoom);
    await ask('message-posted', { channel, user: b.id });
    await waitUntil(() => channelEvents[2].some((e) => e.data.type === 'message'));
    const posted = channelEvents[0].concat(channelEvents[2]).filter((e) => e.data.type === 'message');
    check('a posted message reaches the channel with the acting user', posted.length >= 2 && posted.every((e) =>
      e.channel_id === channel && e.message_id === 'msg-1' && e.data.data.content === 'hello' && e.user.id === b.id && e.channel.id === channel), posted);
    check('nobody outside hears it', channelEvents[3].length === 0, channelEvents[3]);
    const reasons = [];
    a1.on('disconnect', (r) => reasons.push(r));
    a2.on('disconnect', (r) => reasons.push(r));
    await ask('sign-out', { user: a.id });
    await waitUntil(() => reasons.length === 2);
    check('sign-out everywhere disconnects every tab of the user', reasons.length === 2, reasons);
    check('other users stay', sb.connected && sc.connected);
    sb.close(); sc.close();
  },

  async refused() {
    const s = tab(undefined);
    s.io.opts.reconnection = false;
    const [err] = await once(s, 'connect_error');
    check('without a token the connection is refused', err.message === 'Not authenticated', err.message);
    const ok = await connected(tab(setup.a.token));
    check('with a token it connects', ok.connected);
    s.close(); ok.close();
  },
};

try {
  await scenarios[scenario]();
} catch (err) {
  check('scenario ran to the end', false, String(err && err.stack || err));
}
out({ done: true });
process.exit(0);
