// A small LRU of verified JWTs keyed by the token, so hot paths skip re-verifying. Entries die at exp (+ skew).
import { CLOCK_SKEW_S, type Claims } from '@powabase/keys';

interface Entry { claims: Readonly<Claims>; until: number }

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

export class TokenCache {
  readonly #entries = new Map<string, Entry>();

  constructor(readonly max = 1000, readonly now: () => number = Date.now) {}

  get size(): number { return this.#entries.size; }

  get(token: string): Readonly<Claims> | undefined {
    const e = this.#entries.get(token);
    if (!e) return undefined;
    this.#entries.delete(token);
    if (e.until <= this.now()) return undefined;
    this.#entries.set(token, e); // most recently used goes last
    return e.claims;
  }

  /** Stores verified claims (frozen, as every hit hands out the same object) and returns them. */
  set(token: string, claims: Claims): Readonly<Claims> {
    const frozen = deepFreeze(claims);
    // verifyJwt accepts a token up to CLOCK_SKEW_S after exp; the cache must not outlive that.
    const until = typeof claims.exp === 'number' ? (claims.exp + CLOCK_SKEW_S) * 1000 : Infinity;
    if (until <= this.now()) return frozen;
    this.#entries.delete(token);
    this.#entries.set(token, { claims: frozen, until });
    if (this.#entries.size > this.max) this.#entries.delete(this.#entries.keys().next().value as string);
    return frozen;
  }
}
