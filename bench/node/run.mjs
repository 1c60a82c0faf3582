// One command for the Socket.IO load comparison:
//
//   node bench/node/run.mjs [--only node|switchboard] [--no-build] [--out results.json]
//                           [--client raw|sio] [any loadgen.mjs size option, e.g. --echo-clients 100]
//
// Starts the Node socket.io 4.8 reference host (server.mjs) and Switchboard.BenchHost one after the
// other on free loopback ports, runs every scenario of loadgen.mjs against each (same generator, same
// sizes), stops each server, then prints a Markdown table: each figure per wall-clock second and per
// server CPU-second, and the Switchboard/Node ratio. Writes the raw results as JSON.
import { spawn, execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULTS } from './loadgen.mjs';
import { USER_REGIME, userMarkdown } from './user-table.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const hostProject = join(root, 'bench/Switchboard.BenchHost/Switchboard.BenchHost.csproj');
const buildDll = join(root, 'bench/Switchboard.BenchHost/bin/Release/net10.0/Switchboard.BenchHost.dll');
const r2rDir = join(root, 'bench/Switchboard.BenchHost/bin/r2r');

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    out: { type: 'string', default: join(here, 'results', 'socketio-load.json') },
    repeat: { type: 'string', default: '3' },
    // `user`: the user regime (user-table.mjs): npm socket.io-client, one message per request, cold start on a fresh
    // process; the default is the batched regime with the raw client (the table of bench/README.md before issue 13).
    regime: { type: 'string', default: 'batched' },
    // Extra environment for Switchboard.BenchHost, e.g. DOTNET_TieredPGO=0,DOTNET_TC_QuickJitForLoops=0 (labelled in the table).
    'sb-env': { type: 'string', default: '' },
    // Run the host published ReadyToRun (its own and Switchboard's assemblies precompiled; the framework already is).
    'sb-r2r': { type: 'boolean', default: false },
    ...Object.fromEntries(Object.keys(DEFAULTS).map((k) => [k, { type: 'string' }])),
  },
});

const TARGETS = {
  echo: { ratio: 2.5, text: '≥ 2.5× Node acks per server CPU-s' },
  fanout: { ratio: 3, text: '≥ 3× Node deliveries per server CPU-s' },
  stream: { ratio: 3, text: '≥ 3× Node events per server CPU-s' },
  connect: { ratio: 0.5, text: '≤ ½ of Node RSS per idle connection', lowerIsBetter: true },
};

const delay = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

// Servers and load generators still running, stopped if this process is interrupted.
const children = new Set();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill('SIGKILL');
    process.exit(130);
  });
}

function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function startServer(name, command, argv, env) {
  const logPath = join(tmpdir(), `switchboard-bench-${name}-${process.pid}.log`);
  const log = createWriteStream(logPath);
  const child = track(spawn(command, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  child.logPath = logPath;
  child.exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return child;
}

async function waitReady(child, url, seconds) {
  const deadline = Date.now() + seconds * 1000;
  let exited = null;
  child.exited.then((e) => { exited = e; });
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`${url}/perf/info`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return await res.json();
    } catch { /* not listening yet */ }
    await delay(200);
  }
  const tail = existsSync(child.logPath) ? readFileSync(child.logPath, 'utf8').split('\n').slice(-20).join('\n') : '';
  throw new Error(`server did not answer ${url}/perf/info (${exited ? `exited ${JSON.stringify(exited)}` : 'timed out'}); log ${child.logPath}:\n${tail}`);
}

async function stopServer(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const stopped = await Promise.race([child.exited, delay(5000).then(() => null)]);
  if (!stopped) {
    child.kill('SIGKILL');
    await child.exited;
  }
}

function runLoadgen(url, jsonPath, extra) {
  // The regime's own settings first, so that options given on the command line (passed after them) win.
  const passThrough = Object.keys(DEFAULTS).flatMap((k) => (args[k] !== undefined ? [`--${k}`, args[k]] : []));
  return new Promise((res, rej) => {
    const child = track(spawn(process.execPath, [join(here, 'loadgen.mjs'), '--url', url, '--json', jsonPath, ...extra, ...passThrough], { stdio: 'inherit' }));
    child.on('error', rej);
    child.on('exit', () => {
      if (existsSync(jsonPath)) res(JSON.parse(readFileSync(jsonPath, 'utf8')));
      else rej(new Error('loadgen wrote no results'));
    });
  });
}

async function bench(name, start, extra = []) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  console.log(`\n== ${name} on ${url}`);
  const child = start(port);
  try {
    const info = await waitReady(child, url, 120);
    console.log(`   ${info.impl}, pid ${info.pid}`);
    return await runLoadgen(url, join(tmpdir(), `switchboard-bench-${name}-${process.pid}.json`), extra);
  } finally {
    await stopServer(child);
  }
}

const sbEnv = Object.fromEntries(args['sb-env'].split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
const impls = [];
if (args.only !== 'switchboard') {
  impls.push(['node', (port) => startServer('node', process.execPath, ['--expose-gc', join(here, 'server.mjs'), '--port', String(port)], {})]);
}
if (args.only !== 'node') {
  if (!existsSync(hostProject)) {
    console.error(`Switchboard.BenchHost is missing (${hostProject}); measuring Node only.`);
  } else {
    if (!args['no-build']) {
      console.log(`== building Switchboard.BenchHost (Release${args['sb-r2r'] ? ', published ReadyToRun' : ''})`);
      const build = args['sb-r2r']
        ? ['publish', hostProject, '-c', 'Release', '-r', 'linux-x64', '--self-contained', 'false', '-p:PublishReadyToRun=true', '-o', r2rDir, '-nologo', '-v', 'quiet']
        : ['build', hostProject, '-c', 'Release', '-nologo', '-v', 'quiet'];
      execFileSync('dotnet', build, { cwd: root, stdio: 'inherit' });
    }
    const hostDll = args['sb-r2r'] ? join(r2rDir, 'Switchboard.BenchHost.dll') : buildDll;
    impls.push(['switchboard', (port) => startServer('switchboard', 'dotnet', [hostDll, '--urls', `http://127.0.0.1:${port}`],
      { ASPNETCORE_ENVIRONMENT: 'Production', DOTNET_CLI_TELEMETRY_OPTOUT: '1', ...sbEnv })]);
  }
}

const machine = {
  date: new Date().toISOString(),
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  loadavgAtStart: loadavg(),
  node: process.version,
};
// The servers take turns (node, switchboard, node, ...) so that a change in the machine's other
// load hits both; the table shows the median of the passes.
const reports = Object.fromEntries(impls.map(([name]) => [name, []]));
const passes = Math.max(1, Number(args.repeat));
const user = args.regime === 'user';
machine.regime = user ? 'user' : 'batched';
machine.sbEnv = [args['sb-r2r'] ? 'ReadyToRun' : '', args['sb-env']].filter(Boolean).join(', ');
const loads = [];
for (let pass = 1; pass <= passes; pass++) {
  for (const [name, start] of impls) {
    console.log(`\n== pass ${pass} of ${passes}`);
    if (user) {
      // The cold scenario on a process of its own, then everything else on another fresh one (memory per idle
      // connection first, before the other scenarios leave memory behind for reuse).
      loads.push(loadavg()[0]);
      const cold = await bench(name, start, [...USER_REGIME, '--scenarios', 'cold']);
      await delay(1000);
      const warm = await bench(name, start, [...USER_REGIME, '--scenarios', 'connect,echo,fanout1,burst,fanout,stream']);
      reports[name].push({ ...warm, results: { ...warm.results, ...cold.results } });
    } else {
      reports[name].push(await bench(name, start));
    }

    await delay(1000);
  }
}
machine.loadavgAtEnd = loadavg();
machine.loadavgDuring = loads;

const table = user ? userMarkdown(reports, machine, passes) : markdown(reports);
console.log(`\n${table}`);
mkdirSync(dirname(args.out), { recursive: true });
writeFileSync(args.out, JSON.stringify({ machine, reports, table }, null, 2));
console.log(`results: ${args.out}`);

function markdown(r) {
  const node = (r.node ?? []).map((x) => x.results);
  const sb = (r.switchboard ?? []).map((x) => x.results);
  const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
  const median = (xs) => {
    const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
    if (v.length === 0) return NaN;
    const m = v.length >> 1;
    return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
  };
  const get = (runs, scenario, f) => median(runs.map((res) => (res[scenario]?.ok ? f(res[scenario]) : NaN)));
  const rows = [];
  const row = (scenario, figure, f, d = 0) => {
    const a = get(node, scenario, f);
    const b = get(sb, scenario, f);
    rows.push(`| ${scenario} | ${figure} | ${fmt(a, d)} | ${fmt(b, d)} | ${ratio(b, a)} |`);
  };
  const shared = (scenario, unit) => {
    row(scenario, `${unit} per wall-clock s`, (x) => x.perWallSecond);
    row(scenario, `**${unit} per server CPU-s**`, (x) => x.perServerCpuSecond);
    row(scenario, 'server CPU-s / wall-clock s', (x) => x.serverCpuSeconds / x.wallSeconds, 2);
    row(scenario, 'load generator CPU-s / wall-clock s', (x) => x.loadgenCpuSeconds / x.wallSeconds, 2);
  };
  shared('connect', 'connections');
  row('connect', '**RSS per idle connection (kB)**', (x) => x.bytesPerConnection / 1024, 1);
  row('connect', 'live heap per idle connection after a full GC (kB)', (x) => x.heapBytesPerConnection / 1024, 1);
  for (const [scenario, unit, lat] of [['echo', 'acks', 'round trip'], ['fanout', 'deliveries', 'delivery latency'], ['stream', 'events', 'delivery latency']]) {
    shared(scenario, unit);
    row(scenario, `${lat} p50 (ms)`, (x) => x.latencyMs.p50, 2);
    row(scenario, `${lat} p99 (ms)`, (x) => x.latencyMs.p99, 2);
  }
  const failures = [['Node', node], ['Switchboard', sb]].flatMap(([impl, runs]) => runs.flatMap((res, i) =>
    Object.entries(res).filter(([, x]) => !x.ok).map(([s, x]) => `${impl} pass ${i + 1} ${s}: ${x.error}`)));

  const targets = Object.entries(TARGETS).map(([scenario, t]) => {
    const f = scenario === 'connect' ? (x) => x.bytesPerConnection : (x) => x.perServerCpuSecond;
    const a = get(node, scenario, f);
    const b = get(sb, scenario, f);
    const q = b / a;
    const met = !Number.isFinite(q) ? 'not measured' : (t.lowerIsBetter ? q <= t.ratio : q >= t.ratio) ? 'met' : 'NOT met';
    // Pass i of Switchboard against pass i of Node (they ran back to back), to show the spread.
    const perPass = sb.map((res, i) => (res[scenario]?.ok && node[i]?.[scenario]?.ok ? f(res[scenario]) / f(node[i][scenario]) : NaN))
      .filter(Number.isFinite);
    const spread = perPass.length ? `${Math.min(...perPass).toFixed(2)}–${Math.max(...perPass).toFixed(2)}×` : 'n/a';
    return `| ${scenario} | ${t.text} | ${ratio(b, a)} | ${spread} | ${met} |`;
  });

  return [
    `Machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, load average at start ${machine.loadavgAtStart.map((x) => x.toFixed(2)).join(' ')}; `
      + `load generator client: ${(r.node ?? r.switchboard)?.[0]?.client}; median of ${passes} passes per server.`,
    '',
    `| scenario | figure | Node socket.io 4.8 | Switchboard | Switchboard / Node |`,
    '| --- | --- | ---: | ---: | ---: |',
    ...rows,
    '',
    '| target | goal | Switchboard / Node (medians) | per-pass ratios | result |',
    '| --- | --- | ---: | ---: | --- |',
    ...targets,
    ...(failures.length ? ['', ...failures.map((f) => `Failed: ${f}`)] : []),
  ].join('\n');
}
