// Two servers on one Redis, Switchboard against Node, in the same run (issue 11's scale-out comparison):
//   node bench/redis/run.mjs [--mode classic|sharded] [--receivers 100] [--fanout-messages 2000] [--stream-events 20000]
//                            [--outstanding 4] [--only node|switchboard]
// Starts its own redis-server on a free port, then for each implementation two servers on it (Switchboard:
// test/Switchboard.RedisInterop; Node: socket.io 4.8 with @socket.io/redis-adapter, test/interop/redis-interop.mjs),
// with the same relay contract: relay(room, event, ...args) broadcasts through the adapter and acks.
//   fanout: receivers spread over both servers in one room; the sender (on the first server) relays 64-byte messages.
//   stream: one receiver on each server in one room; the sender relays 16-byte events (a streamed chat reply).
// Reports deliveries per wall-clock second and per server CPU-second (both servers' CPU summed, from /proc), and
// Redis's own CPU separately. The clients and this script are the load generator; their CPU is not counted.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { readFileSync, mkdtempSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
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
    only: { type: 'string' },
    'redis-server': { type: 'string', default: process.env.SWITCHBOARD_TEST_REDIS_SERVER || 'redis-server' },
  },
});
const delay = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () => new Promise((res) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)); }); });
const cpuSeconds = (pid) => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' '); return (Number(f[11]) + Number(f[12])) / 100; };
const children = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

async function waitPort(port) {
  for (let i = 0; i < 300; i++) {
    const ok = await new Promise((r) => { const s = require('node:net').connect(port, '127.0.0.1', () => { s.end(); r(true); }); s.on('error', () => r(false)); });
    if (ok) return;
    await delay(100);
  }
  throw new Error(`nothing listens on ${port}`);
}

function start(command, argv, cwd = root) {
  const child = spawn(command, argv, { cwd, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  return child;
}

async function startServers(impl, redisUrl, prefix) {
  const servers = [];
  for (let i = 0; i < 2; i++) {
    if (impl === 'switchboard') {
      const port = await freePort();
      const dll = join(root, 'test/Switchboard.RedisInterop/bin/Release/net10.0/Switchboard.RedisInterop.dll');
      const child = start('dotnet', [dll, '--redis', redisUrl, '--prefix', prefix, '--urls', `http://127.0.0.1:${port}`, ...(args.mode === 'sharded' ? ['--sharded'] : []),
        '--Logging:LogLevel:Default=Warning']);
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

// Sends `total` relays with at most `outstanding` unacknowledged, until every receiver got every message.
async function run(servers, pids, redisPid, receiversPerServer, total, size, room) {
  const receivers = [];
  for (const [i, server] of servers.entries()) {
    for (let j = 0; j < receiversPerServer; j++) receivers.push(await connect(server.url, room));
  }
  const sender = await connect(servers[0].url, 'sender');
  await delay(500); // room subscriptions (sharded) settle
  const expected = total * receivers.length;
  let delivered = 0;
  let allDone;
  const done = new Promise((r) => { allDone = r; });
  for (const r of receivers) r.on('m', () => { if (++delivered === expected) allDone(); });
  const payload = 'x'.repeat(size);
  const cpu0 = pids.map(cpuSeconds);
  const redis0 = cpuSeconds(redisPid);
  const t0 = performance.now();
  let sent = 0;
  await new Promise((resolveSend) => {
    let inFlight = 0;
    const pump = () => {
      while (inFlight < Number(args.outstanding) && sent < total) {
        inFlight++;
        sent++;
        sender.emit('relay', room, 'm', payload, () => { inFlight--; if (sent === total && inFlight === 0) resolveSend(); else pump(); });
      }
    };
    pump();
  });
  await Promise.race([done, delay(120000)]);
  const wall = (performance.now() - t0) / 1000;
  const serverCpu = pids.map((p, i) => cpuSeconds(p) - cpu0[i]).reduce((a, b) => a + b, 0);
  const redisCpu = cpuSeconds(redisPid) - redis0;
  [...receivers, sender].forEach((s) => s.close());
  return { delivered, expected, wall, serverCpu, redisCpu, perWall: delivered / wall, perServerCpu: delivered / serverCpu };
}

const port = await freePort();
const redisDir = mkdtempSync(join(tmpdir(), 'sb-bench-redis-'));
const redis = start(args['redis-server'], ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir]);
await waitPort(port);
const redisUrl = `redis://127.0.0.1:${port}`;
if (!existsSync(join(root, 'test/Switchboard.RedisInterop/bin/Release/net10.0/Switchboard.RedisInterop.dll'))) {
  throw new Error('build first: dotnet build test/Switchboard.RedisInterop -c Release');
}

const results = {};
for (const impl of ['node', 'switchboard'].filter((x) => !args.only || x === args.only)) {
  const servers = await startServers(impl, redisUrl, `bench-${impl}`);
  const pids = servers.map((s) => s.child.pid);
  await delay(1000);
  const n = Number(args.receivers);
  results[impl] = {
    fanout: await run(servers, pids, redis.pid, n / 2, Number(args['fanout-messages']), 64, 'fan'),
    stream: await run(servers, pids, redis.pid, 1, Number(args['stream-events']), 16, 'user:streamer'),
  };
  for (const s of servers) { s.child.kill('SIGTERM'); }
  await delay(1000);
}
redis.kill('SIGTERM');

const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');
const lines = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}; Redis adapter, ${args.mode} form; two servers per implementation on one Redis; `
    + `fanout ${args.receivers} receivers × ${args['fanout-messages']} messages of 64 B; stream 2 receivers × ${args['stream-events']} events of 16 B; ${args.outstanding} relays in flight.`,
  '',
  '| scenario | figure | Node socket.io 4.8 + redis-adapter | Switchboard + Redis adapter | Switchboard / Node |',
  '| --- | --- | ---: | ---: | ---: |',
];
for (const scenario of ['fanout', 'stream']) {
  const a = results.node?.[scenario];
  const b = results.switchboard?.[scenario];
  const row = (figure, f, d = 0) => lines.push(`| ${scenario} | ${figure} | ${fmt(a && f(a), d)} | ${fmt(b && f(b), d)} | ${a && b ? (f(b) / f(a)).toFixed(2) + '×' : 'n/a'} |`);
  row('deliveries per wall-clock s', (x) => x.perWall);
  row('**deliveries per server CPU-s** (both servers)', (x) => x.perServerCpu);
  row('server CPU-s (both servers)', (x) => x.serverCpu, 2);
  row('Redis CPU-s', (x) => x.redisCpu, 2);
  row('delivered / expected', (x) => x.delivered / x.expected, 3);
}
console.log(lines.join('\n'));
