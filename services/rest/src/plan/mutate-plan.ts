// Mutation plans: payload columns checked against the table (PGRST204), upsert targets, PUT's rules
// (PGRST105 filters must be exactly the PK with eq), pg-safeupdate's refusal of unfiltered PATCH/DELETE,
// and the read over the mutated rows that shapes `return=representation`.
import type { ApiRequest } from '../api-request/types.ts';
import { restError } from '../errors.ts';
import type { Table } from '../schema-cache/types.ts';
import { fromPgError } from '../sql-state.ts';
import { undefinedColumn } from './columns.ts';
import { buildReadNode, topConditions, topOrder, attachRequestParts, type ReadContext } from './read-plan.ts';
import type { Condition, MutatePlan, ReadNode } from './types.ts';

export const MUTATION_CTE = 'pgrst_mut';

function payloadColumns(table: Table, req: ApiRequest) {
  return req.payloadColumns.map((name) => {
    const col = table.columns.find((c) => c.name === name);
    if (!col) throw restError('PGRST204', { column: name, table: table.name });
    return col;
  });
}

function isPkEqFilter(c: Condition, pk: string[]): boolean {
  return c.kind === 'filter' && !c.negated && c.ref.jsonPath.length === 0 && pk.includes(c.ref.column)
    && c.operation.operator === 'eq' && !('quantifier' in c.operation && c.operation.quantifier);
}

function checkPut(table: Table, req: ApiRequest, conditions: Condition[]): void {
  const pk = table.pk;
  const names = new Set(conditions.map((c) => (c.kind === 'filter' ? c.ref.column : '')));
  const ok = pk.length > 0 && req.logic.every((l) => l.path.length > 0)
    && conditions.every((c) => isPkEqFilter(c, pk)) && names.size === pk.length && pk.every((p) => names.has(p));
  if (!ok) throw restError('PGRST105');
}

export function buildMutatePlan(ctx: ReadContext, req: ApiRequest, table: Table, safeUpdate: boolean): MutatePlan {
  const mutation = req.action === 'insert' ? 'insert' : req.action === 'update' ? 'update' : req.action === 'upsert' ? 'upsert' : 'delete';
  const columns = mutation === 'delete' ? [] : payloadColumns(table, req);
  const tableNode = buildReadNode(ctx, table, { kind: 'relation', schema: table.schema, name: table.name }, []);
  const conditions = mutation === 'insert' ? [] : topConditions(ctx, tableNode, req);
  let onConflict: MutatePlan['onConflict'] = null;
  if (mutation === 'insert' && req.preferences.resolution) {
    const target = req.onConflict ?? table.pk;
    for (const c of target) if (!table.columns.some((x) => x.name === c)) throw undefinedColumn(table.name, c);
    if (target.length) onConflict = { columns: target, action: req.preferences.resolution === 'merge-duplicates' ? 'merge' : 'ignore' };
  }
  if (mutation === 'upsert') {
    checkPut(table, req, conditions);
    onConflict = { columns: table.pk, action: 'merge' };
  }
  if (safeUpdate && (mutation === 'update' || mutation === 'delete') && conditions.length === 0) {
    throw fromPgError({ code: '21000', message: `${mutation.toUpperCase()} requires a WHERE clause` }, { authenticated: false });
  }
  const representation = req.preferences.return === 'representation';
  let returning: ReadNode | null = null;
  if (representation) {
    returning = buildReadNode(ctx, table, { kind: 'cte', name: MUTATION_CTE }, req.select);
    attachRequestParts(ctx, returning, req, { filters: false });
    returning.order = topOrder(ctx, returning, req);
    returning.range = { offset: 0 }; // db-max-rows caps reads, not what a mutation returns
  }
  const headersOnly = mutation === 'insert' && req.preferences.return === 'headers-only' && table.pk.length > 0;
  return {
    kind: 'mutate', mutation, table, columns, onConflict,
    missingDefault: req.preferences.missing === 'default',
    defaultColumns: mutation === 'update' && req.preferences.missing === 'default' && req.payload?.kind === 'json'
      ? columns.map((c) => c.name).filter((n) => !Object.hasOwn(req.payload && req.payload.kind === 'json' ? req.payload.rows[0] ?? {} : {}, n)) : [],
    conditions, returning,
    locationColumns: headersOnly ? table.pk : null,
    countInserted: (mutation === 'upsert' || (onConflict?.action === 'merge')) && table.kind !== 'view',
  };
}
