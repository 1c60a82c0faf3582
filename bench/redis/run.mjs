// Two servers on one Redis, Switchboard against Node, in the same run (issue 11's scale-out comparison):
//   node bench/redis/run.mjs [--mode classic|sharded] [--receivers 100] [--fanout-messages 2000] [--stream-events 20000]
//                            [--outstanding 4] [--warmup 0.25] [--local-messages 2000] [--repeat 1] [--only node|switchboard]
//                            [--scenarios fanout,stream,local room] [--switchboard-args='--io inline'] [--baseline]
//                            [--baseline-args='--dedicated-subscriber true'] [--switchboard-env='K=V ...'] [--baseline-env='K=V ...']
// Starts its own redis-server on a free port, then for each implementation two servers on it (Switchboard:
// test/Switchboard.RedisInterop; Node: socket.io 4.8 with @socket.io/redis-adapter, test/interop/redis-interop.mjs),
// with the same relay contract: relay(room, event, ...args) broadcasts through the adapter and acks.
//   fanout: receivers spread over both servers in one room; the sender (on the first server) relays 64-byte messages.
//   stream: one receiver on each server in one room; the sender relays 16-byte events (a streamed chat reply).
//   local room: every receiver on the first server; what the second server spends on those broadcasts (its CPU over
//     the traffic window minus its CPU over an equal window without traffic). In the sharded form it should not
//     even receive them; in the classic form it receives each one (pattern subscription) and skips it.
// Each scenario first runs a warm-up pass (--warmup × the messages, on the same connections), not counted, so the
// figures are a warm process's (JIT done) unless --warmup 0.
// Reports deliveries per wall-clock second and per server CPU-second (both servers' CPU summed, from /proc), and
// Redis's own CPU separately. The clients and this script are the load generator; their CPU is not counted.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, mkdtempSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const require = createRequire(join(root, 'test/interop/package.json'));
const { io } = require('socket.io-client');
const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'classic' },
    receivers: { type: 'string', default: '100' },
    'fanout-messages': { type: 'string', default: '2000' },
    'stream-events': { type: 'string', default: '20000' },
    outstanding: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '0.25' },
    repeat: { type: 'string', default: '1' },
    'local-messages': { type: 'string', default: '2000' },
    only: { type: 'string' },
    scenarios: { type: 'string', default: 'fanout,stream,local room' },
    'switchboard-args': { type: 'string', default: '' },
    baseline: { type: 'boolean', default: false },
    'baseline-args': { type: 'string', default: '--dedicated-subscriber true' },
    'switchboard-env': { type: 'string', default: '' },
    'baseline-env': { type: 'string', default: '' },
    'redis-server': { type: 'string', default: process.env.SWITCHBOARD_TEST_REDIS_SERVER || 'redis-server' },
  },
});
const delay = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () => new Promise((res) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); }); });
// Voluntary context switches of every thread of a process (a thread waiting: the hand-offs between threads show up
// here; involuntary ones depend on the machine's load).
const switches = (pid) => {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
      for (const m of status.matchAll(/^voluntary_ctxt_switches:\s+(\d+)/gm)) total += Number(m[1]);
    } catch { /* the thread ended */ }
  }
  return total;
};
const cpuSeconds = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
const children = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

async function waitPort(port) {
  for (let i = 0; i < 300; i++) {
    const ok = await new Promise((r) => { const s = require('node:net').connect(port, '127.0.0.1', () => { s.end(); r(true); }); s.on('error', () => r(false)); });
    if (ok) return;
    await delay(100);
  }
  throw new Error(`nothing listens on ${port}`);
}

// 'K=V K2=V2' (environment variables for a host, e.g. the runtime's DOTNET_* settings) as an object.
const envOf = (list) => Object.fromEntries(list.split(' ').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));

function start(command, argv, cwd = root, env = {}) {
  const child = spawn(command, argv, { cwd, stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  children.push(child);
  return child;
}

async function startServers(impl, redisUrl, prefix) {
  const servers = [];
  for (let i = 0; i < 2; i++) {
    if (impl.startsWith('switchboard')) {
      const port = await freePort();
      const dll = join(root, 'test/Switchboard.RedisInterop/bin/Release/net10.0/Switchboard.RedisInterop.dll');
      const child = start('dotnet', [dll, '--redis', redisUrl, '--prefix', prefix, '--urls', `http://127.0.0.1:${port}`, ...(args.mode === 'sharded' ? ['--sharded'] : []),
        '--Logging:LogLevel:Default=Warning', ...args['switchboard-args'].split(' ').filter(Boolean),
        ...(impl === 'switchboard-multiplexer' ? args['baseline-args'].split(' ').filter(Boolean) : [])], root,
        { ...envOf(args['switchboard-env']), ...(impl === 'switchboard-multiplexer' ? envOf(args['baseline-env']) : {}) });
      await waitPort(port);
      servers.push({ child, url: `http://127.0.0.1:${port}` });
    } else {
      const child = start(process.execPath, [join(root, 'test/interop/redis-interop.mjs'), redisUrl, args.mode, prefix], join(root, 'test/interop'));
      const line = await new Promise((r) => child.stdout.once('data', (d) => r(d.toString().split('\n')[0])));
      servers.push({ child, url: `http://127.0.0.1:${JSON.parse(line).port}` });
    }
  }
  return servers;
}

const connect = (url, room) => new Promise((resolve, reject) => {
  const s = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { room } });
  s.once('connect', () => resolve(s));
  s.once('connect_error', reject);
});

// Sends `total` relays with at most `outstanding` unacknowledged, resolving when all are acknowledged.
function pump(sender, room, total, payload) {
  return new Promise((resolveSend) => {
    let inFlight = 0;
    let sent = 0;
    const next = () => {
      while (inFlight < Number(args.outstanding) && sent < total) {
        inFlight++;
        sent++;
        sender.emit('relay', room, 'm', payload, () => { inFlight--; if (sent === total && inFlight === 0) resolveSend(); else next(); });
      }
    };
    if (total === 0) resolveSend(); else next();
  });
}

// Connects receivers (perServer[i] on server i) and a sender on the first server, runs a warm-up pass, then measures
// `total` relays until every receiver got every message. Also returns each server's CPU over an equal window without
// traffic (idle), taken right after on the same connections.
async function run(servers, pids, redisPid, perServer, total, size, room) {
  const receivers = [];
  for (const [i, server] of servers.entries()) {
    for (let j = 0; j < perServer[i]; j++) receivers.push(await connect(server.url, room));
  }
  const sender = await connect(servers[0].url, 'sender');
  await delay(500); // room subscriptions (sharded) settle
  let delivered = 0;
  let target = 0;
  let reached = () => {};
  for (const r of receivers) r.on('m', () => { if (++delivered === target) reached(); });
  const payload = 'x'.repeat(size);
  const pass = async (count) => {
    delivered = 0;
    target = count * receivers.length;
    const done = new Promise((r) => { reached = r; });
    await pump(sender, room, count, payload);
    if (target > 0) await Promise.race([done, delay(120000)]);
  };
  await pass(Math.round(total * Number(args.warmup)));
  await delay(300);
  const cpu0 = pids.map(cpuSeconds);
  const switches0 = pids.map(switches);
  const redis0 = cpuSeconds(redisPid);
  const t0 = performance.now();
  await pass(total);
  const wall = (performance.now() - t0) / 1000;
  const cpu = pids.map((p, i) => cpuSeconds(p) - cpu0[i]);
  const contextSwitches = pids.map((p, i) => switches(p) - switches0[i]).reduce((x, y) => x + y, 0);
  const redisCpu = cpuSeconds(redisPid) - redis0;
  const expected = total * receivers.length;
  const measured = delivered;
  const idle0 = pids.map(cpuSeconds);
  await delay(wall * 1000);
  const idle = pids.map((p, i) => cpuSeconds(p) - idle0[i]);
  [...receivers, sender].forEach((s) => s.close());
  const serverCpu = cpu.reduce((x, y) => x + y, 0);
  return { delivered: measured, expected, total, wall, cpu, idle, serverCpu, redisCpu, perWall: measured / wall, perServerCpu: measured / serverCpu, switchesPerRelay: contextSwitches / total };
}

const port = await freePort();
const redisDir = mkdtempSync(join(tmpdir(), 'sb-bench-redis-'));
const redis = start(args['redis-server'], ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir]);
await waitPort(port);
const redisUrl = `redis://127.0.0.1:${port}`;
if (!existsSync(join(root, 'test/Switchboard.RedisInterop/bin/Release/net10.0/Switchboard.RedisInterop.dll'))) {
  throw new Error('build first: dotnet build test/Switchboard.RedisInterop -c Release');
}

// Both implementations' servers run side by side (their own channel prefixes); each scenario alternates between them
// --repeat times (the order flips every round), so both see the same machine load; figures are medians over rounds.
// switchboard-multiplexer (with --baseline): the same host with --baseline-args added, by default subscribing on the
// adapter's own connection (DedicatedSubscriber on) where the default subscribes through StackExchange.Redis.
const impls = ['node', 'switchboard', ...(args.baseline ? ['switchboard-multiplexer'] : [])].filter((x) => !args.only || x === args.only);
const started = {};
for (const impl of impls) {
  const servers = await startServers(impl, redisUrl, `bench-${impl}`);
  started[impl] = { servers, pids: servers.map((s) => s.child.pid) };
}
await delay(1000);
const n = Number(args.receivers);
const scenarios = {
  fanout: [[n / 2, n / 2], Number(args['fanout-messages']), 64, 'fan'],
  stream: [[1, 1], Number(args['stream-events']), 16, 'user:streamer'],
  'local room': [[n / 2, 0], Number(args['local-messages']), 64, 'local-only'],
};
const rounds = {};
const chosen = args.scenarios.split(',').map((x) => x.trim());
for (const [scenario, [perServer, total, size, room]] of Object.entries(scenarios).filter(([name]) => chosen.includes(name))) {
  for (let r = 0; r < Number(args.repeat); r++) {
    for (const impl of r % 2 === 0 ? impls : [...impls].reverse()) {
      const { servers, pids } = started[impl];
      ((rounds[impl] ??= {})[scenario] ??= []).push(await run(servers, pids, redis.pid, perServer, total, size, room));
    }
  }
}
for (const { servers } of Object.values(started)) servers.forEach((s) => s.child.kill('SIGTERM'));
await delay(1000);
redis.kill('SIGTERM');

// The median round of each figure (rounds of one scenario are alike, so the median of a figure is over rounds).
const median = (xs) => { const v = [...xs].sort((a, b) => a - b); const m = v.length >> 1; return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2; };
const results = {};
for (const [impl, byScenario] of Object.entries(rounds)) {
  results[impl] = {};
  for (const [scenario, list] of Object.entries(byScenario)) {
    results[impl][scenario] = {
      ...list[0],
      delivered: Math.min(...list.map((x) => x.delivered)),
      perWall: median(list.map((x) => x.perWall)),
      perServerCpu: median(list.map((x) => x.perServerCpu)),
      serverCpu: median(list.map((x) => x.serverCpu)),
      redisCpu: median(list.map((x) => x.redisCpu)),
      switchesPerRelay: median(list.map((x) => x.switchesPerRelay)),
      cpu: [0, 1].map((i) => median(list.map((x) => x.cpu[i]))),
      idle: [0, 1].map((i) => median(list.map((x) => x.idle[i]))),
      spread: list.map((x) => x.perServerCpu),
    };
  }
}

const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');
const [load1, load5] = loadavg();
const lines = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load average ${load1.toFixed(1)} / ${load5.toFixed(1)} (1 / 5 min) at the end; `
    + `Redis adapter, ${args.mode} form; two servers per implementation on one Redis; fanout ${args.receivers} receivers × ${args['fanout-messages']} messages of 64 B; `
    + `stream 2 receivers × ${args['stream-events']} events of 16 B; local room ${Number(args.receivers) / 2} receivers on the first server × ${args['local-messages']} messages of 64 B; `
    + `${args.outstanding} relays in flight; a warm-up pass of ${args.warmup} × the messages before each; median of ${args.repeat} alternating round(s).`,
  '',
  '| scenario | figure | Node socket.io 4.8 + redis-adapter | Switchboard + Redis adapter | Switchboard / Node |',
  '| --- | --- | ---: | ---: | ---: |',
];
const row = (scenario, figure, f, d = 0) => {
  const a = results.node?.[scenario];
  const b = results.switchboard?.[scenario];
  const x = a && f(a);
  const y = b && f(b);
  lines.push(`| ${scenario} | ${figure} | ${fmt(x, d)} | ${fmt(y, d)} | ${Number.isFinite(x) && Number.isFinite(y) && x !== 0 ? (y / x).toFixed(2) + '×' : 'n/a'} |`);
};
for (const scenario of ['fanout', 'stream'].filter((x) => chosen.includes(x))) {
  row(scenario, 'deliveries per wall-clock s', (x) => x.perWall);
  row(scenario, '**deliveries per server CPU-s** (both servers)', (x) => x.perServerCpu);
  row(scenario, 'server CPU-s (both servers)', (x) => x.serverCpu, 2);
  row(scenario, 'Redis CPU-s', (x) => x.redisCpu, 2);
  row(scenario, 'server voluntary context switches per relay (both servers)', (x) => x.switchesPerRelay, 1);
  row(scenario, 'delivered / expected (worst round)', (x) => x.delivered / x.expected, 3);
}
const local = 'local room';
if (chosen.includes(local)) {
row(local, 'first server CPU-s (sender and every receiver)', (x) => x.cpu[0], 2);
row(local, 'second server CPU-s (no member), traffic window', (x) => x.cpu[1], 3);
row(local, 'second server CPU-s, equal window without traffic', (x) => x.idle[1], 3);
row(local, 'second server µs per broadcast (traffic − idle)', (x) => ((x.cpu[1] - x.idle[1]) / x.total) * 1e6, 1);
row(local, 'delivered / expected', (x) => x.delivered / x.expected, 3);
}
if (results['switchboard-multiplexer']) {
  lines.push('', `Switchboard with \`${args['baseline-args']}\` (the baseline), same run, medians:`);
  for (const scenario of ['fanout', 'stream'].filter((x) => chosen.includes(x))) {
    const x = results['switchboard-multiplexer'][scenario];
    const n = results.node?.[scenario];
    lines.push(`- ${scenario}: ${fmt(x.perServerCpu)} deliveries per server CPU-s${n ? ` (${(x.perServerCpu / n.perServerCpu).toFixed(2)}× Node)` : ''}, `
      + `${fmt(x.switchesPerRelay, 1)} voluntary context switches per relay, Redis ${fmt(x.redisCpu, 2)} CPU-s`);
  }
}
if (Number(args.repeat) > 1) {
  lines.push('', 'Deliveries per server CPU-s, every round:');
  for (const [impl, r] of Object.entries(results)) {
    for (const scenario of ['fanout', 'stream'].filter((x) => chosen.includes(x))) lines.push(`- ${impl} ${scenario}: ${r[scenario].spread.map((x) => fmt(x)).join(', ')}`);
  }
}
console.log(lines.join('\n'));
process.exit(0); // client sockets still closing must not keep the process alive
