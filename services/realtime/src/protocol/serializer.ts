// Phoenix serialisers realtime-js speaks. vsn 1.0.0: JSON objects. vsn 2.0.0: JSON arrays
// [join_ref, ref, topic, event, payload] plus binary frames (kind 0 push and kind 3 user broadcast from the
// client, kind 4 user broadcast to the client, used only for binary payloads). Pure functions.
import type { DecodeResult, Frame, Vsn } from './frame.ts';

const KIND_PUSH = 0;
const KIND_USER_BROADCAST_PUSH = 3;
const KIND_USER_BROADCAST = 4;
const ENCODING_BINARY = 0;
const ENCODING_JSON = 1;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : v === null || v === undefined ? null : typeof v === 'number' ? String(v) : null);

function fromParts(joinRef: unknown, ref: unknown, topic: unknown, event: unknown, payload: unknown): DecodeResult {
  if (typeof topic !== 'string' || typeof event !== 'string') return { ok: false, reason: 'topic and event must be strings' };
  return { ok: true, frame: { joinRef: str(joinRef), ref: str(ref), topic, event, payload: payload ?? {} } };
}

function decodeText(text: string, vsn: Vsn): DecodeResult {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'frame is not valid JSON' };
  }
  if (vsn === '2.0.0') {
    if (!Array.isArray(v) || v.length !== 5) return { ok: false, reason: 'frame must be a 5-element array' };
    return fromParts(v[0], v[1], v[2], v[3], v[4]);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, reason: 'frame must be an object' };
  const o = v as Record<string, unknown>;
  return fromParts(o.join_ref, o.ref, o.topic, o.event, o.payload);
}

/** Reads `n` length-prefixed UTF-8 fields starting at `offset`; null when the buffer is too short. */
function fields(buf: Buffer, lengths: number[], offset: number): { values: string[]; end: number } | null {
  const values: string[] = [];
  let at = offset;
  for (const len of lengths) {
    if (at + len > buf.length) return null;
    values.push(buf.toString('utf8', at, at + len));
    at += len;
  }
  return { values, end: at };
}

function decodeBinary(buf: Buffer): DecodeResult {
  const kind = buf[0];
  if (kind === KIND_PUSH) {
    if (buf.length < 5) return { ok: false, reason: 'truncated binary push' };
    const f = fields(buf, [buf[1], buf[2], buf[3], buf[4]], 5);
    if (!f) return { ok: false, reason: 'truncated binary push' };
    const [joinRef, ref, topic, event] = f.values;
    return { ok: true, frame: { joinRef: joinRef || null, ref: ref || null, topic, event, payload: buf.subarray(f.end) } };
  }
  if (kind === KIND_USER_BROADCAST_PUSH) {
    if (buf.length < 7) return { ok: false, reason: 'truncated user broadcast' };
    const encoding = buf[6];
    if (encoding !== ENCODING_BINARY && encoding !== ENCODING_JSON) return { ok: false, reason: 'unknown payload encoding' };
    const f = fields(buf, [buf[1], buf[2], buf[3], buf[4], buf[5]], 7);
    if (!f) return { ok: false, reason: 'truncated user broadcast' };
    const [joinRef, ref, topic, userEvent, metadata] = f.values;
    const raw = buf.subarray(f.end);
    let payload: unknown = raw;
    let meta: Record<string, unknown> | undefined;
    try {
      if (encoding === ENCODING_JSON) payload = raw.length ? JSON.parse(raw.toString('utf8')) : {};
      if (metadata) meta = JSON.parse(metadata) as Record<string, unknown>;
    } catch {
      return { ok: false, reason: 'user broadcast carries invalid JSON' };
    }
    const body: Record<string, unknown> = { type: 'broadcast', event: userEvent, payload };
    if (meta && typeof meta === 'object') body.meta = meta;
    return { ok: true, frame: { joinRef: joinRef || null, ref: ref || null, topic, event: 'broadcast', payload: body } };
  }
  return { ok: false, reason: `unknown binary frame kind ${kind}` };
}

export function decodeFrame(data: Buffer | string, isBinary: boolean, vsn: Vsn): DecodeResult {
  if (!isBinary) return decodeText(typeof data === 'string' ? data : data.toString('utf8'), vsn);
  if (vsn !== '2.0.0') return { ok: false, reason: 'binary frames need vsn 2.0.0' };
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  if (buf.length === 0) return { ok: false, reason: 'empty binary frame' };
  return decodeBinary(buf);
}

const j = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

/** A text frame whose payload is already JSON text: fan-out serialises the payload once for every socket. */
export function encodeText(vsn: Vsn, joinRef: string | null, ref: string | null, topic: string, event: string, payloadJson: string): string {
  if (vsn === '2.0.0') return `[${j(joinRef)},${j(ref)},${JSON.stringify(topic)},${JSON.stringify(event)},${payloadJson}]`;
  return `{"join_ref":${j(joinRef)},"ref":${j(ref)},"topic":${JSON.stringify(topic)},"event":${JSON.stringify(event)},"payload":${payloadJson}}`;
}

export function encodeFrame(vsn: Vsn, f: Frame): string {
  return encodeText(vsn, f.joinRef, f.ref, f.topic, f.event, JSON.stringify(f.payload ?? {}));
}

/**
 * Kind 4 user broadcast for a binary payload (vsn 2.0.0 only; vsn 1.0.0 sockets cannot carry one). Returns
 * null when a field is longer than the format's 255 bytes.
 */
export function encodeBinaryBroadcast(topic: string, userEvent: string, payload: Buffer, meta?: Record<string, unknown>): Buffer | null {
  const t = Buffer.from(topic, 'utf8');
  const e = Buffer.from(userEvent, 'utf8');
  const m = Buffer.from(meta ? JSON.stringify(meta) : '', 'utf8');
  if (t.length > 255 || e.length > 255 || m.length > 255) return null;
  const head = Buffer.from([KIND_USER_BROADCAST, t.length, e.length, m.length, ENCODING_BINARY]);
  return Buffer.concat([head, t, e, m, payload]);
}
