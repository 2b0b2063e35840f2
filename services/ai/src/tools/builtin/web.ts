// Builtins that call paid web APIs with the project's keys from the settings store: `web_search` (Exa) and
// `web_scrape` (Firecrawl). A missing key is a tool error the model reads, never a made-up result.
import type { AiContext } from '../../context.ts';
import { jsonOrText, responseText } from '../http.ts';
import { isObject, ToolError, type AgentTool } from '../types.ts';

const SEARCH_TYPES = ['auto', 'neural', 'keyword', 'deep', 'deep-reasoning'];
const CATEGORIES = ['company', 'news', 'research paper', 'tweet', 'github', 'wikipedia', 'personal site'];
const CONTENT_MODES = ['highlights', 'compact_text', 'full_text'];
const SEARCH_CHARS: Record<string, number> = { highlights: 20_000, compact_text: 30_000, full_text: 50_000 };
const SCRAPE_CHARS = 200_000;

async function post(url: string, headers: Record<string, string>, body: unknown, signal: AbortSignal, what: string, max: number): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal });
  } catch (e) {
    if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new ToolError(`${what} request aborted`);
    throw new ToolError(`${what} request failed: ${(e as Error).message}`);
  }
  return jsonOrText(await responseText(res, max, what));
}

export function webSearchTool(ctx: AiContext): AgentTool {
  return {
    readOnly: true,
    capResult: true,
    spec: {
      name: 'web_search',
      description: 'Search the web (Exa) and return matching pages with highlights or text.',
      parameters: {
        type: 'object',
        properties: {
          query: { type: 'string' },
          num_results: { type: 'integer', minimum: 1, maximum: 10, description: 'Default 5' },
          search_type: { type: 'string', enum: SEARCH_TYPES },
          include_domains: { type: 'array', items: { type: 'string' } },
          exclude_domains: { type: 'array', items: { type: 'string' } },
          start_date: { type: 'string', description: 'ISO 8601' },
          end_date: { type: 'string', description: 'ISO 8601' },
          category: { type: 'string', enum: CATEGORIES },
          content_mode: { type: 'string', enum: CONTENT_MODES },
        },
        required: ['query'],
      },
    },
    async run(args, signal) {
      const key = (await ctx.settings.snapshot()).str('EXA_API_KEY');
      if (!key) throw new ToolError('Exa API key not configured. Set it in Settings > Tools.');
      if (typeof args.query !== 'string' || !args.query.trim()) throw new ToolError('query is required');
      const n = Number.isInteger(args.num_results) ? Math.min(Math.max(args.num_results as number, 1), 10) : 5;
      const type = SEARCH_TYPES.includes(args.search_type as string) ? args.search_type as string : 'auto';
      const mode = CONTENT_MODES.includes(args.content_mode as string) ? args.content_mode as string : 'highlights';
      const contents = mode === 'highlights' ? { highlights: true } : { text: mode === 'compact_text' ? { maxCharacters: 2000 } : true };
      const body: Record<string, unknown> = { query: args.query, numResults: n, type, contents };
      if (Array.isArray(args.include_domains)) body.includeDomains = args.include_domains;
      if (Array.isArray(args.exclude_domains)) body.excludeDomains = args.exclude_domains;
      if (typeof args.start_date === 'string') body.startPublishedDate = args.start_date;
      if (typeof args.end_date === 'string') body.endPublishedDate = args.end_date;
      if (CATEGORIES.includes(args.category as string)) body.category = args.category;
      const base = ctx.config.tools.exaBaseUrl.replace(/\/$/, '');
      return { result: await post(`${base}/search`, { 'x-api-key': key }, body, signal, 'Exa', SEARCH_CHARS[mode]) };
    },
  };
}

export function webScrapeTool(ctx: AiContext): AgentTool {
  return {
    readOnly: true,
    capResult: true,
    spec: {
      name: 'web_scrape',
      description: 'Fetch a web page (Firecrawl) as Markdown, HTML or links.',
      parameters: {
        type: 'object',
        properties: {
          url: { type: 'string' },
          formats: { type: 'array', items: { type: 'string', enum: ['markdown', 'html', 'rawHtml', 'links'] }, description: 'Default ["markdown"]' },
          only_main_content: { type: 'boolean' },
          exclude_tags: { type: 'array', items: { type: 'string' } },
          wait_for: { type: 'integer', description: 'Milliseconds to wait before scraping' },
          mobile: { type: 'boolean' },
        },
        required: ['url'],
      },
    },
    async run(args, signal) {
      const s = await ctx.settings.snapshot();
      const key = s.str('FIRECRAWL_API_KEY');
      if (!key) throw new ToolError('Firecrawl API key not configured. Set it in Settings > Tools.');
      if (typeof args.url !== 'string' || !/^https?:\/\//i.test(args.url)) throw new ToolError('url must be an http(s) URL');
      const body: Record<string, unknown> = {
        url: args.url, formats: Array.isArray(args.formats) && args.formats.length ? args.formats : ['markdown'],
        onlyMainContent: args.only_main_content !== false, mobile: args.mobile === true,
      };
      if (Array.isArray(args.exclude_tags)) body.excludeTags = args.exclude_tags;
      if (Number.isInteger(args.wait_for)) body.waitFor = args.wait_for;
      const base = s.str('FIRECRAWL_API_BASE').replace(/\/$/, '').replace(/\/v1$/, '');
      const out = await post(`${base}/v1/scrape`, { authorization: `Bearer ${key}` }, body, signal, 'Firecrawl', SCRAPE_CHARS);
      return { result: isObject(out) && isObject(out.data) ? out.data : out };
    },
  };
}
