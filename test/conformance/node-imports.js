// Switchboard's replacement for the official suites' test-suite/node-imports.js (socketio-wire.md §2.6 item 1).
// The suites add a one-shot "message" listener, await it, and only then add the next one. ws emits every frame
// of one TCP read synchronously, so a second frame that arrives in the same read reaches no listener and is lost.
// A browser delivers each frame as its own task; this WebSocket does the same: a lone frame is emitted at once
// (as upstream), but a frame that arrives before a microtask checkpoint after the previous one, or while earlier
// ones are still queued, is queued and emitted from setImmediate, one per macrotask, in order. Close events
// queue behind pending messages so they never overtake them, and "open" takes part so the handshake frame
// that often shares a TCP read with the 101 response is not lost either. The server and the tests are untouched.
import fetch from "node-fetch";
import { WebSocket as WsWebSocket } from "ws";
import chai from "chai";
import chaiString from "chai-string";

chai.use(chaiString);

const ORDERED = new Set(["open", "message", "close"]);

class OneFramePerTaskWebSocket extends WsWebSocket {
  #queue = [];
  #busy = false; // an event was emitted and no microtask checkpoint has passed yet
  #draining = false;

  emit(event, ...args) {
    if (!ORDERED.has(event)) {
      return super.emit(event, ...args);
    }
    if (this.#busy || this.#queue.length > 0) {
      this.#queue.push([event, args]);
      this.#scheduleDrain();
      return true;
    }
    this.#markBusy();
    return super.emit(event, ...args);
  }

  #markBusy() {
    this.#busy = true;
    queueMicrotask(() => {
      this.#busy = false;
    });
  }

  #scheduleDrain() {
    if (this.#draining) return;
    this.#draining = true;
    setImmediate(() => {
      this.#draining = false;
      const next = this.#queue.shift();
      if (next === undefined) return;
      this.#markBusy();
      super.emit(next[0], ...next[1]);
      if (this.#queue.length > 0) this.#scheduleDrain();
    });
  }
}

globalThis.fetch = fetch;
globalThis.WebSocket = OneFramePerTaskWebSocket;
globalThis.chai = chai;
