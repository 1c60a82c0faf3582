// The Node reference bench host: npm socket.io 4.8 serving the same contract as
// bench/Switchboard.BenchHost, so one load generator can drive both.
//
//   node server.mjs --port 3000 [--host 127.0.0.1]
//
// Contract (keep in step with bench/Switchboard.BenchHost/Program.cs):
//   path /ws/socket.io; any auth accepted; each socket joins `user:<auth.user or sid>`;
//   echo(payload)                        -> ack(payload)
//   join({room})                         -> joins room, ack()
//   fanout({room, count, size, t, seq})  -> count x emit('msg', {seq, i, t, d}) to room, then ack()
//   stream({count, size, chat_id, message_id})
//                                        -> count x emit('events', {chat_id, message_id,
//                                           data: {type: 'chat:completion', data: {i, ts, content}}}) to the
//                                           sender's user room, then ack()
//   GET /perf/info                       -> {impl, pid}
//   GET /perf/heap                       -> {heapBytes}: live heap after a full GC (a diagnostic; needs --expose-gc)
// `t` and `seq` in fanout are opaque numbers copied into each message so the load generator can
// measure delivery latency with its own clock and check order; `i` is the index within the request,
// `ts` the server's wall clock in epoch milliseconds.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const httpServer = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/perf/info') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ impl: 'node-socket.io-4.8', pid: process.pid }));
    return;
  }
  if (req.method === 'GET' && req.url === '/perf/heap') {
    if (typeof globalThis.gc !== 'function') {
      res.writeHead(501);
      res.end('start node with --expose-gc');
      return;
    }
    globalThis.gc();
    const m = process.memoryUsage();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ heapBytes: m.heapUsed + m.external }));
    return;
  }
  // socket.io attaches its own request listener for /ws/socket.io and answers those first.
  if (!req.url.startsWith('/ws/socket.io')) {
    res.writeHead(404);
    res.end();
  }
});

const io = new Server(httpServer, {
  path: '/ws/socket.io',
  cors: { origin: '*' },
});

const filler = (size) => 'x'.repeat(Math.max(0, size | 0));

io.on('connection', (socket) => {
  const user = socket.handshake.auth?.user ?? socket.id;
  const userRoom = `user:${user}`;
  socket.join(userRoom);

  socket.on('echo', (payload, ack) => {
    if (typeof ack === 'function') ack(payload);
  });

  socket.on('join', (body, ack) => {
    socket.join(String(body?.room));
    if (typeof ack === 'function') ack();
  });

  socket.on('fanout', (body, ack) => {
    const room = String(body?.room);
    const count = body?.count | 0;
    const d = filler(body?.size);
    const t = body?.t ?? 0;
    const seq = body?.seq ?? 0;
    for (let i = 0; i < count; i++) {
      io.to(room).emit('msg', { seq, i, t, d });
    }
    if (typeof ack === 'function') ack();
  });

  socket.on('stream', (body, ack) => {
    const count = body?.count | 0;
    const content = filler(body?.size);
    const chatId = body?.chat_id ?? 'chat';
    const messageId = body?.message_id ?? 'message';
    for (let i = 0; i < count; i++) {
      io.to(userRoom).emit('events', {
        chat_id: chatId,
        message_id: messageId,
        data: { type: 'chat:completion', data: { i, ts: Date.now(), content } },
      });
    }
    if (typeof ack === 'function') ack();
  });
});

httpServer.listen(Number(args.port), args.host, () => {
  console.log(`node bench host listening on http://${args.host}:${args.port}/ws/socket.io (pid ${process.pid})`);
});

const stop = () => {
  io.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
