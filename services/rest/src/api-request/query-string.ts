// Splits a raw query string like PostgREST (http-types): pairs separated by `&` or `;`, `+` is a
// space, percent-escapes decoded leniently (bad escapes stay literal), bytes decoded as UTF-8.
// Also renders the canonical, key-sorted copy echoed in `Content-Location`.

/** A decoded pair; value is null when the pair had no `=` (`?foo`). */
export type QueryPair = [key: string, value: string | null];

const utf8 = new TextDecoder('utf-8', { fatal: false });
const encoder = new TextEncoder();

/** Percent-decodes `s` (and `+` → space when `plus`), tolerating malformed escapes. */
export function percentDecode(s: string, plus: boolean): string {
  if (!s.includes('%') && !(plus && s.includes('+'))) return s;
  const src = encoder.encode(s);
  const out = new Uint8Array(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 0x25 && i + 2 < src.length && isHex(src[i + 1]) && isHex(src[i + 2])) {
      out[n++] = parseInt(String.fromCharCode(src[i + 1]!, src[i + 2]!), 16);
      i += 2;
    } else out[n++] = plus && b === 0x2b ? 0x20 : b;
  }
  return utf8.decode(out.subarray(0, n));
}

function isHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
}

export function splitQuery(raw: string): QueryPair[] {
  const q = raw.startsWith('?') ? raw.slice(1) : raw;
  if (q === '') return [];
  return q.split(/[&;]/).map((part): QueryPair => {
    const eq = part.indexOf('=');
    if (eq < 0) return [percentDecode(part, true), null];
    return [percentDecode(part.slice(0, eq), true), percentDecode(part.slice(eq + 1), true)];
  });
}

/** Escapes all but ASCII letters, digits and `-_.~`. */
function urlEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Pairs sorted by key (stable); repeated keys are joined into one `key=v1,v2` like PostgREST. */
export function canonicalQuery(pairs: readonly QueryPair[]): string {
  const sorted = pairs.map((p, i) => [p, i] as const)
    .sort(([a, i], [b, j]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : i - j))
    .map(([p]) => p);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i]![0];
    const values = [urlEncode(sorted[i]![1] ?? '')];
    while (i + 1 < sorted.length && sorted[i + 1]![0] === key) values.push(urlEncode(sorted[++i]![1] ?? ''));
    out.push(`${urlEncode(key)}=${values.join(',')}`);
  }
  return out.join('&');
}
