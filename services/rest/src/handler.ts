// The whole story of one request, as PostgREST tells it: authenticate → parse → plan → build (memoised by
// request shape) → run in one role transaction → render. Every failure leaves as PostgREST's JSON error.
import type { Db } from '@powabase/db';
import type { Logger } from '@powabase/core';
import type { JwtError } from '@powabase/keys';
import type { RawRequest } from './api-request/types.ts';
import { checkCaller } from './auth-error.ts';
import type { RestConfig } from './config.ts';
import { errorResponse } from './error-response.ts';
import { infoResponse } from './info.ts';
import { runTransaction } from './main-tx/execute.ts';
import { openApiResponse } from './openapi/respond.ts';
import { prepare, type PlanMemo } from './prepare.ts';
import type { Caller } from './request-context.ts';
import { buildResponse, resultFailure, type HttpResponse } from './response/build.ts';
import type { SchemaCacheHolder } from './schema-cache/holder.ts';
import { transactionRequest } from './transaction.ts';

export interface RestContext {
  db: Db;
  config: RestConfig;
  projectUrl: string;
  cache: SchemaCacheHolder;
  memo: PlanMemo;
  log: Logger;
}

export interface CallerInput extends Caller {
  /** Set when a Bearer token was sent and the gateway rejected it. */
  jwtError: JwtError | null;
}

export async function handleRequest(ctx: RestContext, raw: RawRequest, caller: CallerInput): Promise<HttpResponse> {
  const { config } = ctx;
  try {
    // 1. Who is calling: the gateway verified the token; PostgREST's own rules come on top.
    checkCaller(caller.jwtError, caller.claims, header(raw, 'authorization'), config.anonRole !== null);
    const cache = ctx.cache.get();

    // 2. Parse, plan and build the statement (pure; memoised by request shape, dropped on schema reload).
    const planAllowed = config.plan === 'all' || (config.plan === 'service_role' && caller.role === 'service_role');
    const { req, plan, query } = prepare(raw, { config, cache, memo: ctx.memo, planAllowed });
    if (req.action === 'info') return infoResponse(req, cache);
    if (!plan || !query) return await openApiResponse(ctx, req, cache, caller.role);

    // 3. One transaction, one round trip: settings + role + claims, db-pre-request, the statement.
    const tx = transactionRequest({ plan, req, query, caller, config, cache, rawBody: raw.body });
    const result = await runTransaction(ctx.db, tx, (r) => resultFailure(plan, r));

    // 4. Status, headers and the body Postgres already rendered.
    return buildResponse(plan, result, config.maxRows);
  } catch (e) {
    return errorResponse(e, raw.method, ctx.log);
  }
}

function header(raw: RawRequest, name: string): string | undefined {
  const v = raw.headers[name];
  return typeof v === 'string' ? v : v?.[0];
}
