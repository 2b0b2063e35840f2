// Issuing an email token (OTP + hash, link with the PKCE prefix when asked), the send-frequency and
// project email quota checks, and sending the mail. Tokens are stored in a transaction; the mail is
// sent after it commits (never inside one).
import { authError } from '../errors.ts';
import { newOtp, tokenHash } from '../crypto.ts';
import { setToken, type TokenSlot } from '../store/one-time-tokens.ts';
import type { AuthDeps, Queryable } from '../types.ts';
import { renderMail, type MailKind } from './mail-templates.ts';

export type VerifyType = 'signup' | 'invite' | 'magiclink' | 'recovery' | 'email_change';

export interface IssuedToken { otp: string; hash: string; linkToken: string }

export async function issueEmailToken(q: Queryable, deps: AuthDeps, userId: string, slot: TokenSlot, address: string, pkce: boolean): Promise<IssuedToken> {
  const otp = newOtp(deps.config.otp.length);
  const hash = tokenHash(address, otp);
  await setToken(q, userId, slot, hash, address, deps.now());
  return { otp, hash, linkToken: pkce ? `pkce_${hash}` : hash };
}

export function verifyLink(deps: AuthDeps, linkToken: string, type: VerifyType, redirectTo: string): string {
  const u = new URL(`${deps.config.externalUrl}/verify`);
  u.searchParams.set('token', linkToken);
  u.searchParams.set('type', type);
  u.searchParams.set('redirect_to', redirectTo);
  return u.toString();
}

/** GoTrue's per-user resend throttle (SMTP_MAX_FREQUENCY) for one kind of mail. */
export function assertSendFrequency(deps: AuthDeps, sentAt: Date | null | undefined): void {
  if (!sentAt) return;
  const waitMs = sentAt.getTime() + deps.config.smtpMaxFrequencyS * 1000 - deps.now().getTime();
  if (waitMs > 0) {
    throw authError('over_email_send_rate_limit', `For security purposes, you can only request this after ${Math.ceil(waitMs / 1000)} seconds.`);
  }
}

/** The project-wide hourly email quota (RATE_LIMIT_EMAIL_SENT), taken before any token is stored. */
export function takeEmailQuota(deps: AuthDeps): void {
  if (!deps.limiter.take('email_sent', 'project', deps.config.rateLimits.emailSent)) throw authError('over_email_send_rate_limit');
}

export async function sendAuthMail(deps: AuthDeps, kind: MailKind, to: string, vars: { link: string; otp: string; email: string; newEmail?: string }): Promise<void> {
  const m = renderMail(kind, { siteUrl: deps.config.siteUrl, ...vars });
  try {
    await deps.mailer.send({ to, subject: m.subject, html: m.html, text: m.text, from: deps.config.mailer.from });
    deps.log.info({ event: 'auth_mail_sent', kind }, 'auth_mail_sent');
  } catch (e) {
    deps.log.error({ event: 'auth_mail_failed', kind, error: (e as Error).message }, 'auth_mail_failed');
    const what = kind === 'confirmation' ? 'confirmation' : kind === 'recovery' ? 'recovery' : kind === 'invite' ? 'invite' : kind === 'magiclink' ? 'magic link' : kind === 'email_change' ? 'email change' : 'reauthentication';
    throw authError('unexpected_failure', `Error sending ${what} email`);
  }
}
