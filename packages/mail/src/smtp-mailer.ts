// The SMTP adapter of the Mailer port, on nodemailer: a project's own SMTP server, or the local catcher.
import nodemailer from 'nodemailer';
import type { Mailer, OutgoingMail } from './types.ts';

export interface SmtpConfig {
  host: string;
  port: number;
  /** Implicit TLS (port 465); otherwise STARTTLS when the server offers it. */
  secure?: boolean;
  user?: string;
  pass?: string;
  /** Default sender, e.g. `"My App" <no-reply@example.com>`. */
  from: string;
  /** For the loopback catcher: no TLS at all. */
  ignoreTLS?: boolean;
}

export function createSmtpMailer(cfg: SmtpConfig): Mailer & { close(): void } {
  const transport = nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure ?? false,
    ignoreTLS: cfg.ignoreTLS ?? false,
    auth: cfg.user ? { user: cfg.user, pass: cfg.pass ?? '' } : undefined,
    pool: true,
    maxConnections: 2,
  });
  return {
    async send(mail: OutgoingMail) {
      const info = await transport.sendMail({ from: mail.from ?? cfg.from, to: mail.to, subject: mail.subject, html: mail.html, text: mail.text });
      return { messageId: String(info.messageId ?? '') };
    },
    close: () => transport.close(),
  };
}

/** A Mailer that drops every mail: SMTP not configured (as Supabase hosted without SMTP: mails silently no-op). */
export const nullMailer: Mailer = { send: async () => ({ messageId: '' }) };
