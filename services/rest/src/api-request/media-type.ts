// Media types: decoding `type/subtype; params` (case-insensitive, vendored pgrst types with `nulls=`,
// plan types with `for=` and `options=`), the Accept header ordered by q-value, and their mime text.
import type { MediaType, PlanOption } from './types.ts';

const PLAN_OPTIONS: readonly PlanOption[] = ['analyze', 'verbose', 'settings', 'buffers', 'wal'];

/** Splits `type/subtype; k=v; k="v"` leniently (a trailing `;` and empty values are fine). */
function tokenize(text: string): { main: string; sub: string; params: Map<string, string> } | null {
  const m = /^\s*([A-Za-z0-9.*]+)\/([A-Za-z0-9.*+-]+)\s*(.*)$/s.exec(text);
  if (!m) return null;
  const params = new Map<string, string>();
  const re = /;\s*([A-Za-z0-9-]+)\s*=\s*("([^"]*)"|[A-Za-z0-9|-]*)/gy;
  let pm: RegExpExecArray | null;
  while ((pm = re.exec(m[3]!))) params.set(pm[1]!.toLowerCase(), pm[3] ?? pm[2]!);
  return { main: m[1]!.toLowerCase(), sub: m[2]!.toLowerCase(), params };
}

export function decodeMediaType(text: string): MediaType {
  const t = tokenize(text);
  if (!t) return { kind: 'other', mime: text };
  const strip = t.params.get('nulls') === 'stripped';
  const plan = (format: 'text' | 'json'): MediaType => {
    const opts = (t.params.get('options') ?? '').split('|');
    return {
      kind: 'plan', for: decodeMediaType(t.params.get('for') ?? 'application/json'), format,
      options: PLAN_OPTIONS.filter((o) => opts.includes(o)),
    };
  };
  switch (`${t.main}/${t.sub}`) {
    case 'application/json': return { kind: 'json' };
    case 'application/geo+json': return { kind: 'geojson' };
    case 'text/csv': return { kind: 'csv' };
    case 'text/plain': return { kind: 'text' };
    case 'text/xml': return { kind: 'xml' };
    case 'application/openapi+json': return { kind: 'openapi' };
    case 'application/x-www-form-urlencoded': return { kind: 'urlencoded' };
    case 'application/octet-stream': return { kind: 'octet-stream' };
    case 'application/vnd.pgrst.plan': case 'application/vnd.pgrst.plan+text': return plan('text');
    case 'application/vnd.pgrst.plan+json': return plan('json');
    case 'application/vnd.pgrst.object+json': case 'application/vnd.pgrst.object': return { kind: 'object', stripNulls: strip };
    case 'application/vnd.pgrst.array+json': case 'application/vnd.pgrst.array':
      return strip ? { kind: 'array-stripped' } : { kind: 'json' };
    case '*/*': return { kind: 'any' };
    default: return { kind: 'other', mime: text };
  }
}

/** Accept entries by descending q, then more parameters, then fewer `*` (stable, like wai-extra). */
export function parseAccept(header: string | undefined): MediaType[] {
  if (header === undefined) return [{ kind: 'any' }];
  const entries = header.split(',').map((raw, i) => {
    const s = raw.replace(/ /g, '');
    const qAt = s.indexOf(';q=');
    const type = qAt < 0 ? s : s.slice(0, qAt);
    const qText = qAt < 0 ? '' : s.slice(qAt + 3).split(';')[0]!;
    const q = /^\d+(\.\d+)?$/.test(qText) ? Number(qText) : 1;
    const semis = type.split(';').length - 1;
    const stars = type.split('*').length - 1;
    return { type, q, semis, stars, i };
  }).filter((e) => e.type !== '');
  entries.sort((a, b) => b.q - a.q || b.semis - a.semis || a.stars - b.stars || a.i - b.i);
  return entries.map((e) => decodeMediaType(e.type));
}

const MIMES: Record<string, string> = {
  json: 'application/json', geojson: 'application/geo+json', csv: 'text/csv', text: 'text/plain',
  xml: 'text/xml', openapi: 'application/openapi+json', urlencoded: 'application/x-www-form-urlencoded',
  'octet-stream': 'application/octet-stream', any: '*/*', 'array-stripped': 'application/vnd.pgrst.array+json;nulls=stripped',
};

export function toMime(mt: MediaType): string {
  switch (mt.kind) {
    case 'object': return `application/vnd.pgrst.object+json${mt.stripNulls ? ';nulls=stripped' : ''}`;
    case 'plan': {
      const opts = mt.options.length ? `; options=${mt.options.join('|')}` : '';
      return `application/vnd.pgrst.plan+${mt.format}; for="${toMime(mt.for)}"${opts}`;
    }
    case 'other': return mt.mime;
    default: return MIMES[mt.kind]!;
  }
}

/** The response `Content-Type` value (with `; charset=utf-8` except for octet-stream and custom types). */
export function contentTypeHeader(mt: MediaType): string {
  const mime = toMime(mt);
  return mt.kind === 'octet-stream' || mt.kind === 'other' ? mime : `${mime}; charset=utf-8`;
}
