// Builtin `database_write`: insert, update or delete rows of one table in the agent's scope, as the caller
// (RLS decides for a user's run). Built from the arguments with quoted identifiers and bound values only;
// update and delete need a `where` (column = value, AND-ed; null matches IS NULL).
import type { AiContext } from '../../context.ts';
import { asCaller } from '../data-access.ts';
import { IDENT, qident, qualified, type ScopedTable } from '../data-scope.ts';
import { isObject, ToolError, type AgentTool, type Caller } from '../types.ts';

const MAX_RETURNED = 100;

function findTable(tables: ScopedTable[], raw: unknown): ScopedTable {
  if (typeof raw !== 'string' || !raw.trim()) throw new ToolError('table is required');
  const [a, b] = raw.trim().split('.');
  const hit = b === undefined ? tables.find((t) => t.name === a) : tables.find((t) => t.schema === a && t.name === b);
  if (!hit) throw new ToolError(`Table ${raw} is not available to this agent`);
  return hit;
}

function columns(o: Record<string, unknown>, what: string): string[] {
  const cols = Object.keys(o);
  const bad = cols.find((c) => !IDENT.test(c));
  if (bad !== undefined) throw new ToolError(`Invalid column name in ${what}: ${bad}`);
  return cols;
}

/** Values go as parameters; objects and arrays as JSON text (Postgres casts them to json/jsonb columns). */
const param = (v: unknown) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v);

export function buildWrite(t: ScopedTable, args: Record<string, unknown>): { text: string; values: unknown[] } {
  const op = typeof args.operation === 'string' ? args.operation.toLowerCase() : '';
  const values: unknown[] = [];
  const bind = (v: unknown) => { values.push(param(v)); return `$${values.length}`; };
  const where = () => {
    if (!isObject(args.where) || !Object.keys(args.where).length) throw new ToolError(`${op} needs a non-empty where object (column: value)`);
    const w = args.where;
    return columns(w, 'where').map((c) => (w[c] === null ? `${qident(c)} is null` : `${qident(c)} = ${bind(w[c])}`)).join(' and ');
  };
  if (op === 'insert') {
    const rows = Array.isArray(args.data) ? args.data : [args.data];
    if (!rows.length || !rows.every(isObject)) throw new ToolError('insert needs data: an object (or a list of objects) of column: value');
    const cols = [...new Set(rows.flatMap((r) => columns(r as Record<string, unknown>, 'data')))];
    if (!cols.length) throw new ToolError('insert needs at least one column in data');
    const tuples = rows.map((r) => `(${cols.map((c) => ((r as Record<string, unknown>)[c] === undefined ? 'default' : bind((r as Record<string, unknown>)[c]))).join(', ')})`);
    return { text: `insert into ${qualified(t)} (${cols.map(qident).join(', ')}) values ${tuples.join(', ')} returning *`, values };
  }
  if (op === 'update') {
    if (!isObject(args.data) || !Object.keys(args.data).length) throw new ToolError('update needs data: an object of column: new value');
    const d = args.data;
    const set = columns(d, 'data').map((c) => `${qident(c)} = ${bind(d[c])}`).join(', ');
    return { text: `update ${qualified(t)} set ${set} where ${where()} returning *`, values };
  }
  if (op === 'delete') return { text: `delete from ${qualified(t)} where ${where()} returning *`, values };
  throw new ToolError('operation must be one of insert, update, delete');
}

export function databaseWriteTool(ctx: AiContext, caller: Caller, tables: ScopedTable[], timeoutMs: number): AgentTool {
  const list = tables.map((t) => `${t.schema}.${t.name}`).join(', ');
  return {
    readOnly: false,
    capResult: true,
    spec: {
      name: 'database_write',
      description: `Insert, update or delete rows in one table of the project's database. Tables available: ${list}.` +
        (caller.kind === 'user' ? ' It runs as the signed-in user, so row level security decides what may change.' : ''),
      parameters: {
        type: 'object',
        properties: {
          table: { type: 'string', description: 'Table name, optionally schema-qualified' },
          operation: { type: 'string', enum: ['insert', 'update', 'delete'] },
          data: { description: 'insert: an object (or list of objects) of column: value; update: the columns to set' },
          where: { type: 'object', description: 'update/delete: column: value conditions, all must match' },
        },
        required: ['table', 'operation'],
      },
    },
    async run(args) {
      const t = findTable(tables, args.table);
      const q = buildWrite(t, args);
      return asCaller(ctx, caller, { schemas: [t.schema], timeoutMs, commit: true }, async (c) => {
        const r = await c.query(q.text, q.values);
        return { result: { operation: String(args.operation).toLowerCase(), table: `${t.schema}.${t.name}`, row_count: r.rowCount ?? 0, rows: r.rows.slice(0, MAX_RETURNED) } };
      });
    },
  };
}
