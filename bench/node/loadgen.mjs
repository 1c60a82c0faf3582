// The Socket.IO load generator: drives any bench host that follows the contract in server.mjs
// over loopback and measures four scenarios. Every scenario is bounded in count and time and
// the process exits by itself.
//
//   node loadgen.mjs --url http://127.0.0.1:3000 [--scenarios connect,echo,fanout,stream]
//                    [--client raw|sio] [--json out.json] [size options, see DEFAULTS]
//
// The server's pid comes from GET /perf/info; its CPU time and RSS are read from /proc around
// each measured window (connecting the clients and a warm-up pass are outside the window).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createClient } from './clients.mjs';
import { sample } from './proc.mjs';
import { scenarioBurst, scenarioCold, scenarioFanout1 } from './user-scenarios.mjs';

export const DEFAULTS = {
  client: 'raw',
  scenarios: 'connect,echo,fanout,stream',
  'timeout-s': '120',
  warmup: '1',
  'connect-n': '2000',
  'connect-concurrency': '50',
  'connect-settle-ms': '2000',
  'echo-clients': '50',
  'echo-events': '2000',
  'echo-window': '1',
  'echo-size': '64',
  'fanout-clients': '200',
  'fanout-rounds': '100',
  'fanout-count': '20',
  'fanout-size': '64',
  'fanout-outstanding': '2',
  'stream-events': '200000',
  'stream-chunk': '100',
  'stream-size': '16',
  'stream-outstanding': '2',
  'stream-tabs': '1',
  // The user regime (user-scenarios.mjs): one message per request, a burst in one request, a cold start.
  'fanout1-clients': '200',
  'fanout1-messages': '500',
  'fanout1-outstanding': '4',
  'burst-events': '100000',
  'cold-n': '2000',
  'cold-acks': '50000',
};

export const delay = (ms) => new Promise((r) => setTimeout(r, ms));

export function withTimeout(promise, seconds, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function percentiles(values, count) {
  if (count === 0) return { p50: NaN, p99: NaN };
  const sorted = Float64Array.from(values.subarray(0, count)).sort();
  const at = (q) => sorted[Math.min(count - 1, Math.floor(q * (count - 1)))];
  return { p50: at(0.5), p99: at(0.99) };
}

export async function connectMany(kind, url, n, concurrency, authOf, timeoutMs = 10000) {
  const clients = new Array(n);
  let next = 0;
  async function worker() {
    while (next < n) {
      const i = next++;
      const client = createClient(kind, url, authOf(i));
      await client.connect(timeoutMs);
      clients[i] = client;
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return clients;
}

// Subscribes handler(data) to `event`. The raw client skips JSON.parse on all but every 500th
// packet (handler(null, text) then), so receiving stays cheaper than the server's sending;
// the parsed samples still check the payload shape.
export function listen(client, event, handler) {
  if (!client.onText) {
    client.on(event, (d) => handler(d, null));
    return;
  }
  let n = 0;
  client.onText(event, (text) => {
    if (n++ % 500 === 0) handler(JSON.parse(text.slice(text.indexOf('[')))[1], text);
    else handler(null, text);
  });
}

// The `t` field of a fanout message, read without parsing the whole packet.
function fieldT(text) {
  return Number.parseFloat(text.slice(text.indexOf('"t":') + 4));
}

// The unmeasured warm-up pass: `--warmup` times the measured work (at least one unit). Both
// runtimes compile hot code in tiers over the first seconds (V8's optimizing tiers, .NET tiered
// compilation with dynamic PGO); a long-running server is measured in its steady state.
export function warmupOf(units, o) {
  return Math.max(1, Math.round(units * Number(o.warmup)));
}

// Live heap bytes after a full GC (GET /perf/heap), or NaN when the host does not offer it.
async function liveHeap(url) {
  try {
    const res = await fetch(`${url}/perf/heap`);
    return res.ok ? (await res.json()).heapBytes : NaN;
  } catch {
    return NaN;
  }
}

export async function closeAll(clients) {
  await Promise.all(clients.filter(Boolean).map((c) => c.close()));
}

// Runs fn inside a measured window: wall time, server CPU (utime+stime) and RSS, and this
// process's own CPU so a saturated load generator shows up in the results.
// The host's runtime counters (GET /perf/runtime: Switchboard.BenchHost only), or null.
let runtimeUrl;
async function runtimeCounters() {
  if (!runtimeUrl) return null;
  try {
    const res = await fetch(runtimeUrl);
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

export async function measure(pid, fn) {
  const r0 = await runtimeCounters();
  const s0 = sample(pid);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const extra = await fn();
  const wallSeconds = (performance.now() - t0) / 1000;
  const s1 = sample(pid);
  const c1 = process.cpuUsage(c0);
  const r1 = await runtimeCounters();
  // Where the window's server CPU went inside the runtime: JIT compilation and GC pauses (a stopwatch breakdown).
  const runtime = r0 && r1 ? {
    jitMethods: r1.jitMethods - r0.jitMethods,
    jitSeconds: (r1.jitMs - r0.jitMs) / 1000,
    gcs: r1.gcs - r0.gcs,
    gcPauseSeconds: (r1.gcPauseMs - r0.gcPauseMs) / 1000,
    allocatedBytes: r1.allocatedBytes - r0.allocatedBytes,
  } : undefined;
  return {
    runtime,
    wallSeconds,
    serverCpuSeconds: s1.cpuSeconds - s0.cpuSeconds,
    loadgenCpuSeconds: (c1.user + c1.system) / 1e6,
    rssBeforeBytes: s0.rssBytes,
    rssAfterBytes: s1.rssBytes,
    ...extra,
  };
}

export function rates(result, count, unit) {
  return {
    ...result,
    count,
    unit,
    perWallSecond: count / result.wallSeconds,
    perServerCpuSecond: result.serverCpuSeconds > 0 ? count / result.serverCpuSeconds : NaN,
  };
}

async function scenarioConnect(o) {
  const n = Number(o['connect-n']);
  const concurrency = Number(o['connect-concurrency']);
  // Warm-up: the first connections pay for JIT and lazy initialisation on either server. Kept
  // small, because the memory the warm-up connections leave behind for reuse is in the baseline.
  const warm = Math.max(20, Math.min(200, Math.floor(n / 10)));
  await closeAll(await connectMany(o.client, o.url, warm, concurrency, (i) => ({ user: `warm${i}` })));
  await delay(500);
  const heapBefore = await liveHeap(o.url);
  let clients = [];
  const m = await measure(o.pid, async () => {
    clients = await connectMany(o.client, o.url, n, concurrency, (i) => ({ user: `c${i}` }));
    return {};
  });
  await delay(Number(o['connect-settle-ms']));
  const settled = sample(o.pid);
  m.rssSettledBytes = settled.rssBytes;
  m.bytesPerConnection = (settled.rssBytes - m.rssBeforeBytes) / n;
  // Read after the RSS figure: the forced collection would change it.
  const heapAfter = await liveHeap(o.url);
  m.heapBytesPerConnection = (heapAfter - heapBefore) / n;
  await closeAll(clients);
  await delay(500);
  return rates(m, n, 'connections');
}

async function scenarioEcho(o) {
  const nClients = Number(o['echo-clients']);
  const perClient = Number(o['echo-events']);
  const window = Number(o['echo-window']);
  const payload = { s: 'x'.repeat(Number(o['echo-size'])) };
  const clients = await connectMany(o.client, o.url, nClients, 50, (i) => ({ user: `e${i}` }));

  function pass(eventsPerClient) {
    const total = nClients * eventsPerClient;
    const rtt = new Float64Array(total);
    let done = 0;
    return new Promise((resolve) => {
      const sent = new Array(nClients).fill(0);
      const next = (ci) => {
        if (sent[ci] >= eventsPerClient) return;
        sent[ci]++;
        const t = performance.now();
        clients[ci].emitWithAck('echo', payload, () => {
          rtt[done++] = performance.now() - t;
          if (done === total) resolve({ rtt, done });
          else next(ci);
        });
      };
      for (let ci = 0; ci < nClients; ci++) {
        for (let w = 0; w < window; w++) next(ci);
      }
    });
  }

  await pass(warmupOf(perClient, o));
  let stats;
  const m = await measure(o.pid, async () => {
    stats = await pass(perClient);
    return {};
  });
  await closeAll(clients);
  return rates({ ...m, latencyMs: percentiles(stats.rtt, stats.done) }, stats.done, 'acks');
}

async function scenarioFanout(o) {
  const nClients = Number(o['fanout-clients']);
  const rounds = Number(o['fanout-rounds']);
  const count = Number(o['fanout-count']);
  const size = Number(o['fanout-size']);
  const outstanding = Number(o['fanout-outstanding']);
  const room = 'fan';
  const receivers = await connectMany(o.client, o.url, nClients, 50, (i) => ({ user: `f${i}` }));
  const [sender] = await connectMany(o.client, o.url, 1, 1, () => ({ user: 'fsender' }));
  await Promise.all(receivers.map((c) => new Promise((r) => c.emitWithAck('join', { room }, r))));

  const perRound = nClients * count;
  let state = null;
  for (const c of receivers) {
    listen(c, 'msg', (d, text) => {
      const s = state;
      const t = d ? d.t : fieldT(text);
      if (d && (typeof d.t !== 'number' || typeof d.d !== 'string' || d.d.length !== size)) {
        throw new Error(`unexpected msg payload ${JSON.stringify(d)}`);
      }
      s.latency[s.delivered++] = performance.now() - t;
      if (s.delivered === s.total) s.resolve();
      else if (s.delivered % perRound === 0) s.pump();
    });
  }

  function pass(passRounds) {
    return new Promise((resolve) => {
      const s = {
        total: passRounds * perRound,
        latency: new Float64Array(passRounds * perRound),
        delivered: 0,
        sent: 0,
        resolve,
        // Keeps at most `outstanding` rounds not yet fully delivered, so queues stay bounded
        // and the latency is the server's, not a backlog the load generator built up.
        pump() {
          while (s.sent < passRounds && s.sent - Math.floor(s.delivered / perRound) < outstanding) {
            s.sent++;
            sender.emitWithAck('fanout', { room, count, size, t: performance.now() }, () => {});
          }
        },
      };
      state = s;
      s.pump();
    }).then(() => state);
  }

  await pass(warmupOf(rounds, o));
  let stats;
  const m = await measure(o.pid, async () => {
    stats = await pass(rounds);
    return {};
  });
  await closeAll([...receivers, sender]);
  return rates({ ...m, latencyMs: percentiles(stats.latency, stats.delivered) }, stats.delivered, 'deliveries');
}

async function scenarioStream(o) {
  const events = Number(o['stream-events']);
  const chunk = Number(o['stream-chunk']);
  const size = Number(o['stream-size']);
  const outstanding = Number(o['stream-outstanding']);
  const tabs = Number(o['stream-tabs']);
  const rounds = Math.ceil(events / chunk);
  // Every tab of the same user is in `user:streamer`; the first one asks for the stream.
  const tabsClients = await connectMany(o.client, o.url, tabs, tabs, () => ({ user: 'streamer' }));
  const requester = tabsClients[0];
  const perRound = tabs * chunk;

  let state = null;
  tabsClients.forEach((c, ti) => {
    listen(c, 'events', (d) => {
      const s = state;
      if (d && (d.chat_id !== 'chat-1' || d.message_id !== 'msg-1' || d.data?.type !== 'chat:completion'
        || d.data.data?.content?.length !== size)) {
        throw new Error(`unexpected events payload ${JSON.stringify(d)}`);
      }
      // Each tab receives the events in order, so its k-th event belongs to round k / chunk.
      const k = s.perTab[ti]++;
      s.latency[s.delivered++] = performance.now() - s.sentAt[Math.floor(k / chunk)];
      if (s.delivered === s.total) s.resolve();
      else if (s.delivered % perRound === 0) s.pump();
    });
  });

  function pass(passRounds) {
    return new Promise((resolve) => {
      const s = {
        total: passRounds * perRound,
        latency: new Float64Array(passRounds * perRound),
        sentAt: new Float64Array(passRounds),
        perTab: new Array(tabs).fill(0),
        delivered: 0,
        sent: 0,
        resolve,
        pump() {
          while (s.sent < passRounds && s.sent - Math.floor(s.delivered / perRound) < outstanding) {
            s.sentAt[s.sent++] = performance.now();
            requester.emitWithAck('stream', { count: chunk, size, chat_id: 'chat-1', message_id: 'msg-1' }, () => {});
          }
        },
      };
      state = s;
      s.pump();
    }).then(() => state);
  }

  await pass(warmupOf(rounds, o));
  let stats;
  const m = await measure(o.pid, async () => {
    stats = await pass(rounds);
    return {};
  });
  await closeAll(tabsClients);
  return rates({ ...m, latencyMs: percentiles(stats.latency, stats.delivered) }, stats.delivered, 'events');
}

const SCENARIOS = {
  connect: scenarioConnect,
  echo: scenarioEcho,
  fanout: scenarioFanout,
  stream: scenarioStream,
  fanout1: scenarioFanout1,
  burst: scenarioBurst,
  cold: scenarioCold,
};

/** Runs the chosen scenarios against `options.url`; returns {impl, pid, client, options, results}. */
export async function runLoad(options) {
  const o = { ...DEFAULTS, ...options };
  const info = await (await fetch(`${o.url}/perf/info`)).json();
  o.pid = info.pid;
  runtimeUrl = info.impl === 'switchboard' ? `${o.url}/perf/runtime` : undefined;
  const results = {};
  for (const name of o.scenarios.split(',').map((s) => s.trim()).filter(Boolean)) {
    const run = SCENARIOS[name];
    if (!run) throw new Error(`unknown scenario '${name}' (${Object.keys(SCENARIOS).join(', ')})`);
    try {
      results[name] = { ok: true, ...(await withTimeout(run(o), Number(o['timeout-s']), name)) };
    } catch (err) {
      results[name] = { ok: false, error: String(err?.message ?? err) };
    }
    log(name, results[name]);
    await delay(300);
  }
  return { impl: info.impl, pid: info.pid, client: o.client, options: pick(o, Object.keys(DEFAULTS)), results };
}

function pick(o, keys) {
  return Object.fromEntries(keys.map((k) => [k, o[k]]));
}

function log(name, r) {
  if (!r.ok) {
    console.error(`  ${name}: FAILED ${r.error}`);
    return;
  }
  const f = (x, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  let line = `  ${name}: ${r.count} ${r.unit} in ${f(r.wallSeconds, 2)} s wall, ${f(r.serverCpuSeconds, 2)} s server CPU`
    + ` (loadgen ${f(r.loadgenCpuSeconds, 2)} s CPU): ${f(r.perWallSecond)}/s, ${f(r.perServerCpuSecond)}/server-CPU-s`;
  if (r.latencyMs) line += `, p50 ${f(r.latencyMs.p50, 2)} ms, p99 ${f(r.latencyMs.p99, 2)} ms`;
  if (r.runtime) line += ` [JIT ${r.runtime.jitMethods} methods ${f(r.runtime.jitSeconds, 2)} s, GC ${r.runtime.gcs} ${f(r.runtime.gcPauseSeconds, 3)} s, ${f(r.runtime.allocatedBytes / r.count)} B/${r.unit.replace(/s$/, '')}]`;
  if (r.outOfOrder !== undefined) line += `, ${r.outOfOrder} out of order`;
  if (r.expected !== undefined) line += `, ${r.count}/${r.expected} delivered`;
  if (r.echo) line += `; then ${r.echo.count} acks: ${f(r.echo.perWallSecond)}/s, ${f(r.echo.perServerCpuSecond)}/server-CPU-s`;
  if (r.bytesPerConnection !== undefined) {
    line += `, ${f(r.bytesPerConnection / 1024, 1)} kB RSS/connection, ${f(r.heapBytesPerConnection / 1024, 1)} kB live heap/connection`;
  }
  console.log(line);
}

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      json: { type: 'string' },
      ...Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, { type: 'string' }])),
    },
  });
  if (!values.url) {
    console.error('usage: node loadgen.mjs --url http://127.0.0.1:PORT [--scenarios connect,echo,fanout,stream] [--client raw|sio] [--json out.json]');
    process.exit(2);
  }
  const options = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  console.log(`loadgen: ${options.url} client=${options.client ?? DEFAULTS.client}`);
  const report = await runLoad(options);
  if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2));
  const failed = Object.values(report.results).some((r) => !r.ok);
  process.exit(failed ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
