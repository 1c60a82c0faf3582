// Switchboard.Server in Redis mode on three instances (issue 12), per server CPU-second:
//   node bench/redis-mode/run.mjs [--replies 40] [--words 200] [--concurrent 4] [--tabs 60] [--rounds 500]
// Starts its own redis-server on a free port and three Switchboard.Server processes A, B, C (Release build,
// WEBSOCKET_MANAGER=redis, one SQLite data dir, echo model unpaced, one delta batch per word), sets up users over the
// REST API, then measures with npm socket.io-client 4.8 (bench/node) as the frontend connects:
//   stream (the Open WebUI pattern): one user, one tab on B and one on C; POST /api/chat/completions on A with the
//     echo model streams --replies replies of --words words (--concurrent at a time) to both tabs. Twice: the tabs in
//     the compatible form (chat:completion with the whole content, what the unchanged frontend gets) and in the delta
//     form (chat:stream:subscribe; one chat:completion:delta per word). Deliveries = events received by the two tabs.
//   typing: --tabs users in one group channel, their tabs spread evenly over A, B and C (user-join'ed); the first tab
//     sends events:channel typing --rounds times, at most 20 rounds ahead of the slowest tab; every tab gets every round.
// Server CPU is the three processes' utime+stime from /proc/<pid>/stat; Redis's own CPU is reported separately; this
// script and its clients are the load generator and are not counted. Prints a Markdown table.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync, mkdtempSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const require = createRequire(join(root, 'bench/node/package.json'));
const { io } = require('socket.io-client');
const { values: args } = parseArgs({
  options: {
    replies: { type: 'string', default: '40' },
    words: { type: 'string', default: '200' },
    concurrent: { type: 'string', default: '4' },
    tabs: { type: 'string', default: '60' },
    rounds: { type: 'string', default: '500' },
    'redis-server': { type: 'string', default: process.env.SWITCHBOARD_TEST_REDIS_SERVER || 'redis-server' },
  },
});
const delay = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () => new Promise((res) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); }); });
const cpuSeconds = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
const children = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
const dll = join(root, 'src/Switchboard.Server/bin/Release/net10.0/Switchboard.Server.dll');
if (!existsSync(dll)) throw new Error('build first: dotnet build src/Switchboard.Server -c Release');

async function waitFor(what, check, tries = 600) {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await delay(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const listening = (port) => new Promise((r) => { const s = tcpConnect(port, '127.0.0.1', () => { s.end(); r(true); }); s.on('error', () => r(false)); });

async function startServer(env) {
  const port = await freePort();
  const child = spawn('dotnet', [dll, '--urls', `http://127.0.0.1:${port}`], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/readyz`, async () => {
    if (child.exitCode !== null) throw new Error(`Switchboard.Server exited with ${child.exitCode}`);
    try { return (await fetch(`${url}/readyz`)).ok; } catch { return false; }
  });
  return { url, pid: child.pid, child };
}

async function api(url, method, path, token, body) {
  const res = await fetch(url + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

// The frontend's socket: websocket only, token in auth, then user-join.
async function tab(url, token) {
  const s = io(url, { path: '/ws/socket.io', transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } });
  await new Promise((res, rej) => { s.once('connect', res); s.once('connect_error', rej); });
  await s.timeout(30000).emitWithAck('user-join', { auth: { token } });
  return s;
}

function measure(pids, redisPid) {
  const cpu0 = pids.map(cpuSeconds);
  const redis0 = cpuSeconds(redisPid);
  const t0 = performance.now();
  return () => ({
    wall: (performance.now() - t0) / 1000,
    perServer: pids.map((p, i) => cpuSeconds(p) - cpu0[i]),
    serverCpu: pids.map((p, i) => cpuSeconds(p) - cpu0[i]).reduce((a, b) => a + b, 0),
    redisCpu: cpuSeconds(redisPid) - redis0,
  });
}

// --replies replies from A to the user's tabs on B and C, --concurrent at a time; counts the events of the replies:
// per tab and reply, one per word and the end (delta), or one per word, usage and done (compatible; content events
// a tab's full send queue cannot take are skipped, the next one carries the whole content).
async function stream(servers, redisPid, user, chatId, form) {
  const [a, b, c] = servers;
  const tabs = [await tab(b.url, user.token), await tab(c.url, user.token)];
  if (form === 'delta') {
    for (const t of tabs) await t.timeout(30000).emitWithAck('chat:stream:subscribe', { deltas: true });
  }
  const words = Number(args.words);
  const prompt = Array.from({ length: words }, (_, i) => `w${i}`).join(' ');
  let deliveries = 0;
  const waiting = new Map(); // message id -> { left, resolve }
  for (const t of tabs) {
    t.on('events', (e) => {
      if (e.chat_id !== chatId) return;
      const type = e.data?.type;
      if (type === 'chat:completion' || type === 'chat:completion:delta') deliveries++;
      const ended = form === 'delta' ? type === 'chat:completion:delta' && e.data.data?.done : type === 'chat:completion' && e.data.data?.done;
      if (ended) {
        if (form === 'compatible' && e.data.data.content !== prompt) throw new Error('a reply arrived different from its prompt');
        const w = waiting.get(e.message_id);
        if (w && --w.left === 0) w.resolve();
      }
    });
  }
  const replies = Number(args.replies);
  let next = 0;
  const stop = measure(servers.map((s) => s.pid), redisPid);
  await Promise.all(Array.from({ length: Number(args.concurrent) }, async () => {
    while (next < replies) {
      const id = `${form}-${next++}`;
      const done = new Promise((resolve) => waiting.set(id, { left: 2, resolve }));
      await api(a.url, 'POST', '/api/chat/completions', user.token,
        { model: 'echo', messages: [{ role: 'user', content: prompt }], session_id: tabs[0].id, chat_id: chatId, id });
      await Promise.race([done, delay(120000).then(() => { throw new Error(`reply ${id} did not end`); })]);
    }
  }));
  const m = stop();
  tabs.forEach((t) => t.close());
  return { ...m, deliveries, expected: replies * 2 * (words + (form === 'delta' ? 1 : 2)) };
}

async function typing(servers, redisPid, users, channelId) {
  const tabs = [];
  for (const [i, u] of users.entries()) tabs.push(await tab(servers[i % 3].url, u.token));
  const rounds = Number(args.rounds);
  const received = new Array(tabs.length).fill(0);
  let all;
  const done = new Promise((r) => { all = r; });
  let deliveries = 0;
  tabs.forEach((t, i) => t.on('events:channel', (e) => {
    if (e.channel_id !== channelId) return;
    received[i]++;
    if (++deliveries === rounds * tabs.length) all();
  }));
  const stop = measure(servers.map((s) => s.pid), redisPid);
  const typingEvent = { channel_id: channelId, message_id: null, data: { type: 'typing', data: { typing: true } } };
  for (let n = 0; n < rounds; n++) {
    while (n - Math.min(...received) >= 20) await delay(1);
    tabs[0].emit('events:channel', typingEvent);
  }
  await Promise.race([done, delay(120000)]);
  const m = stop();
  tabs.forEach((t) => t.close());
  return { ...m, deliveries, expected: rounds * tabs.length };
}

const work = mkdtempSync(join(tmpdir(), 'sb-redis-mode-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const redisPort = await freePort();
mkdirSync(join(work, 'redis'));
const redis = spawn(args['redis-server'], ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', join(work, 'redis')], { stdio: 'ignore' });
children.push(redis);
await waitFor('redis-server', () => listening(redisPort));
const env = {
  WEBSOCKET_MANAGER: 'redis', WEBSOCKET_REDIS_URL: `redis://127.0.0.1:${redisPort}`, REDIS_KEY_PREFIX: 'bench',
  DATA_DIR: join(work, 'data'), WEBUI_SECRET_KEY: `bench-${process.pid}-${Date.now()}`, ASPNETCORE_ENVIRONMENT: 'Production',
  Logging__LogLevel__Default: 'Warning', Switchboard__Api__BcryptWorkFactor: '4',
  Switchboard__Completions__EchoWordDelay: '00:00:00', Switchboard__Completions__DeltaBatchCharacters: '1',
};
const a = await startServer(env); // A first: it creates the schema in the new database
const servers = [a, ...await Promise.all([startServer(env), startServer(env)])];

const admin = await api(a.url, 'POST', '/api/v1/auths/signup', null, { name: 'Bench Admin', email: 'admin@bench.local', password: 'bench-admin-pw' });
const users = [];
for (let i = 0; i < Number(args.tabs); i++) {
  users.push(await api(a.url, 'POST', '/api/v1/auths/add', admin.token, { name: `User ${i}`, email: `user${i}@bench.local`, password: 'bench-user-pw', role: 'user' }));
}
const channel = await api(a.url, 'POST', '/api/v1/channels/create', admin.token, { type: 'group', name: 'bench-typing', user_ids: users.map((u) => u.id) });
const chat = await api(a.url, 'POST', '/api/v1/chats/new', users[0].token, { chat: { title: 'bench', messages: [], history: { messages: {}, currentId: null } } });
await delay(1000);

const results = {
  compatible: await stream(servers, redis.pid, users[0], chat.id, 'compatible'),
  delta: await stream(servers, redis.pid, users[0], chat.id, 'delta'),
  typing: await typing(servers, redis.pid, users, channel.id),
};
servers.forEach((s) => s.child.kill('SIGTERM'));
redis.kill('SIGTERM');

const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');
const lines = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}; three Switchboard.Server processes on one Redis; `
    + `stream: ${args.replies} replies × ${args.words} words, ${args.concurrent} at a time, to one tab on B and one on C; typing: ${args.tabs} tabs × ${args.rounds} rounds.`,
  '',
  '| scenario | deliveries | per wall-clock s | **per server CPU-s** (3 processes) | server CPU-s (A / B / C) | Redis CPU-s |',
  '| --- | ---: | ---: | ---: | --- | ---: |',
];
const names = { compatible: 'stream, compatible form (chat:completion, whole content)', delta: 'stream, delta form (one chat:completion:delta per word)', typing: 'channel typing fanout' };
for (const [key, r] of Object.entries(results)) {
  lines.push(`| ${names[key]} | ${fmt(r.deliveries)} / ${fmt(r.expected)} | ${fmt(r.deliveries / r.wall)} | **${fmt(r.deliveries / r.serverCpu)}** | `
    + `${fmt(r.serverCpu, 2)} (${r.perServer.map((x) => fmt(x, 2)).join(' / ')}) | ${fmt(r.redisCpu, 2)} |`);
}
console.log(lines.join('\n'));
process.exit(0);
