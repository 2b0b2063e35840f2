// The local mail catcher: an SMTP server on loopback (smtp-server) that parses each mail (mailparser) into
// the inbox. It accepts any sender and recipient and needs no auth: it never relays anything anywhere.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { Inbox, type InboxOptions } from './inbox.ts';
import type { CaughtMessage, MessageFilter } from './types.ts';

export interface MailCatcherOptions extends InboxOptions {
  /** Loopback only by default. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Largest accepted message in bytes (default 10 MiB). */
  maxSize?: number;
}

export interface MailCatcher {
  readonly host: string;
  readonly port: number;
  readonly inbox: Inbox;
  listMessages(filter?: MessageFilter): CaughtMessage[];
  getMessage(id: string): CaughtMessage | null;
  close(): Promise<void>;
}

function addresses(v: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(v) ? v : v ? [v] : [];
  return list.flatMap((a) => a.value.map((x) => x.address ?? '').filter(Boolean));
}

export function toCaughtMessage(parsed: ParsedMail, envelopeTo: string[], size: number): CaughtMessage {
  const to = addresses(parsed.to);
  return {
    id: randomUUID(),
    messageId: parsed.messageId ?? null,
    from: addresses(parsed.from)[0] ?? '',
    to: to.length ? to : envelopeTo,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    date: (parsed.date ?? new Date()).toISOString(),
    receivedAt: new Date().toISOString(),
    size,
  };
}

export async function startMailCatcher(opts: MailCatcherOptions = {}): Promise<MailCatcher> {
  const inbox = new Inbox(opts);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: opts.maxSize ?? 10 * 1024 * 1024,
    onData(stream, session, callback) {
      // The 250 reply is sent only once the mail is in the inbox: a sender that saw success can read it at once.
      const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
      let size = 0;
      stream.on('data', (c: Buffer) => { size += c.length; });
      simpleParser(stream)
        .then((parsed) => { inbox.add(toCaughtMessage(parsed, envelopeTo, size)); callback(); })
        .catch((e: Error) => callback(e));
    },
  });
  server.on('error', () => {}); // a broken client connection must not bring the process down
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => { server.off('error', reject); resolve(); });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    host,
    port,
    inbox,
    listMessages: (filter) => inbox.listMessages(filter),
    getMessage: (id) => inbox.getMessage(id),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
