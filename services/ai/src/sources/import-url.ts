// POST /api/sources/import-url: `urls` mode takes the list as given; `crawl` and `sitemap` discover pages
// through Firecrawl's map endpoint and need its key (setting FIRECRAWL_API_KEY), else a clear 400.
import type { AiContext } from '../context.ts';
import { raise } from '../errors.ts';
import { importUrls } from './create.ts';
import { checkUrl } from './fetch-url.ts';

function normalise(u: string): string {
  const url = new URL(u);
  url.hash = '';
  return url.toString().replace(/\/$/, '');
}

async function discover(ctx: AiContext, mode: 'crawl' | 'sitemap', seed: string, max: number, key: string, base: string): Promise<string[]> {
  const res = await fetch(`${base.replace(/\/+$/, '')}/v1/map`, {
    method: 'POST', signal: AbortSignal.timeout(ctx.config.urlImport.timeoutMs),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ url: seed, limit: max, ...(mode === 'sitemap' ? { sitemapOnly: true } : {}) }),
  }).catch((e: Error) => { throw raise('invalid_request', `The crawler could not be reached: ${e.message}`); });
  const body = await res.json().catch(() => null) as { links?: unknown[]; error?: string } | null;
  if (!res.ok || !Array.isArray(body?.links)) throw raise('invalid_request', `The crawler answered HTTP ${res.status}${body?.error ? `: ${body.error}` : ''}`);
  return body!.links.map((l) => (typeof l === 'string' ? l : (l as { url?: string })?.url)).filter((l): l is string => typeof l === 'string');
}

export async function importUrl(ctx: AiContext, body: Record<string, unknown>) {
  const mode = body.mode ?? 'urls';
  if (mode !== 'urls' && mode !== 'crawl' && mode !== 'sitemap') throw raise('invalid_request', 'mode must be urls, crawl or sitemap');
  const s = await ctx.settings.snapshot();
  const cap = s.int('URL_IMPORT_MAX_PAGES');
  const max = body.max_pages === undefined ? cap : Number(body.max_pages);
  if (!Number.isInteger(max) || max < 1) throw raise('invalid_request', 'max_pages must be a positive integer');
  const limit = Math.min(max, cap);
  let urls: string[];
  if (mode === 'urls') {
    if (!Array.isArray(body.urls) || !body.urls.length || body.urls.some((u) => typeof u !== 'string')) throw raise('invalid_request', 'urls must be a non-empty array of URLs');
    urls = body.urls as string[];
  } else {
    const key = s.str('FIRECRAWL_API_KEY');
    if (!key) throw raise('crawler_key_missing', `URL import mode '${mode}' needs a crawler key: set FIRECRAWL_API_KEY with PUT /api/settings (mode 'urls' works without one)`);
    if (typeof body.url !== 'string') throw raise('invalid_request', `mode '${mode}' needs url (the seed or sitemap URL)`);
    urls = await discover(ctx, mode, body.url, limit, key, s.str('FIRECRAWL_API_BASE'));
  }
  const unique = [...new Set(urls.map((u) => {
    try { return normalise(u); } catch { throw raise('invalid_request', `Invalid URL: ${u}`); }
  }))].slice(0, limit);
  for (const u of unique) {
    await checkUrl(ctx, u).catch((e: Error) => { throw raise('invalid_request', e.message); });
  }
  return importUrls(ctx, unique);
}
