// A small OpenAI-compatible embeddings server on a loopback port: POST /embeddings answers hashed
// bag-of-words vectors (texts sharing words are close), GET /models answers 200 for the known key.
// It can be told to hang (never answer) or fail, and records what it received.
import http from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';

export const FAKE_KEY = 'sk-test-0123456789abcdefghijklmnop';

export function bagOfWords(text: string, dims: number): number[] {
  const v = new Array(dims).fill(0);
  for (const w of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const h = createHash('md5').update(w).digest();
    v[h.readUInt32BE(0) % dims] += h[4] & 1 ? 1 : -1;
  }
  const n = Math.hypot(...v) || 1;
  return v.map((x) => x / n);
}

export interface FakeServer {
  url: string;
  requests: { model: string; input: string[]; auth: string | null }[];
  mode: 'ok' | 'hang' | 'fail';
  close(): Promise<void>;
}

export async function startFakeEmbeddings(dims = 64): Promise<FakeServer> {
  const hung: http.ServerResponse[] = [];
  const state: FakeServer = { url: '', requests: [], mode: 'ok', close: async () => {} };
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/models') {
      res.writeHead(req.headers.authorization === `Bearer ${FAKE_KEY}` ? 200 : 401, { 'content-type': 'application/json' });
      return res.end('{"data":[]}');
    }
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; input: string[] };
      state.requests.push({ model: body.model, input: body.input, auth: req.headers.authorization ?? null });
      if (state.mode === 'hang') { hung.push(res); return; }
      if (state.mode === 'fail') { res.writeHead(400, { 'content-type': 'application/json' }); return res.end('{"error":{"message":"bad model"}}'); }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', model: body.model, data: body.input.map((t, index) => ({ object: 'embedding', index, embedding: bagOfWords(t, body.model === 'text-embedding-3-small' ? 1536 : dims) })) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    for (const r of hung) r.destroy();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return state;
}
