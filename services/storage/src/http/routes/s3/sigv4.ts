// AWS Signature Version 4 verification for the S3 protocol endpoint: the Authorization header form and
// presigned query URLs. Pure apart from the secret lookup; rebuilds the canonical request from the raw
// path and query exactly as sent (S3 signs paths without normalisation).
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedRequest {
  method: string;
  /** The raw request target (`/storage/v1/s3/bucket/key?x=y`), undecoded. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface SigV4Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  /** Hash the signature covers: hex sha256, UNSIGNED-PAYLOAD or a STREAMING-* marker. */
  payloadHash: string;
  presigned: boolean;
  expiresS?: number;
  sessionToken?: string;
}

export class SigV4Error extends Error {
  constructor(readonly s3Code: 'AccessDenied' | 'SignatureDoesNotMatch' | 'InvalidAccessKeyId' | 'RequestTimeTooSkewed' | 'AuthorizationQueryParametersError', message: string) { super(message); }
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
export function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function header(h: SignedRequest['headers'], name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function queryPairs(url: string): [string, string][] {
  const q = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  if (!q) return [];
  return q.split('&').filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, '%20'));
    return i < 0 ? [dec(p), ''] : [dec(p.slice(0, i)), dec(p.slice(i + 1))];
  });
}

/** Reads the credential from the Authorization header or the X-Amz-* query parameters; null when unsigned. */
export function parseCredential(req: SignedRequest): SigV4Credential | null {
  const auth = header(req.headers, 'authorization');
  if (auth && auth.startsWith('AWS4-HMAC-SHA256 ')) {
    const parts = Object.fromEntries(auth.slice(17).split(',').map((p) => p.trim().split('=') as [string, string]));
    const cred = (parts.Credential ?? '').split('/');
    if (cred.length !== 5 || !parts.SignedHeaders || !parts.Signature) throw new SigV4Error('AccessDenied', 'Malformed Authorization header');
    return {
      accessKeyId: cred[0], date: cred[1], region: cred[2], service: cred[3],
      signedHeaders: parts.SignedHeaders.split(';'), signature: parts.Signature,
      amzDate: header(req.headers, 'x-amz-date') ?? '',
      payloadHash: header(req.headers, 'x-amz-content-sha256') ?? 'UNSIGNED-PAYLOAD',
      presigned: false, sessionToken: header(req.headers, 'x-amz-security-token'),
    };
  }
  const q = Object.fromEntries(queryPairs(req.url));
  if (q['X-Amz-Algorithm'] === 'AWS4-HMAC-SHA256') {
    const cred = (q['X-Amz-Credential'] ?? '').split('/');
    if (cred.length !== 5) throw new SigV4Error('AuthorizationQueryParametersError', 'Malformed X-Amz-Credential');
    return {
      accessKeyId: cred[0], date: cred[1], region: cred[2], service: cred[3],
      signedHeaders: (q['X-Amz-SignedHeaders'] ?? 'host').split(';'), signature: q['X-Amz-Signature'] ?? '',
      amzDate: q['X-Amz-Date'] ?? '', payloadHash: 'UNSIGNED-PAYLOAD', presigned: true,
      expiresS: Number(q['X-Amz-Expires'] ?? 0), sessionToken: q['X-Amz-Security-Token'],
    };
  }
  return null;
}

function amzTime(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : NaN;
}

export function canonicalRequest(req: SignedRequest, c: SigV4Credential): string {
  const path = req.url.split('?')[0];
  const query = queryPairs(req.url)
    .filter(([k]) => !(c.presigned && k === 'X-Amz-Signature'))
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`).join('&');
  const headers = c.signedHeaders.map((h) => `${h}:${(header(req.headers, h) ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  return [req.method, path, query, headers, c.signedHeaders.join(';'), c.payloadHash].join('\n');
}

/** Throws SigV4Error unless the request is signed with `secret` and within its time window. */
export function verifySignature(req: SignedRequest, c: SigV4Credential, secret: string, now = Date.now()): void {
  const t = amzTime(c.amzDate);
  if (Number.isNaN(t) || !c.amzDate.startsWith(c.date)) throw new SigV4Error('AccessDenied', 'Invalid X-Amz-Date');
  if (c.presigned) {
    if (!(c.expiresS! > 0 && c.expiresS! <= 604800)) throw new SigV4Error('AuthorizationQueryParametersError', 'Invalid X-Amz-Expires');
    if (now > t + c.expiresS! * 1000) throw new SigV4Error('AccessDenied', 'Request has expired');
  } else if (Math.abs(now - t) > 15 * 60 * 1000) {
    throw new SigV4Error('RequestTimeTooSkewed', 'The difference between the request time and the server time is too large');
  }
  if (!c.signedHeaders.includes('host')) throw new SigV4Error('AccessDenied', 'The host header must be signed');
  const scope = `${c.date}/${c.region}/${c.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', c.amzDate, scope, sha256hex(canonicalRequest(req, c))].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, c.date), c.region), c.service), 'aws4_request');
  const expected = hmac(key, toSign);
  const given = Buffer.from(c.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new SigV4Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided');
  }
}
