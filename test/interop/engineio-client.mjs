// Drives the real npm engine.io-client 6.6 against a Switchboard Engine.IO echo endpoint.
//   node engineio-client.mjs <base-url> <path> <mode>     mode: polling | websocket | upgrade
// Connects, sends text and binary messages, checks each echo, and prints one JSON line per step:
//   {"step":"open","transport":"polling"}  ...  {"step":"done","transport":"websocket"}
// Exits 0 when every echo came back unchanged, 1 with {"step":"error",...} otherwise.
import { Socket } from "engine.io-client";

const [baseUrl, path, mode] = process.argv.slice(2);
const transports = { polling: ["polling"], websocket: ["websocket"], upgrade: ["polling", "websocket"] }[mode];
if (!baseUrl || !path || !transports) {
  console.error("usage: node engineio-client.mjs <base-url> <path> <polling|websocket|upgrade>");
  process.exit(2);
}

const log = (step, extra = {}) => console.log(JSON.stringify({ step, transport: socket.transport?.name, ...extra }));
const fail = (message) => {
  console.log(JSON.stringify({ step: "error", message }));
  process.exit(1);
};
const timer = setTimeout(() => fail(`timed out in mode ${mode}`), 10000);

const socket = new Socket(baseUrl, { path, transports, upgrade: mode === "upgrade" });
const inbox = [];
let waiting = null;
socket.on("message", (data) => {
  inbox.push(data);
  if (waiting) waiting();
});
socket.on("error", (err) => fail(`socket error: ${err?.message ?? err}`));

function next() {
  return new Promise((resolve) => {
    const take = () => {
      if (inbox.length > 0) {
        waiting = null;
        resolve(inbox.shift());
      } else {
        waiting = take;
      }
    };
    take();
  });
}

async function exchange(label) {
  const text = `hello ${label} é🌍`;
  socket.send(text);
  const textBack = await next();
  if (textBack !== text) fail(`text echo differs: ${JSON.stringify(textBack)}`);

  const bytes = Uint8Array.from([0, 1, 2, 253, 254, 255]);
  socket.send(bytes);
  const binaryBack = await next();
  if (typeof binaryBack === "string") fail(`binary echo came back as text: ${binaryBack}`);
  const got = Buffer.from(binaryBack instanceof ArrayBuffer ? new Uint8Array(binaryBack) : binaryBack);
  if (!got.equals(Buffer.from(bytes))) fail(`binary echo differs: ${got.toString("hex")}`);

  // Several messages sent back to back come back in order.
  for (let i = 0; i < 5; i++) socket.send(`n${i}`);
  for (let i = 0; i < 5; i++) {
    const back = await next();
    if (back !== `n${i}`) fail(`ordered echo ${i} differs: ${back}`);
  }
  log("exchanged", { label });
}

socket.on("open", async () => {
  log("open");
  await exchange("first");
  if (mode === "upgrade") {
    if (socket.transport.name !== "websocket") {
      await new Promise((resolve) => socket.once("upgrade", resolve));
    }
    log("upgraded");
    await exchange("after upgrade");
  }
  log("done");
  clearTimeout(timer);
  // No process.exit: Node ends once the close packet has been written and nothing is left pending.
  socket.close();
});
