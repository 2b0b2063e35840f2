// The SSE transport of a streamed run: prepared first (errors answer as JSON), then `data: {json}\n\n`
// frames written straight to the socket (no buffering), a `: keepalive` comment after `config.agents.keepaliveMs` (30 s) of silence,
// and a client disconnect aborting the run (which is then saved as cancelled with what it had).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AiContext } from '../context.ts';
import { executeRun, prepareRun } from '../agents/run.ts';
import type { Caller } from '../agents/sessions.ts';
import type { RunEvent } from '../agents/loop.ts';
import { emit } from '../events.ts';

export async function streamRun(ctx: AiContext, caller: Caller, agentId: string, body: Record<string, unknown>, req: FastifyRequest, reply: FastifyReply) {
  const prepared = await prepareRun(ctx, caller, agentId, body);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...reply.getHeaders() as Record<string, string>,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  const abort = new AbortController();
  let last = Date.now();
  const onClose = () => { if (!res.writableEnded) abort.abort(new Error('client disconnected')); };
  res.on('close', onClose);
  const every = ctx.config.agents.keepaliveMs;
  const keepalive = setInterval(() => {
    if (Date.now() - last >= every && !res.writableEnded) { res.write(': keepalive\n\n'); last = Date.now(); }
  }, Math.max(10, every / 3));
  keepalive.unref();
  const send = (e: RunEvent) => {
    if (abort.signal.aborted || res.writableEnded) return;
    res.write(`data: ${JSON.stringify(e)}\n\n`);
    last = Date.now();
  };
  try {
    await executeRun(ctx, prepared, abort.signal, send);
  } catch (e) {
    const err = e as Error;
    emit(ctx.log, { event: 'agent_run_crashed', runId: prepared.runId, error: { name: err?.name ?? 'Error', message: err?.message ?? String(e), stack: err?.stack } });
    send({ event: 'error', message: 'Internal error', error: 'Internal error', run_id: prepared.runId });
  } finally {
    clearInterval(keepalive);
    res.off('close', onClose);
    if (!res.writableEnded) res.end();
  }
}
