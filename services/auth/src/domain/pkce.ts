// PKCE flow state (auth.flow_state): made when a flow starts with a code_challenge, given an auth code when
// the email link or OAuth callback succeeds, exchanged once by grant_type=pkce with the code_verifier.
import { uuid } from '@powabase/core';
import { authError, validation } from '../errors.ts';
import { pkceMatches } from '../crypto.ts';
import type { AuthDeps, Queryable } from '../types.ts';

export const FLOW_STATE_TTL_S = 300;

export interface PkceParams { challenge: string; method: 's256' | 'plain' }

/** Reads code_challenge/code_challenge_method from a body; null when PKCE is not used. */
export function pkceParams(body: Record<string, unknown>): PkceParams | null {
  const challenge = body.code_challenge;
  const method = body.code_challenge_method;
  if (challenge === undefined || challenge === null || challenge === '') {
    if (method) throw validation('PKCE flow requires code_challenge_method and code_challenge');
    return null;
  }
  if (typeof challenge !== 'string' || challenge.length < 43 || challenge.length > 128) {
    throw validation('code challenge has to be between 43 and 128 characters');
  }
  const m = typeof method === 'string' ? method.toLowerCase() : '';
  if (m !== 's256' && m !== 'plain') throw validation('code challenge method not supported');
  return { challenge, method: m };
}

export interface FlowStateRow {
  id: string;
  user_id: string | null;
  auth_code: string;
  code_challenge_method: 's256' | 'plain';
  code_challenge: string;
  provider_type: string;
  provider_access_token: string | null;
  provider_refresh_token: string | null;
  authentication_method: string;
  created_at: Date;
  auth_code_issued_at: Date | null;
}

export async function createFlowState(q: Queryable, deps: AuthDeps, p: PkceParams, o: { userId: string | null; providerType: string; method: string }): Promise<FlowStateRow> {
  const now = deps.now();
  const r = await q.query<FlowStateRow>(
    `insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge, provider_type, created_at, updated_at, authentication_method)
     values ($1, $2, $3, $4, $5, $6, $7, $7, $8) returning *`,
    [uuid(), o.userId, uuid(), p.method, p.challenge, o.providerType, now, o.method],
  );
  return r.rows[0];
}

/** The newest flow state of a user for an authentication method (what an email link continues). */
export async function latestFlowState(q: Queryable, userId: string, method: string): Promise<FlowStateRow | null> {
  const r = await q.query<FlowStateRow>(
    'select * from auth.flow_state where user_id = $1 and authentication_method = $2 order by created_at desc limit 1', [userId, method]);
  return r.rows[0] ?? null;
}

export async function issueAuthCode(q: Queryable, deps: AuthDeps, flowId: string, fields: { userId?: string; providerToken?: string; providerRefreshToken?: string } = {}): Promise<string> {
  const r = await q.query<{ auth_code: string }>(
    `update auth.flow_state set auth_code_issued_at = $2, updated_at = $2, user_id = coalesce($3, user_id),
       provider_access_token = coalesce($4, provider_access_token), provider_refresh_token = coalesce($5, provider_refresh_token)
     where id = $1 returning auth_code`,
    [flowId, deps.now(), fields.userId ?? null, fields.providerToken ?? null, fields.providerRefreshToken ?? null],
  );
  return r.rows[0].auth_code;
}

/** Validates and consumes a flow state for grant_type=pkce; returns it (deleted) on success. */
export async function consumeFlowState(q: Queryable, deps: AuthDeps, authCode: string, verifier: string): Promise<FlowStateRow> {
  const f = (await q.query<FlowStateRow>('select * from auth.flow_state where auth_code = $1 for update', [authCode])).rows[0];
  if (!f || !f.auth_code_issued_at || !f.user_id) throw authError('flow_state_not_found');
  if (f.auth_code_issued_at.getTime() + FLOW_STATE_TTL_S * 1000 < deps.now().getTime()) throw authError('flow_state_expired');
  if (!pkceMatches(f.code_challenge_method, f.code_challenge, verifier)) throw authError('bad_code_verifier');
  await q.query('delete from auth.flow_state where id = $1', [f.id]);
  return f;
}
