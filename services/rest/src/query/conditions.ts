// Filters and logic trees as SQL over one relation alias: every operator of PostgREST with `not.`,
// quantifiers and fts configs. Values are always `$n` parameters; columns always quoted identifiers.
import type { Operation } from '../api-request/types.ts';
import type { ColumnRef, Condition, EmbedNode } from '../plan/types.ts';
import { ident, pgArrayLiteral, type Params } from './sql.ts';

const SIMPLE: Record<string, string> = {
  eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=', like: 'LIKE', ilike: 'ILIKE', match: '~', imatch: '~*',
  cs: '@>', cd: '<@', ov: '&&', sl: '<<', sr: '>>', nxr: '&<', nxl: '&>', adj: '-|-',
};
const FTS: Record<string, string> = { fts: 'to_tsquery', plfts: 'plainto_tsquery', phfts: 'phraseto_tsquery', wfts: 'websearch_to_tsquery' };
const IS: Record<string, string> = { null: 'IS NULL', not_null: 'IS NOT NULL', true: 'IS TRUE', false: 'IS FALSE', unknown: 'IS UNKNOWN' };

/** A column (with its JSON path) of the relation aliased `alias`. */
export function columnExpr(alias: string, ref: ColumnRef, params: Params): string {
  let expr = `${ident(alias)}.${ident(ref.column)}`;
  if (ref.jsonPath.length === 0) return expr;
  if (ref.toJson) expr = `to_jsonb(${expr})`;
  for (const step of ref.jsonPath) {
    expr += 'key' in step ? `${step.op}${params.add(step.key, 'text')}` : `${step.op}${params.add(String(step.index), 'integer')}`;
  }
  return expr;
}

const likeValue = (op: string, v: string) => (op === 'like' || op === 'ilike' ? v.replaceAll('*', '%') : v);

function operationSql(col: string, op: Operation, columnType: string, params: Params): string {
  switch (op.operator) {
    case 'in': return `${col} = ANY(${params.add(pgArrayLiteral(op.values))})`;
    case 'is': return `${col} ${IS[op.value]}`;
    case 'isdistinct': return `${col} IS DISTINCT FROM ${params.add(op.value)}`;
    case 'fts': case 'plfts': case 'phfts': case 'wfts': {
      const lang = op.language !== undefined ? `${params.add(op.language, 'regconfig')}, ` : '';
      const doc = columnType === 'tsvector' ? col : `to_tsvector(${lang}${col})`;
      return `${doc} @@ ${FTS[op.operator]}(${lang}${params.add(op.value)})`;
    }
    default: {
      const sqlOp = SIMPLE[op.operator]!;
      if ('quantifier' in op && op.quantifier) {
        return `${col} ${sqlOp} ${op.quantifier.toUpperCase()}(${params.add(likeValue(op.operator, op.value))})`;
      }
      return `${col} ${sqlOp} ${params.add(likeValue(op.operator, op.value))}`;
    }
  }
}

export interface ConditionContext {
  params: Params;
  /** SQL that is true when the embed has (matching) rows, at this level. */
  embedExists: (embed: EmbedNode) => string;
}

export function conditionSql(alias: string, c: Condition, ctx: ConditionContext): string {
  switch (c.kind) {
    case 'filter': {
      const sql = operationSql(columnExpr(alias, c.ref, ctx.params), c.operation, c.columnType, ctx.params);
      return c.negated ? `NOT (${sql})` : sql;
    }
    case 'embed-null': {
      const exists = ctx.embedExists(c.embed);
      return c.isNull ? `NOT (${exists})` : exists;
    }
    case 'tree': {
      const parts = c.children.map((x) => `(${conditionSql(alias, x, ctx)})`);
      const sql = parts.length ? parts.join(c.operator === 'and' ? ' AND ' : ' OR ') : 'TRUE';
      return c.negated ? `NOT (${sql})` : `(${sql})`;
    }
  }
}
