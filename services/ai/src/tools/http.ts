// Outbound HTTP for tools: the SSRF guard of URL import (private addresses refused unless
// config.urlImport.blockPrivateAddresses is off) on the URL and on every redirect, non-2xx as a ToolError,
// response text cut to a maximum.
import type { AiContext } from '../context.ts';
import { checkUrl } from '../sources/fetch-url.ts';
import { cut, ToolError } from './types.ts';

const MAX_REDIRECTS = 5;

export async function guardedFetch(ctx: AiContext, raw: string, init: RequestInit, signal: AbortSignal): Promise<Response> {
  let url = raw;
  for (let hop = 0; ; hop++) {
    try { await checkUrl(ctx, url); } catch (e) { throw new ToolError((e as Error).message); }
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal, redirect: 'manual' });
    } catch (e) {
      if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new ToolError('Request aborted');
      throw new ToolError(`Request to ${new URL(url).host} failed: ${(e as Error).message}`);
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return res;
    if (hop >= MAX_REDIRECTS) throw new ToolError(`Too many redirects from ${raw}`);
    await res.body?.cancel();
    url = new URL(location, url).toString();
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && init.method && init.method !== 'GET')) init = { ...init, method: 'GET', body: undefined };
  }
}

/** The response body as text (cut), or a ToolError for a non-2xx answer naming the status and the body's start. */
export async function responseText(res: Response, max: number, what: string): Promise<string> {
  const text = await res.text();
  if (!res.ok) throw new ToolError(`${what} answered HTTP ${res.status}${text ? `: ${text.slice(0, 500)}` : ''}`);
  return cut(text, max);
}

/** Parses JSON when the text is JSON, else returns the text. */
export function jsonOrText(text: string): unknown {
  try { return JSON.parse(text); } catch { return text; }
}
