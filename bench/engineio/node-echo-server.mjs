// The Node reference for the Engine.IO echo load test: npm engine.io 6.6.11 configured like
// test/Switchboard.Conformance (raw echo at /engine.io/, pingInterval 300, pingTimeout 200, maxPayload 1e6, CORS *).
//   node bench/engineio/node-echo-server.mjs <port>
import { Server } from "engine.io";
import { createServer } from "node:http";

const port = Number(process.argv[2] ?? 3001);
const http = createServer();
const engine = new Server({
  pingInterval: 300,
  pingTimeout: 200,
  maxHttpBufferSize: 1e6,
  cors: { origin: "*" },
  path: "/engine.io/",
});
engine.attach(http);
engine.on("connection", (socket) => socket.on("message", (data) => socket.send(data)));
http.listen(port, "127.0.0.1", () => console.log(`listening on http://127.0.0.1:${port}`));
