// Test helpers for hooks: a loopback HTTP server whose paths answer as hooks do (each path's reply is set by the
// test; `/hang` never answers, `/fail` answers 500), recording every request; and an incremental SSE reader
// that reads a run stream up to a named event, so a test can act (approve) mid-stream and read on.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HookServer {
  url: string;
  calls: Array<{ path: string; body: any; headers: http.IncomingHttpHeaders }>;
  /** The JSON the server answers on a path (200); unknown paths answer {} (allow). */
  reply(path: string, body: unknown): void;
  close(): Promise<void>;
}

export async function startHookServer(): Promise<HookServer> {
  const replies = new Map<string, unknown>();
  const hanging = new Set<http.ServerResponse>();
  const calls: HookServer['calls'] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => { raw += d; });
    req.on('end', () => {
      const path = req.url ?? '/';
      calls.push({ path, body: raw ? JSON.parse(raw) : null, headers: req.headers });
      if (path === '/hang') { hanging.add(res); return; }
      if (path === '/fail') { res.writeHead(500, { 'content-type': 'application/json' }).end('{"action":"deny"}'); return; }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(replies.get(path) ?? {}));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    reply: (path, body) => { replies.set(path, body); },
    async close() {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface SseReader {
  /** Reads events up to and including the first one named `name`; all events read so far are in `seen`. */
  until(name: string): Promise<any>;
  /** Reads to the end of the stream. */
  rest(): Promise<any[]>;
  seen: any[];
}

export function sseReader(res: Response): SseReader {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  const queue: any[] = [];
  const seen: any[] = [];
  let ended = false;
  const fill = async (): Promise<boolean> => {
    if (ended) return false;
    const { value, done } = await reader.read();
    if (done) { ended = true; return false; }
    buf += dec.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const frame = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (frame.startsWith('data: ')) queue.push(JSON.parse(frame.slice(6)));
    }
    return true;
  };
  return {
    seen,
    async until(name) {
      for (;;) {
        while (queue.length) {
          const e = queue.shift();
          seen.push(e);
          if (e.event === name) return e;
        }
        if (!await fill()) throw new Error(`stream ended before ${name}; saw ${seen.map((e) => e.event).join(', ')}`);
      }
    },
    async rest() {
      const start = seen.length;
      for (;;) {
        while (queue.length) seen.push(queue.shift());
        if (!await fill()) return seen.slice(start);
      }
    },
  };
}
