// MFA with TOTP (RFC 6238 through `otpauth`): enroll (secret + otpauth URI + SVG QR), challenge, verify
// (session becomes aal2 with a `totp` AMR claim and a rotated refresh token), unenroll; admin list/delete.
import { uuid } from '@powabase/core';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { authError } from '../errors.ts';
import { newRefreshToken } from '../crypto.ts';
import { addAmrClaim, insertRefreshToken, sessionAmr } from '../store/sessions.ts';
import { findFullUser } from '../store/users.ts';
import type { AuthDeps, FactorRow, FullUser } from '../types.ts';
import { str } from './input.ts';
import { tokenResponse, type TokenResponse } from './tokens.ts';
import type { Caller } from './user-update.ts';

const totp = (secret: string, label = '', issuer = '') =>
  new OTPAuth.TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });

function assertNotAnonymous(user: FullUser): void {
  if (user.is_anonymous) throw authError('no_authorization', 'Anonymous user not allowed to perform these actions', { status: 403 });
}

export async function enroll(deps: AuthDeps, caller: Caller, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const user = (await findFullUser(deps.db.pool, caller.userId))!;
  assertNotAnonymous(user);
  const type = str(body.factor_type);
  if (type === 'phone') throw authError('mfa_phone_enroll_not_enabled');
  if (type === 'webauthn') throw authError('mfa_webauthn_enroll_not_enabled');
  if (type !== 'totp') throw authError('validation_failed', 'factor_type needs to be totp, phone or webauthn');
  if (!deps.config.mfa.totpEnroll) throw authError('mfa_totp_enroll_not_enabled');
  const verified = user.factors.filter((f) => f.status === 'verified');
  if (user.factors.length >= deps.config.mfa.maxEnrolledFactors) throw authError('too_many_enrolled_mfa_factors', 'Maximum number of enrolled factors reached, unenroll to continue');
  if (verified.length >= deps.config.mfa.maxVerifiedFactors) throw authError('too_many_enrolled_mfa_factors');
  if (verified.length && caller.aal !== 'aal2') throw authError('insufficient_aal', 'AAL2 required to enroll a new factor', { status: 403 });
  const friendlyName = str(body.friendly_name);
  if (friendlyName && user.factors.some((f) => f.friendly_name === friendlyName)) {
    throw authError('mfa_factor_name_conflict', `A factor with the friendly name "${friendlyName}" for this user already exists`);
  }
  const issuer = str(body.issuer) || new URL(deps.config.siteUrl).hostname;
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  const uri = totp(secret, user.email ?? '', issuer).toString();
  const qr = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  const id = uuid();
  const now = deps.now();
  await deps.db.query(
    `insert into auth.mfa_factors (id, user_id, friendly_name, factor_type, status, created_at, updated_at, secret)
     values ($1, $2, $3, 'totp', 'unverified', $4, $4, $5)`, [id, user.id, friendlyName, now, secret]);
  return { id, type: 'totp', friendly_name: friendlyName, totp: { qr_code: qr, secret, uri } };
}

async function ownFactor(deps: AuthDeps, userId: string, factorId: string): Promise<FactorRow> {
  const f = (await deps.db.query<FactorRow>('select * from auth.mfa_factors where id::text = $1 and user_id = $2', [factorId, userId])).rows[0];
  if (!f) throw authError('mfa_factor_not_found');
  return f;
}

export async function challenge(deps: AuthDeps, caller: Caller, factorId: string, ip: string): Promise<Record<string, unknown>> {
  const f = await ownFactor(deps, caller.userId, factorId);
  if (f.factor_type !== 'totp') throw authError('mfa_factor_not_found');
  const id = uuid();
  const now = deps.now();
  await deps.db.tx(async (c) => {
    await c.query('insert into auth.mfa_challenges (id, factor_id, created_at, ip_address) values ($1, $2, $3, $4)', [id, f.id, now, ip || '0.0.0.0']);
    await c.query('update auth.mfa_factors set last_challenged_at = $2, updated_at = $2 where id = $1', [f.id, now]);
  });
  return { id, type: 'totp', expires_at: Math.floor(now.getTime() / 1000) + deps.config.mfa.challengeExpiryS };
}

export async function verifyFactor(deps: AuthDeps, caller: Caller, factorId: string, body: Record<string, unknown>, ip: string): Promise<TokenResponse> {
  if (!deps.config.mfa.totpVerify) throw authError('mfa_totp_verify_not_enabled');
  const f = await ownFactor(deps, caller.userId, factorId);
  const challengeId = str(body.challenge_id);
  const ch = (await deps.db.query<{ id: string; created_at: Date; verified_at: Date | null; ip_address: string }>(
    'select id, created_at, verified_at, host(ip_address) as ip_address from auth.mfa_challenges where id::text = $1 and factor_id = $2', [challengeId, f.id])).rows[0];
  if (!ch || ch.verified_at) throw authError('mfa_factor_not_found', 'MFA factor with the provided challenge ID not found', { status: 422 });
  const now = deps.now();
  if (ch.created_at.getTime() + deps.config.mfa.challengeExpiryS * 1000 < now.getTime()) {
    await deps.db.query('delete from auth.mfa_challenges where id = $1', [ch.id]);
    throw authError('mfa_challenge_expired', `MFA challenge ${ch.id} has expired, verify against another challenge or create a new challenge.`);
  }
  if (ip && ch.ip_address !== ip) throw authError('mfa_ip_address_mismatch');
  const delta = totp(f.secret!).validate({ token: str(body.code), window: 1, timestamp: now.getTime() });
  if (delta === null) throw authError('mfa_verification_failed');
  if (!caller.sessionId) throw authError('session_not_found');
  const sessionId = caller.sessionId;
  const s = await deps.db.tx(async (c) => {
    await c.query('update auth.mfa_challenges set verified_at = $2 where id = $1', [ch.id, now]);
    await c.query("update auth.mfa_factors set status = 'verified', updated_at = $2 where id = $1", [f.id, now]);
    await c.query("delete from auth.mfa_factors where user_id = $1 and status = 'unverified' and id <> $2", [caller.userId, f.id]);
    await c.query("update auth.sessions set aal = 'aal2', factor_id = $2, updated_at = $3 where id = $1", [sessionId, f.id, now]);
    await addAmrClaim(c, sessionId, 'totp', now);
    const active = (await c.query<{ id: string; token: string }>(
      'select id, token from auth.refresh_tokens where session_id = $1 and revoked = false order by id desc limit 1', [sessionId])).rows[0];
    const token = newRefreshToken();
    if (active) await c.query('update auth.refresh_tokens set revoked = true, updated_at = $2 where id = $1', [active.id, now]);
    await insertRefreshToken(c, caller.userId, sessionId, token, active?.token ?? null, now);
    return { sessionId, refreshToken: token, aal: 'aal2', amr: await sessionAmr(c, sessionId) };
  });
  const user = (await findFullUser(deps.db.pool, caller.userId))!;
  return tokenResponse(deps, user, s);
}

export async function unenroll(deps: AuthDeps, caller: Caller, factorId: string): Promise<{ id: string }> {
  const f = await ownFactor(deps, caller.userId, factorId);
  if (f.status === 'verified' && caller.aal !== 'aal2') throw authError('insufficient_aal', 'AAL2 required to unenroll verified factor', { status: 422 });
  await deps.db.tx(async (c) => {
    await c.query('delete from auth.mfa_factors where id = $1', [f.id]);
    await c.query("update auth.sessions set aal = 'aal1', factor_id = null where factor_id = $1", [f.id]);
  });
  return { id: f.id };
}

export async function adminListFactors(deps: AuthDeps, userId: string): Promise<FactorRow[]> {
  return (await deps.db.query<FactorRow>('select * from auth.mfa_factors where user_id = $1 order by created_at', [userId])).rows;
}

export async function adminDeleteFactor(deps: AuthDeps, userId: string, factorId: string): Promise<FactorRow> {
  const f = await ownFactor(deps, userId, factorId);
  await deps.db.query('delete from auth.mfa_factors where id = $1', [f.id]);
  return f;
}
