// Streams chat completions from Switchboard into the real npm socket.io-client 4.8, configured as the Open WebUI
// frontend configures it, with the fake upstream (test/fake-openai/server.mjs) as the model.
//   node completion-scenarios.mjs <base url> <setup json> [websocket|polling]
// setup: {token, chat, fake (the fake upstream's root URL)}. Prints one JSON line per check
// ({"check","ok","detail"}), then {"done":true}. The C# side is
// test/Switchboard.Server.Tests/Completions/CompletionInteropTests.cs.
import { io } from 'socket.io-client';

const [url, setupJson, transport = 'websocket'] = process.argv.slice(2);
const setup = JSON.parse(setupJson);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const check = (name, ok, detail) => out({ check: name, ok: !!ok, detail: detail === undefined ? null : detail });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const waitUntil = async (cond, ms = 30000) => {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await cond()) return true;
    await sleep(20);
  }
  return false;
};
const tokens = (n) => Array.from({ length: n }, (_, i) => `tok${i} `).join('');
const auth = { Authorization: 'Bearer ' + setup.token, 'Content-Type': 'application/json' };
const stats = async () => (await fetch(setup.fake + '/_stats')).json();
const release = () => fetch(setup.fake + '/_release', { method: 'POST' });

const tab = () => io(url, {
  path: '/ws/socket.io',
  transports: transport === 'websocket' ? ['websocket'] : ['polling', 'websocket'],
  reconnection: true,
  reconnectionDelay: 1000,
  reconnectionDelayMax: 5000,
  randomizationFactor: 0.5,
  forceNew: true,
  auth: { token: setup.token },
});
const connected = (s) => (s.connected ? Promise.resolve(s) : new Promise((r) => s.once('connect', () => r(s))));
const start = async (sid, body) => {
  const res = await fetch(url + '/api/chat/completions', {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      model: 'fake-2000', messages: [{ role: 'user', content: 'hi' }], session_id: sid, chat_id: setup.chat, id: 'a1', ...body,
    }),
  });
  return res.json();
};

async function main() {
  const compatible = await connected(tab());
  const delta = await connected(tab());
  const subscribed = await delta.timeout(15000).emitWithAck('chat:stream:subscribe', { deltas: true });
  check('chat:stream:subscribe acks', subscribed.deltas === true, subscribed);

  // The compatible tab: content replaces, done ends (Chat.svelte's chatCompletionEventHandler).
  let shown = '';
  let done = null;
  const order = [];
  compatible.on('events', (e) => {
    const { type, data } = e.data;
    order.push(type);
    if (type === 'chat:completion' && data.content !== undefined && !data.done) shown = data.content;
    if (type === 'chat:completion' && data.done) done = data;
  });

  // The delta tab: applies batches in seq order, drops those it has, resumes after a reconnect.
  let text = '';
  let seq = 0;
  let ended = null;
  // Batches are applied in seq order: one that comes early (after a reconnect, a batch can be handled before the
  // resume answer's continuation runs) waits in `early` until the text before it is there.
  const early = new Map();
  const applyEarly = () => {
    for (const s of [...early.keys()]) if (s <= seq) early.delete(s);
    while (early.has(seq + 1)) { text += early.get(seq + 1); early.delete(seq + 1); seq += 1; }
  };
  delta.on('events', (e) => {
    if (e.data.type !== 'chat:completion:delta' || e.message_id !== 'a1') return;
    const d = e.data.data;
    if (d.done) { ended = d; return; }
    if (d.seq <= seq) return;
    early.set(d.seq, d.delta);
    applyEarly();
  });

  const before = await stats();
  const started = await start(compatible.id, { fake_pause_at: [500, 1500] });
  check('the socket form answers {status, task_id} at once', started.status === true && typeof started.task_id === 'string', started);
  await waitUntil(() => text.endsWith('tok499 '));
  delta.io.engine.close(); // the transport drops, as on a network change; the client reconnects by itself
  await waitUntil(async () => (await stats()).paused >= before.paused + 1);
  await release();
  await waitUntil(async () => (await stats()).paused >= before.paused + 2);
  await waitUntil(() => delta.connected);
  // Resume first: it subscribes the new connection and answers before any later batch reaches it. (Subscribing
  // first would let batches in before the answer, which the seq check below would report as a gap.)
  const afterSeq = seq;
  const resumed = await delta.timeout(15000).emitWithAck('chat:stream:resume', { chat_id: setup.chat, message_id: 'a1', after_seq: afterSeq });
  check('chat:stream:resume answers the text after after_seq', typeof resumed.delta === 'string' && resumed.after_seq === afterSeq && !resumed.done, resumed);
  if (resumed.seq > seq) { text += resumed.after_seq === seq ? resumed.delta : ''; seq = resumed.seq; }
  applyEarly();
  await release();
  await waitUntil(() => ended !== null && done !== null);
  // The closing chat:active follows done (the server sends it last); wait for it rather than race it.
  await waitUntil(() => order.length > 1 && order.at(-1) === 'chat:active', 10000); // false: the check below reports it

  const expected = tokens(2000);
  // Content events a lagging tab cannot take are skipped (each carries the whole content); done always arrives.
  check('the compatible tab shows the whole reply', done && done.content === expected && expected.startsWith(shown), { shown: shown.length, done: done && done.content.length });
  check('chat:active frames the stream', order[0] === 'chat:active' && order.at(-1) === 'chat:active', [order[0], order.at(-1)]);
  check('the delta tab rebuilds the same reply after its reconnect', text === expected, { length: text.length, expected: expected.length });
  check('its batches came in seq order without gaps', early.size === 0 && ended.seq === seq, { waiting: [...early.keys()], seq, end: ended });

  // A stop mid-stream: the compatible tab hears chat:tasks:cancel.
  let cancelled = false;
  compatible.on('events', (e) => { if (e.data.type === 'chat:tasks:cancel') cancelled = true; });
  // The stop comes once the server has read the 100 tokens the fake sent before pausing (the delta tab has them all),
  // so what is stored is exactly what arrived; the fake pausing alone does not mean the server has read them yet.
  let stoppedText = '';
  delta.on('events', (e) => {
    if (e.message_id === 'a2' && e.data.type === 'chat:completion:delta' && !e.data.data.done) stoppedText += e.data.data.delta;
  });
  const paused = (await stats()).paused;
  const second = await start(compatible.id, { fake_pause_at: 100, id: 'a2' });
  await waitUntil(async () => (await stats()).paused > paused);
  await waitUntil(() => stoppedText === tokens(100));
  const stopped = await (await fetch(`${url}/api/tasks/stop/${second.task_id}`, { method: 'POST', headers: auth })).json();
  await waitUntil(() => cancelled);
  check('a stop answers and the tabs hear chat:tasks:cancel', stopped.status === true && cancelled, stopped);
  compatible.close();
  delta.close();
}

try {
  await main();
} catch (err) {
  check('scenario ran to the end', false, String(err && err.stack || err));
}
out({ done: true });
process.exit(0);
