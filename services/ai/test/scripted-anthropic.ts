// A scripted Anthropic Messages API server on a loopback port: each POST /v1/messages takes the next
// scripted turn and replays it as Anthropic's SSE stream (message_start, content blocks with text,
// thinking + signature, tool_use input_json fragments, message_delta with stop_reason and usage,
// message_stop), or answers an HTTP error. It records every request (body, key, version header).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type AnthropicTurn = { kind: 'stream'; events: Array<Record<string, unknown>> } | { kind: 'error'; status: number; body: unknown };

export interface ScriptedAnthropic {
  /** The base URL to configure as providerBaseUrls.anthropic (ends in /v1). */
  url: string;
  /** apiKey: the x-api-key header, or the bearer token (the SDK sends the key either way depending on its version). */
  requests: Array<{ body: any; apiKey: string | null; version: string | null; path: string }>;
  script(...turns: AnthropicTurn[]): void;
  pending(): number;
  close(): Promise<void>;
}

type Block = { text: string } | { thinking: string; signature: string } | { tool: { id: string; name: string; input: unknown } };

/** One assistant message made of blocks, streamed the way the Messages API streams it. */
export function anthropicTurn(blocks: Block[], usage: [number, number] = [25, 10], stop?: string): AnthropicTurn {
  const events: Array<Record<string, unknown>> = [{
    type: 'message_start',
    message: { id: 'msg_test', type: 'message', role: 'assistant', model: 'claude-test', content: [], stop_reason: null, stop_sequence: null,
      usage: { input_tokens: usage[0], output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } },
  }];
  blocks.forEach((b, index) => {
    if ('text' in b) {
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const piece of b.text.match(/.{1,8}/gs) ?? []) events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
    } else if ('thinking' in b) {
      events.push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      for (const piece of b.thinking.match(/.{1,10}/gs) ?? []) events.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: piece } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: b.signature } });
    } else {
      events.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: b.tool.id, name: b.tool.name, input: {} } });
      const json = JSON.stringify(b.tool.input);
      const half = Math.floor(json.length / 2);
      events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: json.slice(0, half) } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: json.slice(half) } });
    }
    events.push({ type: 'content_block_stop', index });
  });
  const stopReason = stop ?? (blocks.some((b) => 'tool' in b) ? 'tool_use' : 'end_turn');
  events.push({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage[1] } });
  events.push({ type: 'message_stop' });
  return { kind: 'stream', events };
}

export function anthropicError(status: number, type: string, message: string): AnthropicTurn {
  return { kind: 'error', status, body: { type: 'error', error: { type, message } } };
}

export async function startScriptedAnthropic(): Promise<ScriptedAnthropic> {
  const queue: AnthropicTurn[] = [];
  const state: ScriptedAnthropic = {
    url: '', requests: [],
    script: (...turns) => { queue.push(...turns); },
    pending: () => queue.length,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => { raw += d; });
    req.on('end', () => {
      state.requests.push({ body: raw ? JSON.parse(raw) : null, apiKey: (req.headers['x-api-key'] as string) ?? req.headers.authorization?.replace(/^Bearer /, '') ?? null, version: (req.headers['anthropic-version'] as string) ?? null, path: req.url ?? '' });
      const turn = req.method === 'POST' && req.url?.startsWith('/v1/messages') ? queue.shift() : undefined;
      if (!turn) { res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: 'script exhausted' } })); return; }
      if (turn.kind === 'error') { res.writeHead(turn.status, { 'content-type': 'application/json' }).end(JSON.stringify(turn.body)); return; }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const e of turn.events) res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return state;
}
