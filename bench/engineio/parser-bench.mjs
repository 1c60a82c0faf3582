// Node side of EngineIOParserBenchmark: the same inputs through npm engine.io-parser 5.2.3.
//   node bench/engineio/parser-bench.mjs
// Prints ns per operation for each case (best of 5 rounds of 200k operations each).
import { decodePacket, decodePayload, encodePacket, encodePayload } from "engine.io-parser";

const textFrame =
  '42["chat:message",{"chat_id":"6f1c2a9e","message_id":"b81f","data":{"content":"Hello, how can I help you today?"}}]';
const binary = Buffer.from(Array.from({ length: 64 }, (_, i) => i));
const textPacket = decodePacket(textFrame);
const payload = await new Promise((resolve) =>
  encodePayload([textPacket, textPacket, { type: "message", data: binary }], resolve),
);

// engine.io-parser's encoders are callback-based but call back synchronously for strings and Buffers.
const cases = {
  "parse text frame (1 message)": () => decodePacket(textFrame),
  "parse polling payload (3 messages)": () => decodePayload(payload, "nodebuffer").length,
  "encode text frame (1 message)": () => {
    let out;
    encodePacket(textPacket, true, (e) => (out = e));
    return out;
  },
  "encode polling payload (3 messages)": () => {
    let out;
    encodePayload([textPacket, textPacket, { type: "message", data: binary }], (e) => (out = e));
    return out;
  },
};

const rounds = 5;
const iterations = 200_000;
let sink = 0;
for (const [name, fn] of Object.entries(cases)) {
  for (let i = 0; i < iterations; i++) sink ^= fn() ? 1 : 0; // warm-up
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink ^= fn() ? 1 : 0;
    const ns = Number(process.hrtime.bigint() - start) / iterations;
    best = Math.min(best, ns);
  }
  console.log(`${name}\t${best.toFixed(1)} ns`);
}
if (sink === 42) console.log("");
