// The startup half of the Postgres wire protocol, enough to demand a password (md5) before a socket
// reaches PGlite, which itself trusts every client. Pure helpers; the worker owns the sockets.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SSL_REQUEST = 80877103;
export const GSSENC_REQUEST = 80877104;
export const CANCEL_REQUEST = 80877102;
export const PROTOCOL_3 = 196608;

export type Startup =
  | { kind: 'ssl' }
  | { kind: 'cancel' }
  | { kind: 'startup'; params: Record<string, string>; raw: Buffer };

/** Reads one untagged startup-phase message from buf; null when more bytes are needed. */
export function readStartup(buf: Buffer): { msg: Startup; rest: Buffer } | null {
  if (buf.length < 8) return null;
  const len = buf.readInt32BE(0);
  if (len < 8 || len > 10_000) throw new Error('invalid startup packet length');
  if (buf.length < len) return null;
  const code = buf.readInt32BE(4);
  const rest = buf.subarray(len);
  if (code === SSL_REQUEST || code === GSSENC_REQUEST) return { msg: { kind: 'ssl' }, rest };
  if (code === CANCEL_REQUEST) return { msg: { kind: 'cancel' }, rest };
  if (code !== PROTOCOL_3) throw new Error('unsupported frontend protocol');
  const params: Record<string, string> = {};
  const parts = buf.subarray(8, len - 1).toString('utf8').split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) if (parts[i]) params[parts[i]] = parts[i + 1];
  return { msg: { kind: 'startup', params, raw: Buffer.from(buf.subarray(0, len)) }, rest };
}

/** Reads one tagged message ('p' password); null when more bytes are needed. */
export function readTagged(buf: Buffer): { tag: string; body: Buffer; rest: Buffer } | null {
  if (buf.length < 5) return null;
  const len = buf.readInt32BE(1);
  if (len < 4 || len > 10_000) throw new Error('invalid message length');
  if (buf.length < len + 1) return null;
  return { tag: String.fromCharCode(buf[0]), body: buf.subarray(5, len + 1), rest: buf.subarray(len + 1) };
}

export function md5Request(salt: Buffer): Buffer {
  const out = Buffer.alloc(13);
  out.write('R', 0);
  out.writeInt32BE(12, 1);
  out.writeInt32BE(5, 5);
  salt.copy(out, 9);
  return out;
}

export function newSalt(): Buffer {
  return randomBytes(4);
}

const md5 = (s: string | Buffer) => createHash('md5').update(s).digest('hex');

/** The md5 answer a client computes: 'md5' + md5(md5(password + user) + salt). */
export function md5Answer(user: string, password: string, salt: Buffer): string {
  return 'md5' + md5(Buffer.concat([Buffer.from(md5(password + user)), salt]));
}

export function checkPassword(answer: string, user: string, password: string, salt: Buffer): boolean {
  const want = Buffer.from(md5Answer(user, password, salt));
  const got = Buffer.from(answer);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** An ErrorResponse message with severity FATAL. */
export function fatal(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([head, fields]);
}
