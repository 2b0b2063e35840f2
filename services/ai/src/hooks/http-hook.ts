// The `http` hook: POST {event, tool_name, data, output?} as JSON to config.url (SSRF-checked like URL
// imports), with config.headers, within config.timeout_seconds (5). Only a 200 JSON answer is read
// ({action, message, modified_input, modified_output}); anything else allows (fail-open).
import type { AiContext } from '../context.ts';
import { checkUrl } from '../sources/fetch-url.ts';
import { ALLOW, type HookDecision, type HookExecution, type HookRow, type HookSubject } from './types.ts';

const DEFAULT_TIMEOUT_S = 5;
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function headersOf(config: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(config.headers)) for (const [k, v] of Object.entries(config.headers)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function parseDecision(body: unknown): HookDecision {
  if (!isObj(body)) return ALLOW;
  const d: HookDecision = { action: body.action === 'deny' ? 'deny' : 'allow' };
  if (typeof body.message === 'string') d.message = body.message;
  if (isObj(body.modified_input)) d.modifiedInput = body.modified_input;
  if (body.modified_output !== undefined && body.modified_output !== null) d.modifiedOutput = body.modified_output;
  return d;
}

export async function runHttpHook(ctx: AiContext, hook: HookRow, event: string, s: HookSubject, signal: AbortSignal): Promise<HookExecution> {
  const config = hook.config ?? {};
  const seconds = typeof config.timeout_seconds === 'number' && config.timeout_seconds > 0 ? config.timeout_seconds : DEFAULT_TIMEOUT_S;
  const timeout = AbortSignal.timeout(seconds * 1000);
  try {
    if (typeof config.url !== 'string') return { status: 'failed', decision: ALLOW };
    const url = await checkUrl(ctx, config.url);
    const body = { event, tool_name: s.toolName, data: s.data, ...(s.output !== undefined ? { output: s.output } : {}) };
    const res = await fetch(url, {
      method: 'POST', headers: { ...headersOf(config), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body), signal: AbortSignal.any([signal, timeout]), redirect: 'error',
    });
    if (res.status !== 200) { await res.body?.cancel().catch(() => {}); return { status: 'failed', decision: ALLOW }; }
    const json = await res.json().catch(() => null);
    return json === null ? { status: 'failed', decision: ALLOW } : { status: 'succeeded', decision: parseDecision(json) };
  } catch (e) {
    if (signal.aborted) throw e;
    return { status: timeout.aborted ? 'timed_out' : 'failed', decision: ALLOW };
  }
}
