// A scripted OpenAI-compatible chat model for the KB strategy tests that answers by prompt content: the
// system prompt's `Task: <name>` line picks a responder, which reads the user message and returns the text
// (streamed over real HTTP in the same SSE chunks as test/scripted-llm.ts). Records every request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { textTurn } from './scripted-llm.ts';

export type Responder = (user: string, body: any) => string;

export interface PromptModel {
  url: string;
  requests: Array<{ task: string; user: string; model: string; auth: string | null }>;
  responders: Record<string, Responder>;
  tasks(): string[];
  close(): Promise<void>;
}

export async function startPromptModel(responders: Record<string, Responder>): Promise<PromptModel> {
  const state: PromptModel = { url: '', requests: [], responders, tasks: () => state.requests.map((r) => r.task), close: async () => {} };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => { raw += d; });
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      const system = String(body.messages?.find((m: any) => m.role === 'system')?.content ?? '');
      const user = String(body.messages?.find((m: any) => m.role === 'user')?.content ?? '');
      const task = /^Task: (\S+)/.exec(system)?.[1] ?? 'none';
      state.requests.push({ task, user, model: body.model, auth: req.headers.authorization ?? null });
      const responder = state.responders[task];
      if (!responder) { res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no responder for ${task}` } })); return; }
      const text = responder(user, body);
      const turn = textTurn([text.slice(0, Math.ceil(text.length / 2)), text.slice(Math.ceil(text.length / 2))]);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (turn.kind === 'stream') for (const c of turn.chunks) res.write(`data: ${JSON.stringify(c)}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = async () => { server.closeAllConnections(); await new Promise<void>((r) => server.close(() => r())); };
  return state;
}

/** The `[id] Title` lines of an outline in a prompt. */
export function outlineIds(user: string): Array<{ id: string; title: string }> {
  return [...user.matchAll(/\[([^\]]+)\] ([^\n—]+)/g)].map((m) => ({ id: m[1], title: m[2].trim() }));
}
