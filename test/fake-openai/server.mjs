// A fake OpenAI-compatible upstream for Switchboard's completion tests: the one stand-in the tests use, in place
// of a language model. Dependency-free (Node 20). Usage: node server.mjs [port]  (or PORT=...; default 0 = any free
// port). Prints one line {"port": N} on stdout once it listens.
//
//   GET  /v1/models                 the models below
//   POST /v1/chat/completions       streamed SSE (data: {...choices:[{delta:{content}}]}  ...  data: [DONE]), usage
//                                   in the last chunk; "stream": false gives one JSON completion
//   GET  /_stats                    {requests, completed, aborted, paused, last_body, last_authorization}
//   POST /_release                  resumes every stream paused by fake_pause_at
//
// The model chooses the behaviour:
//   fake-model    fake_tokens tokens (body field, default 20): "tok0 tok1 ..."
//   fake-2000     2,000 tokens
//   fake-fail     HTTP 500 with an OpenAI-style error body
//   fake-stall    headers and one chunk, then nothing (the client's idle timeout must end it)
//   fake-silent   headers, then nothing (the client's first-byte timeout must end it)
//   fake-garbage  one chunk, then a data line that is not JSON
// Body field fake_pause_at: N (or a list) pauses the stream after N tokens until POST /_release (or the client
// goes away).
import http from 'node:http';

const models = ['fake-model', 'fake-2000', 'fake-fail', 'fake-stall', 'fake-silent', 'fake-garbage'];
const stats = { requests: 0, completed: 0, aborted: 0, paused: 0, last_body: null, last_authorization: null };
let releases = [];

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function chunk(model, delta, finish, usage) {
  const c = {
    id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1700000000, model,
    choices: [{ index: 0, delta: delta === null ? {} : { content: delta }, finish_reason: finish }],
  };
  if (usage) c.usage = usage;
  return `data: ${JSON.stringify(c)}\n\n`;
}

function write(res, text) {
  return new Promise((resolve) => (res.write(text) ? resolve() : res.once('drain', resolve)));
}

async function stream(req, res, body) {
  const model = body.model;
  const count = model === 'fake-2000' ? 2000 : Number.isInteger(body.fake_tokens) ? body.fake_tokens : 20;
  const pauseAt = [].concat(body.fake_pause_at ?? []).filter(Number.isInteger);
  let gone = false;
  let release = () => {};
  res.on('close', () => {
    if (!res.writableFinished) {
      gone = true;
      stats.aborted++;
      releases = releases.filter((r) => r !== release);
      release();
    }
  });

  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (model === 'fake-silent') {
    res.flushHeaders();
    return; // nothing more, ever
  }

  const tokens = [];
  for (let i = 0; i < count && !gone; i++) {
    if (pauseAt.includes(i)) {
      stats.paused++;
      await new Promise((resolve) => { release = resolve; releases.push(resolve); });
      if (gone) return;
    }
    const token = `tok${i} `;
    tokens.push(token);
    await write(res, chunk(model, token, null));
    if (model === 'fake-stall') return; // one chunk, then silence
    if (model === 'fake-garbage') {
      await write(res, 'data: {this is not json\n\n');
      res.end();
      stats.completed++;
      return;
    }
  }
  if (gone) return;
  const usage = { prompt_tokens: 7, completion_tokens: tokens.length, total_tokens: 7 + tokens.length };
  await write(res, chunk(model, null, 'stop', usage));
  await write(res, 'data: [DONE]\n\n');
  res.end();
  stats.completed++;
}

function complete(res, body) {
  const count = body.model === 'fake-2000' ? 2000 : Number.isInteger(body.fake_tokens) ? body.fake_tokens : 20;
  const content = Array.from({ length: count }, (_, i) => `tok${i} `).join('');
  stats.completed++;
  json(res, 200, {
    id: 'chatcmpl-fake', object: 'chat.completion', created: 1700000000, model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 7, completion_tokens: count, total_tokens: 7 + count },
  });
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://fake');
  if (req.method === 'GET' && url.pathname === '/v1/models') {
    return json(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1700000000, owned_by: 'fake' })) });
  }
  if (req.method === 'GET' && url.pathname === '/_stats') {
    return json(res, 200, stats);
  }
  if (req.method === 'POST' && url.pathname === '/_release') {
    const waiting = releases;
    releases = [];
    waiting.forEach((r) => r());
    return json(res, 200, { released: waiting.length });
  }
  if (req.method === 'POST' && url.pathname === '/v1/chat/completions') {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (d) => { text += d; });
    req.on('end', () => {
      stats.requests++;
      stats.last_authorization = req.headers.authorization ?? null;
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        return json(res, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
      }
      stats.last_body = body;
      if (!models.includes(body.model)) {
        return json(res, 404, { error: { message: `model ${body.model} not found`, type: 'invalid_request_error' } });
      }
      if (body.model === 'fake-fail') {
        return json(res, 500, { error: { message: 'the fake upstream failed on purpose', type: 'server_error' } });
      }
      if (body.stream === false) return complete(res, body);
      stream(req, res, body).catch(() => res.destroy());
    });
    return undefined;
  }
  return json(res, 404, { error: { message: 'not found' } });
});

server.listen(Number(process.argv[2] ?? process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.stdin.on('end', () => process.exit(0)); // the test closed our stdin: it is done with us
process.stdin.resume();
