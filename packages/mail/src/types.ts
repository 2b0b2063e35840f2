// The mail port every service sends through, and the shape of a message the local catcher keeps.

/** One outgoing mail. `from` defaults to the mailer's configured sender. */
export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  from?: string;
}

/** The port: anything that can deliver a mail (SMTP through nodemailer, the catcher, a test double). */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/** A message received by the local mail catcher, as the inbox API shows it. */
export interface CaughtMessage {
  id: string;
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  date: string;
  receivedAt: string;
  size: number;
}

export interface MessageFilter {
  /** Case-insensitive recipient address. */
  to?: string;
}
