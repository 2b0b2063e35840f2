// A Phoenix message as both serialisers carry it, and the protocol version a socket speaks.
export type Vsn = '1.0.0' | '2.0.0';

export interface Frame {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

/** A client broadcast: `payload` is JSON, or a Buffer when the client sent binary (vsn 2.0.0 only). */
export interface UserBroadcast {
  type: 'broadcast';
  event: string;
  payload: unknown;
  meta?: Record<string, unknown>;
}

export type DecodeResult = { ok: true; frame: Frame } | { ok: false; reason: string };
