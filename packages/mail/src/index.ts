// @powabase/mail: the Mailer port, its nodemailer SMTP adapter, and the local mail catcher with its inbox.
export type { Mailer, OutgoingMail, CaughtMessage, MessageFilter } from './types.ts';
export { createSmtpMailer, nullMailer, type SmtpConfig } from './smtp-mailer.ts';
export { startMailCatcher, type MailCatcher, type MailCatcherOptions } from './catcher.ts';
export { Inbox, type InboxOptions } from './inbox.ts';
export { mailInboxPlugin, type InboxPluginOptions } from './http-plugin.ts';
