// RPC plans: overload resolution by name and argument keys (PGRST202 / PGRST203, with PostgREST's
// fallback to a single unnamed json/text/xml/bytea parameter), argument typing, and the read over the
// function's result rows (table, composite and OUT-parameter returns; scalars as one column).
import type { ApiRequest, MediaType } from '../api-request/types.ts';
import { restError } from '../errors.ts';
import type { ResultColumn, Routine, RoutineArg, SchemaCache } from '../schema-cache/types.ts';
import { closest } from './fuzzy.ts';
import { attachRequestParts, buildReadNode, type ReadContext } from './read-plan.ts';
import type { CallArgs, CallPlan, ReadNode } from './types.ts';

export const CALL_CTE = 'pgrst_call';

const isInput = (a: RoutineArg) => a.mode === 'in' || a.mode === 'inout' || a.mode === 'variadic';
const inputs = (r: Routine) => r.args.filter(isInput);
const SINGLE_TYPES: Record<string, string[]> = { json: ['json', 'jsonb'], text: ['text'], xml: ['xml'], 'octet-stream': ['bytea'] };

function matchesKeys(r: Routine, keys: Set<string>, rawBody: boolean): boolean {
  const params = inputs(r);
  if (params.length === 0) return keys.size === 0 && !rawBody;
  const required = params.filter((p) => !p.hasDefault).map((p) => p.name);
  const optional = new Set(params.filter((p) => p.hasDefault).map((p) => p.name));
  const rest = [...keys].filter((k) => !optional.has(k));
  return rest.length === required.length && required.every((n) => keys.has(n));
}

function singleUnnamed(r: Routine, isPost: boolean, ct: MediaType): boolean {
  const params = inputs(r);
  return isPost && params.length === 1 && params[0]!.name === '' && (SINGLE_TYPES[ct.kind] ?? []).includes(params[0]!.type);
}

const signature = (r: Routine) => `${r.schema}.${r.name}(${inputs(r).map((p) => `${p.name} => ${p.type}`).join(', ')})`;

function noRpc(cache: SchemaCache, schema: string, name: string, keys: string[], ct: MediaType, isPost: boolean, overloads: Routine[]) {
  const onlySingle = isPost && ['text', 'xml', 'octet-stream'].includes(ct.kind);
  const fn = `${schema}.${name}`;
  const prms = keys.length === 0 ? ' without parameters' : null;
  const named = `${fn}${onlySingle ? '' : prms ?? `(${keys.join(', ')})`}`;
  const det = prms ?? ` with parameter${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`;
  const how = isPost && ct.kind === 'text' ? ' with a single unnamed text parameter'
    : isPost && ct.kind === 'xml' ? ' with a single unnamed xml parameter'
      : isPost && ct.kind === 'octet-stream' ? ' with a single unnamed bytea parameter'
        : isPost && ct.kind === 'json' ? `${det} or with a single unnamed json/jsonb parameter` : det;
  let hint: string | null = null;
  if (!onlySingle) {
    if (overloads.length === 0) {
      const names = [...cache.routines.values()].flat().filter((r) => r.schema === schema).map((r) => r.name);
      const g = closest(name, names, 0.75);
      if (g !== null) hint = `Perhaps you meant to call the function ${schema}.${g}`;
    } else {
      const list = (ks: string[]) => `(${[...ks].sort().join(', ')})`;
      const g = closest(list(keys), overloads.map((r) => list(inputs(r).map((p) => p.name))), 0.33);
      if (g !== null) hint = `Perhaps you meant to call the function ${schema}.${name}${g}`;
    }
  }
  return restError('PGRST202', { function: named }, {
    details: `Searched for the function ${fn}${how}, but no matches were found in the schema cache.`, hint,
  });
}

export function findRoutine(cache: SchemaCache, schema: string, name: string, keys: Set<string>, ct: MediaType, isPost: boolean): Routine {
  const overloads = cache.routines.get(`${schema}.${name}`) ?? [];
  const rawBody = isPost && ['text', 'xml', 'octet-stream'].includes(ct.kind);
  const named = overloads.filter((r) => matchesKeys(r, keys, rawBody));
  const fallback = overloads.filter((r) => !matchesKeys(r, keys, rawBody) && singleUnnamed(r, isPost, ct));
  const found = named.length ? named : fallback;
  if (found.length === 1) return found[0]!;
  if (found.length > 1) throw restError('PGRST203', { candidates: found.map(signature).join(', ') });
  throw noRpc(cache, schema, name, [...keys].sort(), ct, isPost, overloads);
}

function resultColumns(cache: SchemaCache, r: Routine): ResultColumn[] | null {
  switch (r.returnKind) {
    case 'void': return null;
    case 'scalar': return [{ name: r.name, type: r.returnTypeText }];
    case 'table': return cache.tables.get(`${r.returnType.schema}.${r.returnType.name}`)?.columns.map((c) => ({ name: c.name, type: c.type })) ?? [];
    case 'composite': return cache.composites.get(`${r.returnType.schema}.${r.returnType.name}`) ?? [];
    case 'record': return r.args.filter((a) => a.mode === 'out' || a.mode === 'inout' || a.mode === 'table').map((a) => ({ name: a.name, type: a.type }));
  }
}

function callArgs(req: ApiRequest, r: Routine, keys: Set<string>): CallArgs {
  const params = inputs(r);
  if (params.length === 1 && params[0]!.name === '' && req.method === 'POST' && req.payload?.kind !== 'params') {
    return { kind: 'single', type: params[0]!.type };
  }
  const given = params.filter((p) => keys.has(p.name));
  if (req.payload?.kind === 'params') {
    const pairs = req.payload.pairs;
    return {
      kind: 'text',
      params: given.map((p) => {
        const values = pairs.filter(([k]) => k === p.name).map(([, v]) => v);
        return { name: p.name, type: p.type, variadic: p.mode === 'variadic', values: p.mode === 'variadic' ? values : [values[values.length - 1]!] };
      }),
    };
  }
  return { kind: 'json', params: given.map((p) => ({ name: p.name, type: p.type, variadic: p.mode === 'variadic' })) };
}

export function buildCallPlan(ctx: ReadContext, req: ApiRequest, name: string, maxRows: number | null): CallPlan {
  const isPost = req.method === 'POST';
  const keys = new Set(req.payload && req.payload.kind !== 'raw' ? req.payloadColumns : []);
  const routine = findRoutine(ctx.cache, ctx.schema, name, keys, req.contentType, isPost);
  if (req.preferences.maxAffected !== undefined && req.preferences.handling === 'strict' && !routine.returnsSet) {
    throw restError('PGRST128');
  }
  const cols = resultColumns(ctx.cache, routine);
  const table = routine.returnKind === 'table' ? ctx.cache.tables.get(`${routine.returnType.schema}.${routine.returnType.name}`) ?? null : null;
  let node: ReadNode | null = null;
  if (cols && routine.returnKind !== 'scalar') {
    const rel = table ?? { schema: routine.schema, name: routine.name, columns: cols };
    node = buildReadNode(ctx, rel, { kind: 'cte', name: CALL_CTE }, req.select);
    attachRequestParts(ctx, node, req);
    const top = req.range;
    const limit = [top.limit, routine.returnsSet ? maxRows ?? undefined : undefined].filter((x): x is number => x !== undefined);
    node.range = { offset: top.offset, ...(limit.length && { limit: Math.min(...limit) }) };
  } else if (cols) {
    node = buildReadNode(ctx, { schema: routine.schema, name: routine.name, columns: cols }, { kind: 'cte', name: CALL_CTE }, [{ type: 'star' }]);
    attachRequestParts(ctx, node, { ...req, select: [{ type: 'star' }] });
    node.range = req.range;
  }
  return {
    kind: 'call', routine, args: callArgs(req, routine, keys), node, table, resultColumns: cols,
    readOnly: !isPost || routine.volatility !== 'volatile',
  };
}
