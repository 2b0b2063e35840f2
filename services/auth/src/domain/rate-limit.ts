// In-memory rate limits as GoTrue's: a token bucket per (limit, key) holding `count` tokens refilled over
// `periodS`. Keys are client IPs, or a fixed key for project-wide limits (emails sent).
import type { RateLimit } from '../config.ts';

interface Bucket { tokens: number; at: number }

export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  constructor(private readonly now: () => number = Date.now, private readonly maxKeys = 50_000) {}

  /** Takes one token; false when the bucket is empty. */
  take(name: string, key: string, limit: RateLimit): boolean {
    const id = `${name}\u0000${key}`;
    const t = this.now();
    const rate = limit.count / (limit.periodS * 1000);
    let b = this.#buckets.get(id);
    if (!b) {
      if (this.#buckets.size >= this.maxKeys) this.#buckets.delete(this.#buckets.keys().next().value as string);
      b = { tokens: limit.count, at: t };
      this.#buckets.set(id, b);
    } else {
      b.tokens = Math.min(limit.count, b.tokens + (t - b.at) * rate);
      b.at = t;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}
