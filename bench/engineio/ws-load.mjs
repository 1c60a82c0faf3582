// WebSocket echo load test for an Engine.IO endpoint (loopback only, bounded in time and connections).
//   node bench/engineio/ws-load.mjs <base-url> <server-pid> [connections=50] [seconds=10] [window=4]
// Opens <connections> WebSocket-only Engine.IO sessions; each keeps <window> messages in flight (send "4<payload>",
// count the echo, send the next), answers pings, and stops after <seconds>. The first 2 s are a warm-up (JIT tiering,
// connection buffers) and are not counted. Reports echoes per second, latency
// percentiles and the server's CPU time (from /proc/<pid>/stat), so runs compare per server CPU-second.
import { readFileSync } from "node:fs";
import WebSocket from "ws";

const [baseUrl, pidArg, connArg, secArg, winArg] = process.argv.slice(2);
const connections = Number(connArg ?? 50);
const seconds = Number(secArg ?? 10);
const windowSize = Number(winArg ?? 4);
const pid = Number(pidArg);
if (!baseUrl || !pid) {
  console.error("usage: node ws-load.mjs <base-url> <server-pid> [connections] [seconds] [window]");
  process.exit(2);
}

const clockTicks = 100; // USER_HZ on Linux
function serverCpuSeconds() {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicks; // utime + stime
}

const payload = "4" + JSON.stringify(["chat:message", { chat_id: "6f1c2a9e", data: { content: "x".repeat(64) } }]);
const wsUrl = baseUrl.replace(/^http/, "ws") + "/engine.io/?EIO=4&transport=websocket";
const latencies = [];
let echoes = 0;
let running = true;
let measuring = false;
const warmupSeconds = 2;

function openSession() {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl);
    const sent = [];
    socket.on("error", reject);
    socket.on("message", (data, isBinary) => {
      const text = isBinary ? "" : data.toString();
      if (text.startsWith("0")) {
        resolve({ socket, sent });
      } else if (text === "2") {
        socket.send("3");
      } else if (text.startsWith("4")) {
        const started = sent.shift();
        if (running) {
          if (measuring) {
            latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
            echoes++;
          }
          sent.push(process.hrtime.bigint());
          socket.send(payload);
        }
      }
    });
  });
}

const sessions = await Promise.all(Array.from({ length: connections }, openSession));
for (const { socket, sent } of sessions) {
  for (let i = 0; i < windowSize; i++) {
    sent.push(process.hrtime.bigint());
    socket.send(payload);
  }
}
await new Promise((resolve) => setTimeout(resolve, warmupSeconds * 1000));
measuring = true;
const cpuBefore = serverCpuSeconds();
const start = process.hrtime.bigint();
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
running = false;
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = serverCpuSeconds() - cpuBefore;
for (const { socket } of sessions) socket.close();

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
console.log(
  JSON.stringify({
    connections,
    seconds: Number(elapsed.toFixed(2)),
    echoes,
    echoesPerSecond: Math.round(echoes / elapsed),
    p50ms: Number(pct(50).toFixed(2)),
    p99ms: Number(pct(99).toFixed(2)),
    serverCpuSeconds: Number(cpu.toFixed(2)),
    echoesPerServerCpuSecond: cpu > 0 ? Math.round(echoes / cpu) : null,
  }),
);
setTimeout(() => process.exit(0), 200);
