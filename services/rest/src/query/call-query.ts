// The function call of an RPC (the `pgrst_call` CTE): named arguments from the JSON body through
// json_to_record typed by the parameters, or text arguments cast to them (GET / forms), or the whole body
// as the single unnamed parameter. Scalars come out as one column named after the function.
import type { CallPlan } from '../plan/types.ts';
import type { QueryContext } from './read-query.ts';
import { ident, pgArrayLiteral, qualified } from './sql.ts';

const ARGS = ident('pgrst_args');
const F = ident('pgrst_f');

export function buildCall(plan: CallPlan, ctx: QueryContext, body: unknown): { cte: string; sql: string } {
  const r = plan.routine;
  const fn = qualified(r.schema, r.name);
  const a = plan.args;
  let args = '';
  let from = '';
  if (a.kind === 'single') {
    args = ctx.params.add(body, a.type);
  } else if (a.kind === 'json' && a.params.length) {
    args = a.params.map((p) => `${p.variadic ? 'VARIADIC ' : ''}${ident(p.name)} := ${ARGS}.${ident(p.name)}`).join(', ');
    from = `json_to_record(${ctx.params.add(body, 'json')}) AS ${ARGS}(${a.params.map((p) => `${ident(p.name)} ${p.type}`).join(', ')})`;
  } else if (a.kind === 'text') {
    args = a.params.map((p) => {
      const value = p.variadic ? pgArrayLiteral(p.values) : p.values[0]!;
      return `${p.variadic ? 'VARIADIC ' : ''}${ident(p.name)} := ${ctx.params.add(value, p.type)}`;
    }).join(', ');
  }
  const call = `${fn}(${args})`;
  const cte = ident('pgrst_call');
  if (r.returnKind === 'void') return { cte, sql: `SELECT ${call} AS ${ident('pgrst_void')}${from ? ` FROM ${from}` : ''}` };
  const lateral = from ? `${from}, LATERAL ${call} AS ${F}` : `${call} AS ${F}`;
  if (r.returnKind === 'scalar') return { cte, sql: `SELECT ${F} AS ${ident(r.name)} FROM ${lateral}` };
  return { cte, sql: `SELECT ${F}.* FROM ${lateral}` };
}
