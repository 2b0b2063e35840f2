// Email tokens as GoTrue keeps them: the hash in the user's column (confirmation_token, recovery_token, …)
// with its *_sent_at, mirrored in auth.one_time_tokens for lookup by hash.
import { uuid } from '@powabase/core';
import type { Queryable } from '../types.ts';

export type TokenSlot = 'confirmation_token' | 'recovery_token' | 'email_change_token_new' | 'email_change_token_current' | 'reauthentication_token';

export const SENT_AT: Record<TokenSlot, string> = {
  confirmation_token: 'confirmation_sent_at',
  recovery_token: 'recovery_sent_at',
  email_change_token_new: 'email_change_sent_at',
  email_change_token_current: 'email_change_sent_at',
  reauthentication_token: 'reauthentication_sent_at',
};

export async function setToken(q: Queryable, userId: string, slot: TokenSlot, hash: string, relatesTo: string, now: Date): Promise<void> {
  await q.query(`update auth.users set ${slot} = $2, ${SENT_AT[slot]} = $3, updated_at = $3 where id = $1`, [userId, hash, now]);
  await q.query(
    `insert into auth.one_time_tokens (id, user_id, token_type, token_hash, relates_to, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $6)
     on conflict (user_id, token_type) do update set token_hash = excluded.token_hash, relates_to = excluded.relates_to,
       created_at = excluded.created_at, updated_at = excluded.updated_at`,
    [uuid(), userId, slot, hash, relatesTo.toLowerCase(), now.toISOString().replace('Z', '')],
  );
}

export async function clearTokens(q: Queryable, userId: string, slots: TokenSlot[]): Promise<void> {
  if (!slots.length) return;
  await q.query(`update auth.users set ${slots.map((s) => `${s} = ''`).join(', ')} where id = $1`, [userId]);
  await q.query('delete from auth.one_time_tokens where user_id = $1 and token_type = any($2::auth.one_time_token_type[])', [userId, slots]);
}

export interface TokenMatch { user_id: string; token_type: TokenSlot; relates_to: string }

/** Tokens with this hash in one of `slots`; with `relatesTo`, only those sent to that address. */
export async function findTokens(q: Queryable, hash: string, slots: TokenSlot[], relatesTo?: string): Promise<TokenMatch[]> {
  const r = await q.query<TokenMatch>(
    `select user_id, token_type, relates_to from auth.one_time_tokens
     where token_hash = $1 and token_type = any($2::auth.one_time_token_type[]) and ($3::text is null or relates_to = $3)`,
    [hash, slots, relatesTo?.toLowerCase() ?? null],
  );
  return r.rows;
}
