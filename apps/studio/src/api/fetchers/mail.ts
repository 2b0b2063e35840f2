// The platform's local mail catcher (/v1/mail/messages): every project's outgoing mail when no SMTP server is
// configured. Newest first; optionally only the mail sent to one address.
import { api } from '../http.ts';
import type { MailList, MailMessage } from '../project-types.ts';

const base = '/v1/mail/messages';

export const listMail = (q: { to?: string; limit?: number } = {}) => {
  const p = new URLSearchParams();
  if (q.to) p.set('to', q.to);
  if (q.limit) p.set('limit', String(q.limit));
  const qs = p.toString();
  return api<MailList>(qs ? `${base}?${qs}` : base);
};
export const getMail = (id: string) => api<MailMessage>(`${base}/${encodeURIComponent(id)}`);
export const deleteMail = (id: string) => api<void>(`${base}/${encodeURIComponent(id)}`, { method: 'DELETE' });
export const clearMail = () => api<void>(base, { method: 'DELETE' });
