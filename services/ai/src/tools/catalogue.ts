// The tools catalogue (/api/tools): the builtins (read-only entries) and custom HTTP tools in ai.tools.
// A custom tool needs name, description and input_schema; `type` defaults to "http". The endpoint, method and
// headers live in `config` (`config.endpoint`); the docs' top-level `endpoint_url`, `method`, `headers` are
// accepted and folded into it. PUT is partial and never changes `type`.
import type { AiContext } from '../context.ts';
import { raise } from '../errors.ts';
import { parseUuid } from '../sources/validate.ts';
import { builtinCatalogue } from './builtin/index.ts';
import { endpointOf } from './custom-http.ts';
import { isObject, type CustomToolRow } from './types.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function toolJson(t: CustomToolRow) {
  return { id: t.id, name: t.name, description: t.description, type: t.type, input_schema: t.input_schema, config: t.config ?? {}, created_at: t.created_at, updated_at: t.updated_at };
}

function str(v: unknown, name: string, max: number): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !v.trim()) throw raise('invalid_request', `${name} must be a non-empty string`);
  if (v.length > max) throw raise('invalid_request', `${name} must be at most ${max} characters`);
  return v.trim();
}

function inputSchema(v: unknown): Record<string, unknown> | undefined {
  if (v === undefined) return undefined;
  if (!isObject(v) || (v.type !== undefined && v.type !== 'object')) throw raise('invalid_request', 'input_schema must be a JSON Schema object ({"type": "object", "properties": {…}})');
  return v.type === undefined ? { type: 'object', ...v } : v;
}

/** The stored config: `config` merged with the documented top-level fields, validated. */
function configOf(b: Record<string, unknown>, base: Record<string, unknown>): Record<string, unknown> {
  if (b.config !== undefined && !isObject(b.config)) throw raise('invalid_request', 'config must be an object');
  const c: Record<string, unknown> = { ...base, ...(b.config as Record<string, unknown> | undefined ?? {}) };
  if (b.endpoint_url !== undefined) c.endpoint = b.endpoint_url;
  if (b.method !== undefined) c.method = b.method;
  if (b.headers !== undefined) c.headers = b.headers;
  if (c.endpoint_url !== undefined && c.endpoint === undefined) { c.endpoint = c.endpoint_url; delete c.endpoint_url; }
  const ep = endpointOf(c);
  if (ep !== null) {
    let u: URL;
    try { u = new URL(ep); } catch { throw raise('invalid_request', 'config.endpoint must be an absolute http(s) URL'); }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw raise('invalid_request', 'config.endpoint must be an http(s) URL');
  }
  if (c.method !== undefined && (typeof c.method !== 'string' || !METHODS.includes(c.method.toUpperCase()))) throw raise('invalid_request', `config.method must be one of ${METHODS.join(', ')}`);
  if (c.headers !== undefined && (!isObject(c.headers) || Object.values(c.headers).some((v) => typeof v !== 'string'))) throw raise('invalid_request', 'config.headers must be an object of strings');
  if (c.timeout_seconds !== undefined && (typeof c.timeout_seconds !== 'number' || c.timeout_seconds <= 0 || c.timeout_seconds > 300)) throw raise('invalid_request', 'config.timeout_seconds must be a number between 0 and 300');
  return c;
}

export async function getCustomTool(ctx: AiContext, id: string): Promise<CustomToolRow> {
  const r = await ctx.db.query<CustomToolRow>('select * from ai.tools where id = $1', [parseUuid(id, 'tool_not_found')]);
  if (!r.rows[0]) throw raise('tool_not_found');
  return r.rows[0];
}

export async function listTools(ctx: AiContext) {
  const r = await ctx.db.query<CustomToolRow>('select * from ai.tools order by created_at, id');
  const tools = [...builtinCatalogue(ctx), ...r.rows.map(toolJson)];
  return { tools, total: tools.length };
}

export async function createTool(ctx: AiContext, b: Record<string, unknown>) {
  const missing = ['name', 'description', 'input_schema'].filter((k) => b[k] === undefined || b[k] === null || b[k] === '');
  if (missing.length) throw raise('invalid_request', `Missing required fields: ${missing.join(', ')} (name, description, type and input_schema are required; type defaults to "http")`, { fields: missing });
  const name = str(b.name, 'name', 255)!;
  const description = str(b.description, 'description', 10_000)!;
  const type = str(b.type, 'type', 50) ?? 'http';
  const schema = inputSchema(b.input_schema)!;
  const config = configOf(b, {});
  const r = await ctx.db.query<CustomToolRow>(
    'insert into ai.tools (name, description, type, input_schema, config) values ($1, $2, $3, $4, $5) returning *', [name, description, type, schema, config]);
  return toolJson(r.rows[0]);
}

export async function updateTool(ctx: AiContext, id: string, b: Record<string, unknown>) {
  const cur = await getCustomTool(ctx, id);
  const name = str(b.name, 'name', 255) ?? cur.name;
  const description = str(b.description, 'description', 10_000) ?? cur.description;
  const schema = inputSchema(b.input_schema) ?? cur.input_schema;
  const config = configOf(b, cur.config ?? {});
  const r = await ctx.db.query<CustomToolRow>(
    'update ai.tools set name = $2, description = $3, input_schema = $4, config = $5 where id = $1 returning *', [cur.id, name, description, schema, config]);
  return toolJson(r.rows[0]);
}

export async function deleteTool(ctx: AiContext, id: string) {
  const cur = await getCustomTool(ctx, id);
  await ctx.db.query('delete from ai.tools where id = $1', [cur.id]);
  return { message: 'Tool deleted' };
}
