// The auth mails (GoTrue's default subjects and wording): confirmation, invite, magic link, recovery,
// email change, reauthentication. Each carries the link and the OTP code, so either flow works.
export type MailKind = 'confirmation' | 'invite' | 'magiclink' | 'recovery' | 'email_change' | 'reauthentication';

export interface MailVars { siteUrl: string; link: string; otp: string; email: string; newEmail?: string }

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const TEMPLATES: Record<MailKind, { subject: string; title: string; lead: (v: MailVars) => string; action: string }> = {
  confirmation: { subject: 'Confirm Your Email', title: 'Confirm your signup', lead: () => 'Follow this link to confirm your user:', action: 'Confirm your mail' },
  invite: { subject: 'You have been invited', title: 'You have been invited', lead: (v) => `You have been invited to create a user on ${v.siteUrl}. Follow this link to accept the invite:`, action: 'Accept the invite' },
  magiclink: { subject: 'Your Magic Link', title: 'Magic Link', lead: () => 'Follow this link to login:', action: 'Log In' },
  recovery: { subject: 'Reset Your Password', title: 'Reset Password', lead: () => 'Follow this link to reset the password for your user:', action: 'Reset Password' },
  email_change: { subject: 'Confirm Email Change', title: 'Confirm Change of Email', lead: (v) => `Follow this link to confirm the update of your email from ${v.email} to ${v.newEmail ?? ''}:`, action: 'Change Email' },
  reauthentication: { subject: 'Confirm reauthentication', title: 'Confirm reauthentication', lead: () => 'Enter the code:', action: '' },
};

export function renderMail(kind: MailKind, v: MailVars): { subject: string; html: string; text: string } {
  const t = TEMPLATES[kind];
  const lead = t.lead(v);
  if (kind === 'reauthentication') {
    return { subject: t.subject, html: `<h2>${t.title}</h2><p>${esc(lead)} ${esc(v.otp)}</p>`, text: `${t.title}\n\n${lead} ${v.otp}\n` };
  }
  const html = `<h2>${t.title}</h2>\n<p>${esc(lead)}</p>\n<p><a href="${esc(v.link)}">${t.action}</a></p>\n<p>Alternatively, enter the code: ${esc(v.otp)}</p>`;
  const text = `${t.title}\n\n${lead}\n${v.link}\n\nAlternatively, enter the code: ${v.otp}\n`;
  return { subject: t.subject, html, text };
}
