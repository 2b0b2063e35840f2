// A timed scripted OpenAI-compatible model for bench/agents.ts, on a loopback port. Unlike the tests' FIFO
// script (services/ai/test/scripted-llm.ts, whose turn builders it reuses for the wire shape), it is stateless
// so many runs can share it: the run's user message is `bench {"id", "tools", "deltas", "gapMs"}` and the step
// is the number of assistant messages already in the request; steps before `tools` call the `bench_echo` tool
// once (arguments vary by step, so no doom loop), the next answers text in `deltas` pieces, `gapMs` apart.
// Per run it records each request's arrival and end (model time) and when the first content delta was written,
// all on `now()` (wall clock with sub-ms resolution). The same server answers the tool at POST /tool.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { textTurn, toolTurn, type Turn } from '../services/ai/test/scripted-llm.ts';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export const now = () => performance.timeOrigin + performance.now();

export interface RunScript { id: string; tools: number; deltas: number; gapMs: number }
export interface ModelCall { step: number; recvAt: number; firstContentAt?: number; endAt: number }

export interface TimedLlm {
  url: string;
  toolUrl: string;
  /** Model calls per run id (removed by `take`). */
  take(id: string): ModelCall[];
  toolCalls(): number;
  close(): Promise<void>;
}

export const benchMessage = (s: RunScript) => `bench ${JSON.stringify(s)}`;
export const expectedAnswer = (s: RunScript) => Array.from({ length: s.deltas }, (_, i) => `w${i} `).join('');

function scriptOf(body: any): RunScript | null {
  const first = body?.messages?.find((m: any) => m.role === 'user' && typeof m.content === 'string' && m.content.startsWith('bench '));
  return first ? JSON.parse(first.content.slice(6)) : null;
}

const frame = (c: unknown) => `data: ${JSON.stringify(c)}\n\n`;
const isContent = (c: any) => typeof c?.choices?.[0]?.delta?.content === 'string' && c.choices[0].delta.content !== '';

export async function startTimedLlm(): Promise<TimedLlm> {
  const calls = new Map<string, ModelCall[]>();
  let tools = 0;
  const server = http.createServer((req, res) => {
    const recvAt = now();
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => { raw += d; });
    req.on('end', () => {
      if (req.url === '/tool') {
        tools++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(raw || '{}');
        return;
      }
      const body = raw ? JSON.parse(raw) : null;
      const s = scriptOf(body);
      if (!s) { res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not a bench run' } })); return; }
      const step = body.messages.filter((m: any) => m.role === 'assistant').length;
      const turn: Turn = step < s.tools
        ? toolTurn([{ name: 'bench_echo', args: { step }, id: `call_${s.id}_${step}` }], [20, 8])
        : textTurn(Array.from({ length: s.deltas }, (_, i) => `w${i} `), [10, s.deltas]);
      const call: ModelCall = { step, recvAt, endAt: 0 };
      let list = calls.get(s.id);
      if (!list) calls.set(s.id, list = []);
      list.push(call);
      const chunks = (turn as { chunks: unknown[] }).chunks;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let i = 0;
      // content deltas are spaced gapMs apart (the first one right away); the rest of the turn in one go
      const pump = () => {
        while (i < chunks.length) {
          const c = chunks[i++];
          if (isContent(c)) {
            res.write(frame(c));
            call.firstContentAt ??= now();
            if (s.gapMs > 0 && i < chunks.length && isContent(chunks[i])) { setTimeout(pump, s.gapMs); return; }
            continue;
          }
          res.write(frame(c));
        }
        res.end('data: [DONE]\n\n');
        call.endAt = now();
      };
      pump();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/v1`,
    toolUrl: `${base}/tool`,
    take(id) { const c = calls.get(id) ?? []; calls.delete(id); return c; },
    toolCalls: () => tools,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
