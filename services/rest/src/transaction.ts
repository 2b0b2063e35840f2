// The transaction a plan needs: its settings (role, claims, request.*), the main statement with the body
// bound (wrapped in EXPLAIN for plan media types), and how it ends — commit at the Sync, roll back
// (tx=rollback, db-tx-end, plans), or decide once the result is known (PGRST116/115/124 must roll back).
import type { ApiRequest } from './api-request/types.ts';
import type { RestConfig } from './config.ts';
import type { TxRequest } from './main-tx/execute.ts';
import type { Plan } from './plan/types.ts';
import { BODY, type MainQuery } from './query/main-query.ts';
import { ident, qualified } from './query/sql.ts';
import { bodyParam, transactionSettings, type Caller } from './request-context.ts';
import type { SchemaCache } from './schema-cache/types.ts';

/** `schema.fn` (or `fn`) from the config as quoted identifiers. */
function functionName(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? ident(name) : qualified(name.slice(0, dot), name.slice(dot + 1));
}

function explainPrefix(plan: Plan): string {
  if (!plan.explain) return '';
  const opts = [`FORMAT ${plan.explain.format === 'json' ? 'JSON' : 'TEXT'}`, ...plan.explain.options.map((o) => o.toUpperCase())];
  return `EXPLAIN (${opts.join(', ')}) `;
}

function transactionEnd(plan: Plan, config: RestConfig): TxRequest['end'] {
  const tx = plan.request.preferences.tx;
  const rollback = config.txEnd.startsWith('rollback') ? tx !== 'commit' || config.txEnd === 'rollback' : tx === 'rollback';
  if (rollback || plan.explain) return 'rollback';
  if (plan.readOnly) return 'commit';
  const a = plan.action;
  const singular = plan.shape === 'single' || plan.shape === 'single-stripped';
  const strict = plan.request.preferences.handling === 'strict' && plan.request.preferences.maxAffected !== undefined;
  const decides = a.kind === 'mutate' ? singular || a.mutation === 'upsert' || strict : singular || strict;
  return decides ? 'decide' : 'commit';
}

export interface TransactionInput {
  plan: Plan;
  /** This request's parse (the plan may come from the memo). */
  req: ApiRequest;
  query: MainQuery;
  caller: Caller;
  config: RestConfig;
  cache: SchemaCache;
  rawBody: unknown;
}

export function transactionRequest(i: TransactionInput): TxRequest {
  return {
    settings: transactionSettings(i.req, i.caller, i.config, i.cache, i.plan.readOnly),
    preRequest: i.config.preRequest === null ? null : functionName(i.config.preRequest),
    main: {
      sql: explainPrefix(i.plan) + i.query.sql,
      params: i.query.params.map((v) => (v === BODY ? bodyParam(i.plan, i.req, i.rawBody) : v)),
    },
    plannedCount: i.query.plannedCount,
    explain: i.plan.explain !== null,
    end: transactionEnd(i.plan, i.config),
    authenticated: i.caller.role !== i.config.anonRole,
  };
}
