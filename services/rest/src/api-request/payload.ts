// The request body by Content-Type: JSON (object, or array of objects with identical keys unless
// `columns` is given), CSV, form-urlencoded, and for RPC raw text/xml/bytes. Errors are PGRST102.
import { restError } from '../errors.ts';
import { parseCsv } from './csv.ts';
import { toMime } from './media-type.ts';
import { percentDecode } from './query-string.ts';
import type { Action, MediaType, Payload, Target } from './types.ts';

const invalid = (message: string) => restError('PGRST102', { message });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const utf8 = new TextDecoder('utf-8', { fatal: false });

export interface PayloadInput {
  body: unknown;
  contentType: MediaType;
  action: Action;
  target: Target;
  method: string;
  /** `?columns=` when the action honours it. */
  columns: string[] | null;
  rpcArgs: [string, string][];
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return utf8.decode(body);
  return JSON.stringify(body);
}

const uniqueKeys = (pairs: [string, string][]) => [...new Set(pairs.map(([k]) => k))];

export function parsePayload(inp: PayloadInput): Payload | null {
  const isProc = inp.target.kind === 'rpc';
  if (isProc && inp.method !== 'POST') {
    return inp.action === 'call' ? { kind: 'params', pairs: inp.rpcArgs, keys: uniqueKeys(inp.rpcArgs) } : null;
  }
  if (!['insert', 'update', 'upsert', 'call'].includes(inp.action)) return null;
  const ct = inp.contentType;
  switch (ct.kind) {
    case 'json': return jsonPayload(inp.body, isProc, inp.columns);
    case 'csv': return csvPayload(bodyText(inp.body));
    case 'urlencoded': {
      const pairs = formPairs(bodyText(inp.body));
      if (isProc) return { kind: 'params', pairs, keys: uniqueKeys(pairs) };
      const row = Object.fromEntries(pairs);
      return { kind: 'json', value: row, rows: [row], keys: Object.keys(row) };
    }
    case 'text': case 'xml': case 'octet-stream':
      if (isProc) return { kind: 'raw', mediaType: ct.kind, body: rawBody(inp.body, ct.kind) };
  }
  throw invalid(`Content-Type not acceptable: ${toMime(ct)}`);
}

function rawBody(body: unknown, kind: string): string | Uint8Array {
  if (kind === 'octet-stream' && body instanceof Uint8Array) return body;
  return bodyText(body);
}

function parseJson(body: unknown, emptyIsObject: boolean): unknown {
  if (body !== undefined && body !== null && typeof body !== 'string' && !(body instanceof Uint8Array)) return body;
  const text = bodyText(body);
  if (text.trim() === '' && emptyIsObject) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw invalid('Empty or invalid json');
  }
}

function jsonPayload(body: unknown, isProc: boolean, columns: string[] | null): Payload {
  const value = parseJson(body, isProc);
  if (columns) {
    const rows = Array.isArray(value) ? value.filter(isObject) : isObject(value) ? [value] : [];
    return { kind: 'json', value, rows, keys: columns };
  }
  return uniformJson(value, 'All object keys must match');
}

/** PostgREST `payloadAttributes`: an object, or an array of objects with the same key set. */
function uniformJson(value: unknown, mismatch: string): Payload {
  if (isObject(value)) return { kind: 'json', value, rows: [value], keys: Object.keys(value) };
  if (!Array.isArray(value) || value.length === 0) return { kind: 'json', value: [], rows: [], keys: [] };
  const first = value[0];
  if (!isObject(first)) throw invalid(mismatch);
  const keys = Object.keys(first);
  const same = (o: unknown) => isObject(o) && Object.keys(o).length === keys.length && keys.every((k) => Object.hasOwn(o, k));
  if (!value.every(same)) throw invalid(mismatch);
  return { kind: 'json', value, rows: value as Record<string, unknown>[], keys };
}

function csvPayload(text: string): Payload {
  const parsed = parseCsv(text);
  if ('error' in parsed) throw invalid(parsed.error);
  const [header, ...lines] = parsed.rows;
  if (lines.some((l) => l.length !== header!.length)) throw invalid('All lines must have same number of fields');
  const rows = lines.map((l) => Object.fromEntries(header!.map((h, i) => [h, l[i] === 'NULL' ? null : l[i]])));
  return uniformJson(rows, 'All lines must have same number of fields');
}

/** `a=1&b=x+y`: `&`/`;` separated, `+` is a space, percent-decoded. */
export function formPairs(text: string): [string, string][] {
  return text.split(/[&;]/).filter((p) => p !== '').map((p) => {
    const eq = p.indexOf('=');
    return eq < 0 ? [percentDecode(p, true), ''] : [percentDecode(p.slice(0, eq), true), percentDecode(p.slice(eq + 1), true)];
  });
}
