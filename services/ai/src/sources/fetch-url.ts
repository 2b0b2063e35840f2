// Fetches one web page for a URL source: http(s) only, private addresses refused (unless configured off),
// bounded in time and size. Failures a retry cannot fix are marked `permanent`.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { AiContext } from '../context.ts';

function permanent(message: string): Error & { permanent: true } {
  return Object.assign(new Error(message), { permanent: true as const });
}

export function isPrivateAddress(ip: string): boolean {
  if (isIP(ip) === 6) {
    const l = ip.toLowerCase();
    if (l === '::1' || l === '::' || l.startsWith('fe80') || l.startsWith('fc') || l.startsWith('fd')) return true;
    const v4 = /::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(l);
    return v4 ? isPrivateAddress(v4[1]) : false;
  }
  const [a, b] = ip.split('.').map(Number);
  return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
}

export async function checkUrl(ctx: AiContext, raw: string): Promise<URL> {
  let url: URL;
  try { url = new URL(raw); } catch { throw permanent(`Invalid URL: ${raw}`); }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw permanent(`Only http and https URLs can be imported: ${raw}`);
  if (ctx.config.urlImport.blockPrivateAddresses) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addrs = isIP(host) ? [{ address: host }] : await lookup(host, { all: true }).catch(() => { throw permanent(`Cannot resolve ${host}`); });
    if (addrs.some((a) => isPrivateAddress(a.address))) throw permanent(`Refusing to fetch ${url.host}: it resolves to a private or local address`);
  }
  return url;
}

export async function fetchPage(ctx: AiContext, raw: string, signal: AbortSignal): Promise<{ body: Buffer; title: string }> {
  const url = await checkUrl(ctx, raw);
  const timeout = AbortSignal.timeout(ctx.config.urlImport.timeoutMs);
  const res = await fetch(url, { signal: AbortSignal.any([signal, timeout]), redirect: 'follow', headers: { 'user-agent': 'Powabase-URL-Import/0.1', accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' } });
  if (res.status === 404 || res.status === 410 || res.status === 401 || res.status === 403) throw permanent(`Fetching ${raw} failed: HTTP ${res.status}`);
  if (!res.ok) throw new Error(`Fetching ${raw} failed: HTTP ${res.status}`);
  const type = res.headers.get('content-type') ?? '';
  if (type && !/html|xml|text\/plain/i.test(type)) throw permanent(`${raw} is not a web page (${type})`);
  const buf = Buffer.from(await res.arrayBuffer());
  if (buf.length > ctx.config.maxUploadBytes) throw permanent(`${raw} is larger than the upload limit`);
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(buf.toString('utf8', 0, 100_000))?.[1]?.trim() ?? '';
  return { body: buf, title };
}
