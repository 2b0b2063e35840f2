// A scripted OpenAI-compatible chat completions server on a loopback port: each POST /chat/completions
// takes the next scripted turn and replays it over real HTTP as an SSE stream (text deltas, tool-call
// fragments, a usage chunk, [DONE]), or answers an HTTP error, or sends part of a stream and then hangs.
// It records every request (body and authorization) and which requests the client closed early.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Turn =
  | { kind: 'stream'; chunks: unknown[] }
  | { kind: 'error'; status: number; body: unknown }
  | { kind: 'hang'; chunks: unknown[] };

export interface ScriptedLlm {
  url: string;
  requests: Array<{ body: any; auth: string | null }>;
  /** Indexes of requests whose connection the client closed before the answer ended. */
  aborted: number[];
  script(...turns: Turn[]): void;
  pending(): number;
  /** Drops the turns not yet played. */
  reset(): void;
  /** Resolves when request number `n` (0-based) was closed by the client. */
  abortedWait(n: number): Promise<void>;
  close(): Promise<void>;
}

const chunk = (delta: unknown, finish: string | null = null) => ({ id: 'chatcmpl-test', object: 'chat.completion.chunk', model: 'scripted', choices: [{ index: 0, delta, finish_reason: finish }] });
const usageChunk = (p: number, c: number) => ({ id: 'chatcmpl-test', object: 'chat.completion.chunk', model: 'scripted', choices: [], usage: { prompt_tokens: p, completion_tokens: c, total_tokens: p + c } });

/** A turn answering text in the given pieces. */
export function textTurn(pieces: string[], usage: [number, number] = [10, 5], finish = 'stop'): Turn {
  return { kind: 'stream', chunks: [chunk({ role: 'assistant', content: '' }), ...pieces.map((p) => chunk({ content: p })), chunk({}, finish), usageChunk(...usage)] };
}

/** A turn calling tools; each call's arguments arrive in two fragments. */
export function toolTurn(calls: Array<{ name: string; args: unknown; id?: string }>, usage: [number, number] = [20, 8]): Turn {
  const chunks: unknown[] = [chunk({ role: 'assistant', content: null })];
  calls.forEach((c, index) => {
    const json = JSON.stringify(c.args);
    const half = Math.floor(json.length / 2);
    chunks.push(chunk({ tool_calls: [{ index, id: c.id ?? `call_${index}_${Math.random().toString(36).slice(2, 8)}`, type: 'function', function: { name: c.name, arguments: json.slice(0, half) } }] }));
    chunks.push(chunk({ tool_calls: [{ index, function: { arguments: json.slice(half) } }] }));
  });
  chunks.push(chunk({}, 'tool_calls'), usageChunk(...usage));
  return { kind: 'stream', chunks };
}

/** A turn that reasons first (`reasoning_content` deltas, or `reasoning` as OpenRouter/Ollama send it), then answers text. */
export function reasoningTurn(thoughts: string[], pieces: string[], field: 'reasoning_content' | 'reasoning' = 'reasoning_content'): Turn {
  return { kind: 'stream', chunks: [chunk({ role: 'assistant', content: '' }), ...thoughts.map((t) => chunk({ [field]: t })), ...pieces.map((p) => chunk({ content: p })), chunk({}, 'stop'), usageChunk(10, 5)] };
}

/** OpenAI's answer to a prompt longer than the model's context window. */
export function contextLengthTurn(): Turn {
  return { kind: 'error', status: 400, body: { error: { message: "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.", type: 'invalid_request_error', code: 'context_length_exceeded' } } };
}

export function hangTurn(pieces: string[]): Turn {
  return { kind: 'hang', chunks: [chunk({ role: 'assistant', content: '' }), ...pieces.map((p) => chunk({ content: p }))] };
}

export async function startScriptedLlm(): Promise<ScriptedLlm> {
  const queue: Turn[] = [];
  const waiters = new Map<number, () => void>();
  const state: ScriptedLlm = {
    url: '', requests: [], aborted: [],
    script: (...turns) => { queue.push(...turns); },
    pending: () => queue.length,
    reset: () => { queue.length = 0; },
    abortedWait: (n) => state.aborted.includes(n) ? Promise.resolve() : new Promise((r) => waiters.set(n, r)),
    close: async () => {},
  };
  const open = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => { raw += d; });
    req.on('end', () => {
      const n = state.requests.length;
      state.requests.push({ body: raw ? JSON.parse(raw) : null, auth: req.headers.authorization ?? null });
      const turn = queue.shift();
      if (!turn) { res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'script exhausted' } })); return; }
      if (turn.kind === 'error') { res.writeHead(turn.status, { 'content-type': 'application/json' }).end(JSON.stringify(turn.body)); return; }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const c of turn.chunks) res.write(`data: ${JSON.stringify(c)}\n\n`);
      if (turn.kind === 'hang') {
        open.add(res);
        res.on('close', () => { open.delete(res); if (!res.writableEnded) { state.aborted.push(n); waiters.get(n)?.(); } });
        return;
      }
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = async () => {
    for (const r of open) r.destroy();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return state;
}

/** Reads an SSE response into its `data:` JSON events (and counts comment frames). */
export async function readSse(res: Response, onEvent?: (e: any) => boolean | void): Promise<any[]> {
  const events: any[] = [];
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const frame = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (!frame.startsWith('data: ')) continue;
      const e = JSON.parse(frame.slice(6));
      events.push(e);
      if (onEvent?.(e) === true) { await reader.cancel(); return events; }
    }
  }
  return events;
}
