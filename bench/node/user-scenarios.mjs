// The scenarios of the user regime (issue 13): what browsers running npm socket.io-client 4.8 do, one message per
// request. Registered in loadgen.mjs beside the batched scenarios; run.mjs --regime user runs them all.
//
//   fanout1  `fanout1-clients` receivers in one room; one sender asks for one `msg` per `fanout` request, with at most
//            `fanout1-outstanding` requests not yet delivered everywhere: deliveries, latency, order (seq) per receiver.
//   burst    one tab; one `stream` request makes the server emit `burst-events` events to the tab's user room, each
//            emit awaited on Switchboard: events, all delivered, in order (i).
//   cold     must run first on a fresh server process: `cold-n` clients connect at once, then the first `cold-acks`
//            echo acks (one in flight per client); each window measured on its own.
import { closeAll, connectMany, listen, measure, percentiles, rates, warmupOf } from './loadgen.mjs';
import { sample } from './proc.mjs';

// A numeric field of a packet read without parsing it (the raw client parses every 500th packet only).
function numField(text, name) {
  const at = text.indexOf(`"${name}":`);
  return at < 0 ? NaN : Number.parseFloat(text.slice(at + name.length + 3));
}

export async function scenarioFanout1(o) {
  const nClients = Number(o['fanout1-clients']);
  const messages = Number(o['fanout1-messages']);
  const outstanding = Number(o['fanout1-outstanding']);
  const size = Number(o['fanout-size']);
  const room = 'fan1';
  const receivers = await connectMany(o.client, o.url, nClients, 50, (i) => ({ user: `g${i}` }));
  const [sender] = await connectMany(o.client, o.url, 1, 1, () => ({ user: 'gsender' }));
  await Promise.all(receivers.map((c) => new Promise((r) => c.emitWithAck('join', { room }, r))));

  let seq = 0;
  let outOfOrder = 0;
  const last = new Float64Array(nClients).fill(-1);
  let state = null;
  receivers.forEach((c, ci) => {
    listen(c, 'msg', (d, text) => {
      const s = state;
      if (d && (typeof d.t !== 'number' || typeof d.seq !== 'number' || d.i !== 0 || d.d?.length !== size)) {
        throw new Error(`unexpected msg payload ${JSON.stringify(d)}`);
      }
      const at = d ? d.seq : numField(text, 'seq');
      if (!(at > last[ci])) outOfOrder++;
      last[ci] = at;
      s.latency[s.delivered++] = performance.now() - (d ? d.t : numField(text, 't'));
      if (s.delivered === s.total) s.resolve();
      else if (s.delivered % nClients === 0) s.pump();
    });
  });

  function pass(passMessages) {
    return new Promise((resolve) => {
      const s = {
        total: passMessages * nClients,
        latency: new Float64Array(passMessages * nClients),
        delivered: 0,
        sent: 0,
        resolve,
        pump() {
          // Counted in whole requests delivered to every receiver, as the batched fanout does.
          while (s.sent < passMessages && s.sent - Math.floor(s.delivered / nClients) < outstanding) {
            s.sent++;
            sender.emitWithAck('fanout', { room, count: 1, size, t: performance.now(), seq: seq++ }, () => {});
          }
        },
      };
      state = s;
      s.pump();
    }).then(() => state);
  }

  await pass(warmupOf(messages, o));
  let stats;
  const m = await measure(o.pid, async () => {
    stats = await pass(messages);
    return {};
  });
  await closeAll([...receivers, sender]);
  return rates({ ...m, outOfOrder, latencyMs: percentiles(stats.latency, stats.delivered) }, stats.delivered, 'deliveries');
}

export async function scenarioBurst(o) {
  const events = Number(o['burst-events']);
  const size = Number(o['stream-size']);
  const [tab] = await connectMany(o.client, o.url, 1, 1, () => ({ user: 'burster' }));
  let state = null;
  listen(tab, 'events', (d, text) => {
    const s = state;
    const inner = d?.data?.data;
    if (d && (d.chat_id !== 'chat-1' || d.message_id !== 'msg-1' || typeof inner?.ts !== 'number' || inner?.content?.length !== size)) {
      throw new Error(`unexpected events payload ${JSON.stringify(d)}`);
    }
    if ((d ? inner.i : numField(text, 'i')) !== s.delivered) s.outOfOrder++;
    s.delivered++;
    if (s.delivered === s.total && s.acked) s.resolve();
  });

  function pass() {
    return new Promise((resolve) => {
      const s = { total: events, delivered: 0, outOfOrder: 0, acked: false, resolve };
      state = s;
      // One request for the whole burst, as a model streaming a reply to one tab.
      tab.emitWithAck('stream', { count: events, size, chat_id: 'chat-1', message_id: 'msg-1' }, () => {
        s.acked = true;
        if (s.delivered === s.total) resolve();
      });
    }).then(() => state);
  }

  for (let w = 0; w < warmupOf(1, o); w++) await pass();
  let stats;
  const m = await measure(o.pid, async () => {
    stats = await pass();
    return {};
  });
  await closeAll([tab]);
  return rates({ ...m, expected: events, outOfOrder: stats.outOfOrder }, stats.delivered, 'events');
}

export async function scenarioCold(o) {
  const n = Number(o['cold-n']);
  const acks = Number(o['cold-acks']);
  const payload = { s: 'x'.repeat(Number(o['echo-size'])) };
  // What the process spent starting up (and answering the harness's /perf/info), for reference.
  const startup = sample(o.pid);
  let clients = [];
  const connect = await measure(o.pid, async () => {
    // All at once, as after a server restart under load: every client reconnects.
    clients = await connectMany(o.client, o.url, n, n, (i) => ({ user: `cold${i}` }), 60000);
    return {};
  });
  let stats;
  const echo = await measure(o.pid, async () => {
    stats = await new Promise((resolve) => {
      const rtt = new Float64Array(acks);
      let sent = 0;
      let done = 0;
      const next = (ci) => {
        if (sent >= acks) return;
        sent++;
        const t = performance.now();
        clients[ci].emitWithAck('echo', payload, () => {
          rtt[done++] = performance.now() - t;
          if (done === acks) resolve({ rtt, done });
          else next(ci);
        });
      };
      for (let ci = 0; ci < n; ci++) next(ci);
    });
    return {};
  });
  await closeAll(clients);
  return {
    ...rates({ ...connect, startupCpuSeconds: startup.cpuSeconds, startupRssBytes: startup.rssBytes }, n, 'connections'),
    echo: rates({ ...echo, latencyMs: percentiles(stats.rtt, stats.done) }, stats.done, 'acks'),
  };
}
