// The platform API as the CLI sees it: base URL from the data dir's platform.json, token from
// POWABASE_ACCESS_TOKEN or the data dir's cli-token (written on first start).
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CliError } from './output.ts';

export interface ApiClient { call<T = any>(method: string, path: string, body?: unknown): Promise<T> }

export async function apiClient(opts: { dataDir: string; url?: string; token?: string }): Promise<ApiClient> {
  const dir = resolve(opts.dataDir);
  const url = opts.url ?? (await readFile(join(dir, 'platform.json'), 'utf8').then((s) => JSON.parse(s).url as string, () => null));
  if (!url) throw new CliError(`no running Powabase found for ${dir}: start it with \`powabase start\` (or set POWABASE_URL)`);
  const token = opts.token ?? (await readFile(join(dir, 'cli-token'), 'utf8').then((s) => s.trim(), () => null));
  if (!token) throw new CliError('no access token: set POWABASE_ACCESS_TOKEN or start Powabase once with this data dir');
  return {
    async call(method, path, body) {
      let res: Response;
      try {
        res = await fetch(url + path, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch {
        throw new CliError(`cannot reach Powabase at ${url}: is \`powabase start\` running?`);
      }
      const text = await res.text();
      const data = text ? safeJson(text) : null;
      if (!res.ok) throw new CliError(`${method} ${path} failed (${res.status}): ${(data as any)?.message ?? text}`);
      return data as any;
    },
  };
}

function safeJson(s: string): unknown {
  try { return JSON.parse(s); } catch { return s; }
}
