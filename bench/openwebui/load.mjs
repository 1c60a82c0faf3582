// The Open WebUI traffic pattern against one server (Switchboard.Server or pyserver.py), with npm socket.io-client 4.8
// configured as the frontend configures it (from bench/node/node_modules).
//
//   node load.mjs --url http://127.0.0.1:PORT --target switchboard --pid PID --setup setup.json --secret S [options]
//     (Switchboard: creates the users, channels and chats over the REST API and writes setup.json)
//   node load.mjs --url http://127.0.0.1:PORT --target python --pid PID --setup setup.json [options]
//     (python: reads setup.json, the same users, tokens and channels)
//   node load.mjs --report a.json b.json      (prints the Markdown table of two results)
//
// Traffic: users × tabs sockets (auth {token}, then user-join {auth:{token}}); a heartbeat {} per tab every
// --heartbeat-ms (30 s in the real app); every user types in its channel (users spread over --channels channels)
// every --typing-ms from its first tab; every user has one streamed reply running at a time (POST
// /api/chat/completions with session_id, chat_id, id; --reply-words words, the server paces them --word-delay-ms
// apart), delivered to both tabs; every three users co-edit one note (--notes on): the first tab of each joins
// `ydoc:document:join`, then types one character every --note-ms into its own paragraph of the note with npm yjs
// (y-prosemirror's layout: XmlFragment 'prosemirror' > paragraph > XmlText) and sends each local update as the
// frontend's provider does (`ydoc:document:update` with the update as an integer array and data.content {md, html,
// json}), then its cursor (`ydoc:awareness:update`, JSON bytes as the frontend's SimpleAwareness); receivers apply
// what they get; at the end the three copies of each note must converge. --deflate off: the client does not offer
// permessage-deflate (browsers do). --replies off: no streamed replies. --notes off: no notes.
// Measured for --seconds after --warmup seconds of the same load.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const require = createRequire(new URL('../node/package.json', import.meta.url));
const { io } = require('socket.io-client');
// npm yjs 13.6 from test/interop (the package the interop tests use; bench/node does not carry it).
const Y = await import(createRequire(new URL('../../test/interop/package.json', import.meta.url)).resolve('yjs'));

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string' }, target: { type: 'string' }, setup: { type: 'string' }, secret: { type: 'string' },
    out: { type: 'string' }, pid: { type: 'string' }, report: { type: 'boolean', default: false },
    users: { type: 'string', default: '100' }, tabs: { type: 'string', default: '2' },
    channels: { type: 'string', default: '5' }, seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '30' }, 'heartbeat-ms': { type: 'string', default: '1000' },
    'typing-ms': { type: 'string', default: '1000' }, 'reply-words': { type: 'string', default: '30' },
    'word-delay-ms': { type: 'string', default: '20' },
    deflate: { type: 'string', default: 'on' }, replies: { type: 'string', default: 'on' },
    notes: { type: 'string', default: 'on' }, 'note-ms': { type: 'string', default: '300' },
  },
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

function procSample(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpu: (Number(f[11]) + Number(f[12])) / 100, rssKb: Number(rss[1]) };
}

function p99(values) {
  if (values.length === 0) return NaN;
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.floor(0.99 * (s.length - 1)))];
}

async function api(method, path, token, body) {
  const res = await fetch(opt.url + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function pool(items, concurrency, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i], i); }
  }));
  return out;
}

// Switchboard: an admin signs up, adds the users, opens one group channel per --channels, each user opens a chat.
async function setUpSwitchboard(users, channels) {
  const admin = await api('POST', '/api/v1/auths/signup', null, { name: 'Bench Admin', email: 'admin@bench.local', password: 'bench-admin-pw' });
  const list = await pool(Array.from({ length: users }, (_, i) => i), 8, async (i) => {
    const u = await api('POST', '/api/v1/auths/add', admin.token, { name: `User ${i}`, email: `user${i}@bench.local`, password: 'bench-user-pw', role: 'user' });
    const chat = await api('POST', '/api/v1/chats/new', u.token, { chat: { title: `bench ${i}`, messages: [], history: { messages: {}, currentId: null } } });
    return { id: u.id, name: u.name, role: u.role, token: u.token, chat_id: chat.id };
  });
  const chans = [];
  for (let c = 0; c < channels; c++) {
    const member_ids = list.filter((_, i) => i % channels === c).map((u) => u.id);
    const ch = await api('POST', '/api/v1/channels/create', admin.token, { type: 'group', name: `bench-${c}`, user_ids: member_ids });
    chans.push({ id: ch.id, member_ids: [...member_ids, admin.id] });
  }
  // One note per three users, created by the admin with write access for the three (access_control JSON, §8.3).
  const notes = [];
  for (let n = 0; n + 3 <= list.length; n += 3) {
    const user_ids = list.slice(n, n + 3).map((u) => u.id);
    const note = await api('POST', '/api/v1/notes/create', admin.token, {
      title: `bench note ${n / 3}`, data: null, meta: null,
      access_control: { read: { group_ids: [], user_ids }, write: { group_ids: [], user_ids } },
    });
    notes.push({ id: note.id, user_ids });
  }
  return { secret: opt.secret, admin_id: admin.id, users: list, channels: chans, notes };
}

function connectTab(user) {
  return new Promise((resolve, reject) => {
    const s = io(opt.url, {
      path: '/ws/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: user.token },
      ...(opt.deflate === 'off' ? { perMessageDeflate: false } : {}),
    });
    const timer = setTimeout(() => reject(new Error('connect timed out')), 30000);
    s.once('connect', async () => {
      try {
        const joined = await s.timeout(30000).emitWithAck('user-join', { auth: { token: user.token } });
        if (!joined || joined.id !== user.id) throw new Error(`user-join answered ${JSON.stringify(joined)}`);
        clearTimeout(timer);
        resolve(s);
      } catch (err) { reject(err); }
    });
    s.once('connect_error', (err) => { clearTimeout(timer); reject(err); });
  });
}

// The note's content as the frontend sends it with every update (data.content {md, html, json}).
function noteContent(doc) {
  const paragraphs = doc.getXmlFragment('prosemirror').toArray().map((p) => p.toArray().map((t) => t.toString()).join(''));
  return {
    md: paragraphs.join('\n\n'),
    html: paragraphs.map((t) => `<p>${t}</p>`).join(''),
    json: { type: 'doc', content: paragraphs.map((t) => ({ type: 'paragraph', ...(t ? { content: [{ type: 'text', text: t }] } : {}) })) },
  };
}

// One editor of a note on one tab, bound to its socket as Open WebUI's SocketIOCollaborationProvider binds it.
// Deliveries counted: each update and awareness update received from another editor while measuring; latency:
// updates arrive in the order their sender sent them (sentTimes, one index per sender), awareness carries `sent`.
function noteEditor(s, user, documentId, ctx) {
  const doc = new Y.Doc();
  const ed = { s, doc, documentId, text: null, typed: 0, sentTimes: [], received: new Map() };
  ed.joined = new Promise((resolve) => {
    s.on('ydoc:document:state', (d) => {
      if (d?.document_id !== documentId) return;
      const bytes = new Uint8Array(d.state);
      if (!(bytes.length === 2 && bytes[0] === 0 && bytes[1] === 0)) Y.applyUpdate(doc, bytes, 'server');
      resolve();
    });
  });
  s.on('ydoc:document:update', (d) => {
    if (d?.document_id !== documentId || d.socket_id === s.id) return;
    Y.applyUpdate(doc, new Uint8Array(d.update), 'server');
    const sender = ctx.editorsBySocket.get(d.socket_id);
    if (!sender) return;
    const i = ed.received.get(d.socket_id) ?? 0;
    ed.received.set(d.socket_id, i + 1);
    if (ctx.measuring()) { ctx.stats.note++; ctx.stats.noteLat.push(now() - sender.sentTimes[i]); }
  });
  s.on('ydoc:awareness:update', (d) => {
    if (d?.document_id !== documentId || !ctx.measuring()) return;
    const states = JSON.parse(Buffer.from(d.update).toString('utf8'));
    for (const state of Object.values(states)) {
      if (typeof state?.sent === 'number') { ctx.stats.note++; ctx.stats.noteLat.push(now() - state.sent); }
    }
  });
  doc.on('update', (update, origin) => {
    if (origin === 'server') return;
    ed.sentTimes.push(now());
    s.emit('ydoc:document:update', { document_id: documentId, user_id: user.id, socket_id: s.id, update: Array.from(update), data: { content: noteContent(doc) } });
  });
  // One keystroke: a character at the end of this editor's paragraph (a new paragraph every 60 characters), then
  // the cursor as awareness (y-prosemirror's relative position, JSON bytes as SimpleAwareness sends them).
  ed.type = () => {
    const ch = 'lorem ipsum dolor sit amet '[ed.typed++ % 27];
    if (!ed.text || ed.text.length >= 60) {
      const paragraph = new Y.XmlElement('paragraph');
      ed.text = new Y.XmlText(ch);
      paragraph.insert(0, [ed.text]);
      const fragment = doc.getXmlFragment('prosemirror');
      fragment.insert(fragment.length, [paragraph]);
    } else {
      ed.text.insert(ed.text.length, ch);
    }
    const cursor = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(ed.text, ed.text.length));
    const awareness = { [doc.clientID]: { user: { name: user.name, color: '#2563eb', id: s.id }, cursor: { anchor: cursor, head: cursor }, sent: now() } };
    s.emit('ydoc:awareness:update', { document_id: documentId, user_id: s.id, update: Array.from(Buffer.from(JSON.stringify(awareness))) });
  };
  s.emit('ydoc:document:join', { document_id: documentId, user_id: user.id, user_name: user.name, user_color: '#2563eb' });
  return ed;
}

async function run() {
  const users = Number(opt.users), tabs = Number(opt.tabs), channels = Number(opt.channels);
  const wordDelay = Number(opt['word-delay-ms']), replyWords = Number(opt['reply-words']);
  const setup = opt.target === 'switchboard' ? await setUpSwitchboard(users, channels) : JSON.parse(readFileSync(opt.setup, 'utf8'));
  if (opt.target === 'switchboard') writeFileSync(opt.setup, JSON.stringify(setup));
  const pid = Number(opt.pid);
  const channelOf = new Map();
  for (const ch of setup.channels) for (const m of ch.member_ids) channelOf.set(m, ch.id);

  const idle = procSample(pid);
  const sockets = await pool(setup.users.flatMap((u) => Array.from({ length: tabs }, () => u)), 20, connectTab);
  await sleep(2000);
  const connected = procSample(pid);
  const rssPerConnectionKb = (connected.rssKb - idle.rssKb) / sockets.length;

  let measuring = false, stopping = false;
  const stats = { typing: 0, completion: 0, note: 0, typingLat: [], streamLag: [], firstWord: [], noteLat: [], replies: 0, errors: 0 };
  const started = new Map(); // message id -> {t, resolve}
  for (const s of sockets) {
    s.on('events:channel', (e) => {
      if (!measuring || e?.data?.type !== 'typing') return;
      stats.typing++;
      stats.typingLat.push(now() - e.data.data.sent);
    });
    s.on('events', (e) => {
      const d = e?.data;
      if (d?.type !== 'chat:completion') return;
      const run = started.get(e.message_id);
      if (d.data.done) { if (run && !run.done) { run.done = true; run.resolve(); } return; }
      if (!measuring || !run || typeof d.data.content !== 'string') return;
      stats.completion++;
      const k = d.data.content.trim().split(' ').length;
      const lag = now() - (run.t + k * wordDelay);
      stats.streamLag.push(lag);
      if (k === 1) stats.firstWord.push(lag);
    });
  }
  // Notes: the first tab of each of the three users joins, and everyone waits for its state before typing.
  const ctx = { stats, measuring: () => measuring, editorsBySocket: new Map() };
  const userIndex = new Map(setup.users.map((u, i) => [u.id, i]));
  const groups = (opt.notes === 'off' ? [] : setup.notes ?? []).map((note) => note.user_ids.map((id) => {
    const i = userIndex.get(id);
    const ed = noteEditor(sockets[i * tabs], setup.users[i], `note:${note.id}`, ctx);
    ctx.editorsBySocket.set(ed.s.id, ed);
    return ed;
  }));
  const joined = await Promise.race([Promise.all(groups.flat().map((ed) => ed.joined)).then(() => true), sleep(30000).then(() => false)]);
  if (!joined) throw new Error('ydoc:document:join: not every editor got the state within 30 s');
  const timers = [];
  for (const ed of groups.flat()) {
    timers.push(setTimeout(() => timers.push(setInterval(ed.type, Number(opt['note-ms']))), Math.random() * Number(opt['note-ms'])));
  }
  for (const [i, s] of sockets.entries()) {
    const user = setup.users[Math.floor(i / tabs)];
    timers.push(setTimeout(() => timers.push(setInterval(() => s.emit('heartbeat', {}), Number(opt['heartbeat-ms']))), Math.random() * Number(opt['heartbeat-ms'])));
    if (i % tabs === 0) {
      const channel_id = channelOf.get(user.id);
      const typing = () => s.emit('events:channel', { channel_id, message_id: null, data: { type: 'typing', data: { typing: true, sent: now() } } });
      timers.push(setTimeout(() => timers.push(setInterval(typing, Number(opt['typing-ms']))), Math.random() * Number(opt['typing-ms'])));
    }
  }
  const text = Array.from({ length: replyWords }, (_, w) => `word${w}`).join(' ');
  let seq = 0;
  const replyLoops = (opt.replies === 'off' ? [] : setup.users).map(async (user, u) => {
    await sleep(Math.random() * replyWords * wordDelay);
    while (!stopping) {
      const id = `m${u}-${++seq}`;
      const done = new Promise((resolve) => started.set(id, { t: now(), resolve, done: false }));
      try {
        const r = await api('POST', '/api/chat/completions', user.token, {
          model: 'echo', stream: true, messages: [{ role: 'user', content: text }], session_id: sockets[u * tabs].id, chat_id: user.chat_id, id,
        });
        if (r.status !== true) throw new Error(JSON.stringify(r));
        await Promise.race([done, sleep(60000)]);
        if (measuring) stats.replies++;
      } catch (err) {
        stats.errors++;
        if (stats.errors < 5) console.error(String(err));
        await sleep(500);
      }
      started.delete(id);
    }
  });

  await sleep(Number(opt.warmup) * 1000);
  const cpu0 = process.cpuUsage();
  const before = procSample(pid);
  const t0 = now();
  measuring = true;
  console.error(`load.mjs: measuring for ${opt.seconds} s (server pid ${pid})`); // for tools that sample the window too
  await sleep(Number(opt.seconds) * 1000);
  measuring = false;
  const after = procSample(pid);
  const wall = (now() - t0) / 1000;
  const gen = process.cpuUsage(cpu0);
  stopping = true;
  for (const t of timers) { clearTimeout(t); clearInterval(t); }
  await Promise.race([Promise.all(replyLoops), sleep(30000)]);
  // Every note's three copies must converge (same state vector, same content) once the last updates arrived.
  const converged = (g) => {
    const sv = Buffer.from(Y.encodeStateVector(g[0].doc)).toString('base64');
    const text = g[0].doc.getXmlFragment('prosemirror').toJSON();
    return g.every((ed) => Buffer.from(Y.encodeStateVector(ed.doc)).toString('base64') === sv && ed.doc.getXmlFragment('prosemirror').toJSON() === text);
  };
  for (let waited = 0; waited < 15000 && !groups.every(converged); waited += 100) await sleep(100);
  const notesConverged = groups.filter(converged).length;
  if (notesConverged < groups.length) console.error(`load.mjs: ${groups.length - notesConverged} of ${groups.length} notes did not converge`);
  const charsTyped = groups.flat().reduce((n, ed) => n + ed.typed, 0);
  for (const s of sockets) s.close();

  const serverCpu = after.cpu - before.cpu;
  const deliveries = stats.typing + stats.completion + stats.note;
  const result = {
    target: opt.target, users, tabs, connections: sockets.length, channels, seconds: wall,
    heartbeatMs: Number(opt['heartbeat-ms']), typingMs: Number(opt['typing-ms']), replyWords, wordDelay, deflate: opt.deflate, repliesMode: opt.replies,
    notes: groups.length, noteMs: Number(opt['note-ms']), notesConverged, charsTyped,
    serverCpu, generatorCpu: (gen.user + gen.system) / 1e6, deliveries, typing: stats.typing, completion: stats.completion, note: stats.note,
    replies: stats.replies, errors: stats.errors,
    deliveriesPerCpuSecond: deliveries / serverCpu, deliveriesPerSecond: deliveries / wall,
    typingP99: p99(stats.typingLat), streamLagP99: p99(stats.streamLag), firstWordP99: p99(stats.firstWord), noteP99: p99(stats.noteLat),
    rssPerConnectionKb, rssIdleKb: idle.rssKb, rssConnectedKb: connected.rssKb, rssEndKb: after.rssKb,
  };
  if (opt.out) writeFileSync(opt.out, JSON.stringify(result, null, 1));
  console.log(JSON.stringify(result));
}

function report(files) {
  const [a, b] = files.map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const n = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }) : '–');
  const rows = [
    ['**delivered events per server CPU-s**', (r) => n(r.deliveriesPerCpuSecond), (x, y) => x.deliveriesPerCpuSecond / y.deliveriesPerCpuSecond],
    ['delivered events per wall-clock s', (r) => n(r.deliveriesPerSecond), (x, y) => x.deliveriesPerSecond / y.deliveriesPerSecond],
    ['… typing / stream / note deliveries', (r) => `${n(r.typing)} / ${n(r.completion)} / ${n(r.note ?? 0)}`, null],
    ['replies completed in the window', (r) => n(r.replies), (x, y) => x.replies / y.replies],
    ['server CPU-s / wall-clock s', (r) => n(r.serverCpu / r.seconds, 2), (x, y) => x.serverCpu / y.serverCpu],
    ['load generator CPU-s / wall-clock s', (r) => n(r.generatorCpu / r.seconds, 2), null],
    ['**typing delivery p99 (ms)**', (r) => n(r.typingP99, 1), (x, y) => x.typingP99 / y.typingP99],
    ['**stream delivery lag p99 (ms)** ¹', (r) => n(r.streamLagP99, 1), (x, y) => x.streamLagP99 / y.streamLagP99],
    ['first word p99 (ms) ¹', (r) => n(r.firstWordP99, 1), (x, y) => x.firstWordP99 / y.firstWordP99],
    ['**note delivery p99 (ms)** ³', (r) => n(r.noteP99, 1), (x, y) => x.noteP99 / y.noteP99],
    ['notes converged (3 editors each)', (r) => `${n(r.notesConverged ?? 0)} of ${n(r.notes ?? 0)}`, null],
    ['**RSS per connection (kB)** ²', (r) => n(r.rssPerConnectionKb, 1), (x, y) => x.rssPerConnectionKb / y.rssPerConnectionKb],
    ['server RSS with all connections (MB)', (r) => n(r.rssConnectedKb / 1024, 1), (x, y) => x.rssConnectedKb / y.rssConnectedKb],
    ['errors (failed requests)', (r) => n(r.errors), null],
  ];
  const lines = [
    `${a.connections} connections (${a.users} users × ${a.tabs} tabs), ${a.channels} channels, heartbeat every ${a.heartbeatMs} ms per tab, ` +
      `typing every ${a.typingMs} ms per user, ${a.repliesMode === 'off' ? 'no replies' : `replies of ${a.replyWords} words ${a.wordDelay} ms apart`}, ` +
      `${a.notes ? `${a.notes} notes × 3 editors typing a character every ${a.noteMs} ms each` : 'no notes'}, ${n(a.seconds, 1)} s measured, ` +
      `client offers permessage-deflate: ${a.deflate === 'off' ? 'no' : 'yes (as browsers do)'}.`,
    '',
    `| figure | ${b.target} | ${a.target} | ${a.target} / ${b.target} |`,
    '| --- | ---: | ---: | ---: |',
    ...rows.map(([name, f, ratio]) => `| ${name} | ${f(b)} | ${f(a)} | ${ratio && Number.isFinite(ratio(a, b)) ? n(ratio(a, b), 2) + '×' : ''} |`),
  ];
  console.log(lines.join('\n'));
}

if (opt.report) report(positionals);
else await run().catch((err) => { console.error(err); process.exit(1); });
process.exit(0);
