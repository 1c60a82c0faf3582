// Two Socket.IO clients with one small interface, so the load generator can use either:
//
//   raw  a minimal Engine.IO v4 / Socket.IO v5 client over npm `ws` (WebSocket transport only,
//        text packets only): what the load generator uses by default because it costs the
//        load generator much less CPU per packet than socket.io-client.
//   sio  npm socket.io-client 4.8 with transports ['websocket'], for cross-checking.
//
// Interface: await client.connect(); client.emit(event, data); client.emitWithAck(event, data, cb);
// client.on(event, handler(data)); client.close().
import WebSocket from 'ws';
import { io } from 'socket.io-client';

const PATH = '/ws/socket.io';

export function createClient(kind, baseUrl, auth) {
  if (kind === 'raw') return new RawClient(baseUrl, auth);
  if (kind === 'sio') return new SioClient(baseUrl, auth);
  throw new Error(`unknown client kind '${kind}' (raw or sio)`);
}

export class RawClient {
  constructor(baseUrl, auth) {
    this.url = `${baseUrl.replace(/^http/, 'ws')}${PATH}/?EIO=4&transport=websocket`;
    this.auth = auth;
    this.handlers = new Map();
    this.textHandlers = [];
    this.acks = new Map();
    this.nextAck = 0;
    this.ws = null;
    this.closed = false;
  }

  connect(timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(this.url, { perMessageDeflate: false });
      this.ws = ws;
      let connected = false;
      const timer = setTimeout(() => fail(new Error(`connect timed out after ${timeoutMs} ms`)), timeoutMs);
      const fail = (err) => {
        clearTimeout(timer);
        if (!connected) reject(err);
        try { ws.terminate(); } catch { /* already gone */ }
      };
      ws.on('error', fail);
      ws.on('close', () => {
        this.closed = true;
        if (!connected) fail(new Error('closed before the Socket.IO CONNECT was acknowledged'));
      });
      ws.on('message', (buf, isBinary) => {
        if (isBinary) return;
        const text = buf.toString();
        // Engine.IO packet types: 0 open, 1 close, 2 ping, 4 message (then the Socket.IO packet).
        switch (text.charCodeAt(0)) {
          case 48: // '0' open: answer with the Socket.IO CONNECT for namespace '/'
            ws.send(this.auth ? `40${JSON.stringify(this.auth)}` : '40');
            return;
          case 50: // '2' ping
            ws.send('3');
            return;
          case 49: // '1' close
            ws.close();
            return;
          case 52: // '4' message
            this.#onPacket(text, () => {
              connected = true;
              clearTimeout(timer);
              resolve();
            }, fail);
            return;
          default:
            return;
        }
      });
    });
  }

  // Socket.IO packet after the Engine.IO '4': type digit, optional ack id, JSON array.
  #onPacket(text, onConnect, onError) {
    const type = text.charCodeAt(1);
    if (type === 50) { // '2' EVENT: 42["name",data] or 42<id>["name",data]
      for (const [prefix, handler] of this.textHandlers) {
        if (text.startsWith(prefix)) {
          handler(text);
          return;
        }
      }
      let i = 2;
      while (i < text.length && text.charCodeAt(i) !== 91) i++;
      const arr = JSON.parse(text.slice(i));
      const handler = this.handlers.get(arr[0]);
      if (handler) handler(arr[1]);
    } else if (type === 51) { // '3' ACK: 43<id>[args]
      let i = 2;
      while (i < text.length && text.charCodeAt(i) !== 91) i++;
      const id = Number(text.slice(2, i));
      const cb = this.acks.get(id);
      if (cb) {
        this.acks.delete(id);
        cb(JSON.parse(text.slice(i))[0]);
      }
    } else if (type === 48) { // '0' CONNECT
      onConnect();
    } else if (type === 52) { // '4' CONNECT_ERROR
      onError(new Error(`connect_error: ${text.slice(2)}`));
    } else if (type === 49) { // '1' DISCONNECT
      this.ws.close();
    }
  }

  on(event, handler) {
    this.handlers.set(event, handler);
  }

  // Like on(), but hands over the packet text unparsed (`42["event",...]`), for the hot
  // receive paths where parsing every packet would make the load generator the bottleneck.
  onText(event, handler) {
    this.textHandlers.push([`42${JSON.stringify([event]).slice(0, -1)},`, handler]);
  }

  emit(event, data) {
    this.ws.send(`42${JSON.stringify([event, data])}`);
  }

  emitWithAck(event, data, cb) {
    const id = this.nextAck++;
    this.acks.set(id, cb);
    this.ws.send(`42${id}${JSON.stringify([event, data])}`);
  }

  close() {
    return new Promise((resolve) => {
      if (this.closed || !this.ws) return resolve();
      this.ws.once('close', resolve);
      try { this.ws.send('41'); } catch { /* socket already closing */ }
      this.ws.close();
      setTimeout(() => { this.ws.terminate(); resolve(); }, 2000).unref();
    });
  }
}

export class SioClient {
  constructor(baseUrl, auth) {
    this.socket = io(baseUrl, {
      path: PATH,
      transports: ['websocket'],
      auth: auth ?? {},
      forceNew: true,
      reconnection: false,
      autoConnect: false,
    });
  }

  connect(timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`connect timed out after ${timeoutMs} ms`)), timeoutMs);
      this.socket.once('connect', () => { clearTimeout(timer); resolve(); });
      this.socket.once('connect_error', (err) => { clearTimeout(timer); reject(err); });
      this.socket.connect();
    });
  }

  on(event, handler) {
    this.socket.on(event, handler);
  }

  emit(event, data) {
    this.socket.emit(event, data);
  }

  emitWithAck(event, data, cb) {
    this.socket.emit(event, data, cb);
  }

  close() {
    return new Promise((resolve) => {
      if (!this.socket.connected) { this.socket.close(); return resolve(); }
      this.socket.io.engine?.once('close', () => resolve());
      this.socket.close();
      setTimeout(resolve, 2000).unref();
    });
  }
}
