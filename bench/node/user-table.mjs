// The user regime's settings and its Markdown table (run.mjs --regime user; bench/user-regime.sh).
//
// What users do (issue 13): browsers run npm socket.io-client 4.8, and most traffic is one message per request
// (typing, channel messages, streamed chunks). Every figure is per server CPU-second (utime+stime of the server
// process from /proc), Node socket.io 4.8 and Switchboard in the same run, median over the passes.

// loadgen.mjs options of the regime (command-line options given to run.mjs come after these and win).
export const USER_REGIME = [
  '--client', 'sio',
  '--echo-clients', '50', '--echo-events', '1000', '--echo-window', '1',
  '--fanout1-clients', '200', '--fanout1-messages', '500', '--fanout1-outstanding', '4',
  '--burst-events', '100000', '--stream-size', '16',
  '--cold-n', '2000', '--cold-acks', '50000',
  '--fanout-clients', '200', '--fanout-rounds', '50', '--fanout-count', '20', '--fanout-outstanding', '2',
  '--stream-events', '100000', '--stream-chunk', '100', '--stream-outstanding', '2',
];

const median = (xs) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

const fmt = (x, d = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : 'n/a');

export function userMarkdown(reports, machine, passes) {
  const node = (reports.node ?? []).map((x) => x.results);
  const sb = (reports.switchboard ?? []).map((x) => x.results);
  const value = (res, scenario, f) => (res?.[scenario]?.ok ? f(res[scenario]) : NaN);
  const get = (runs, scenario, f) => median(runs.map((res) => value(res, scenario, f)));
  const rows = [];

  // One row: both medians, their ratio, and for a target the goal, the per-pass spread and the verdict.
  const row = (label, figure, scenario, f, { d = 0, goal, lowerIsBetter = false } = {}) => {
    const a = get(node, scenario, f);
    const b = get(sb, scenario, f);
    const q = b / a;
    let goalText = '';
    let spread = '';
    let verdict = '';
    if (goal !== undefined) {
      goalText = `${lowerIsBetter ? '≤' : '≥'} ${goal}×`;
      const perPass = sb.map((res, i) => value(res, scenario, f) / value(node[i], scenario, f)).filter(Number.isFinite);
      spread = perPass.length ? `${Math.min(...perPass).toFixed(2)}–${Math.max(...perPass).toFixed(2)}×` : 'n/a';
      verdict = !Number.isFinite(q) ? 'not measured' : (lowerIsBetter ? q <= goal : q >= goal) ? 'met' : '**NOT met**';
    }
    const ratio = Number.isFinite(q) ? `${q.toFixed(2)}×` : 'n/a';
    rows.push(`| ${label} | ${figure} | ${fmt(a, d)} | ${fmt(b, d)} | ${ratio} | ${goalText} | ${spread} | ${verdict} |`);
  };

  const cpu = (x) => x.perServerCpuSecond;
  row('warm echo, 1 ack in flight per client', '**acks per server CPU-s**', 'echo', cpu, { goal: 2.5 });
  row('warm echo', 'round trip p50 (ms)', 'echo', (x) => x.latencyMs.p50, { d: 2 });
  row('warm echo', 'Switchboard: bytes allocated per ack', 'echo', (x) => x.runtime ? x.runtime.allocatedBytes / x.count : NaN);
  row('warm fanout, 1 `msg` per request', '**deliveries per server CPU-s**', 'fanout1', cpu, { goal: 3 });
  row('warm fanout, 1 `msg` per request', 'delivery latency p50 (ms)', 'fanout1', (x) => x.latencyMs.p50, { d: 2 });
  row('warm fanout, 1 `msg` per request', 'deliveries out of order', 'fanout1', (x) => x.outOfOrder);
  row('stream burst, 100,000 events in 1 request', '**events per server CPU-s**', 'burst', cpu, { goal: 3 });
  row('stream burst', 'events per wall-clock s', 'burst', (x) => x.perWallSecond);
  row('stream burst', 'delivered / expected', 'burst', (x) => x.count / x.expected, { d: 3 });
  row('cold connect, 2,000 at once, fresh process', '**connections per server CPU-s**', 'cold', cpu, { goal: 1.5 });
  row('cold echo, first 50,000 acks', '**acks per server CPU-s**', 'cold', (x) => x.echo.perServerCpuSecond, { goal: 1.5 });
  row('cold connect', 'Switchboard: JIT compile time in the window (s, wall time of the compiles)', 'cold', (x) => x.runtime?.jitSeconds ?? NaN, { d: 2 });
  row('cold echo', 'Switchboard: JIT compile time in the window (s)', 'cold', (x) => x.echo.runtime?.jitSeconds ?? NaN, { d: 2 });
  row('cold start', 'server CPU-s until the first request is answered', 'cold', (x) => x.startupCpuSeconds, { d: 2 });
  row('memory, 2,000 idle connections', '**RSS per idle connection (kB)**', 'connect', (x) => x.bytesPerConnection / 1024, { d: 1, goal: 0.5, lowerIsBetter: true });
  row('memory, 2,000 idle connections', 'live heap per idle connection after a full GC (kB)', 'connect', (x) => x.heapBytesPerConnection / 1024, { d: 1 });
  row('extra: fanout batched, 20 `msg` per request', 'deliveries per server CPU-s', 'fanout', cpu);
  row('extra: stream batched, 100 events per request', 'events per server CPU-s', 'stream', cpu);

  const failures = [['Node', node], ['Switchboard', sb]].flatMap(([impl, runs]) => runs.flatMap((res, i) =>
    Object.entries(res).filter(([, x]) => !x.ok).map(([s, x]) => `${impl} pass ${i + 1} ${s}: ${x.error}`)));
  const loads = machine.loadavgDuring?.length ? machine.loadavgDuring.map((x) => x.toFixed(1)).join(', ') : 'n/a';
  return [
    `Machine: ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; load average (1 min) at start ${machine.loadavgAtStart[0].toFixed(2)}, `
      + `before each server's pass ${loads}, at end ${machine.loadavgAtEnd[0].toFixed(2)}; client npm socket.io-client 4.8 (WebSocket); `
      + `median of ${passes} pass(es) per server${machine.sbEnv ? `; Switchboard env ${machine.sbEnv}` : ''}.`,
    '',
    '| scenario | figure | Node socket.io 4.8 | Switchboard | Switchboard / Node | target | per-pass ratios | result |',
    '| --- | --- | ---: | ---: | ---: | --- | ---: | --- |',
    ...rows,
    ...(failures.length ? ['', ...failures.map((f) => `Failed: ${f}`)] : []),
  ].join('\n');
}

// Reprints the table of a finished run: node user-table.mjs bench/node/results/user-regime.json
if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs');
  const { machine, reports } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  console.log(userMarkdown(reports, machine, Math.max(...Object.values(reports).map((r) => r.length))));
}
