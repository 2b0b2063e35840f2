// A per-second counter: `take(n)` admits n events unless this second's budget is spent. Fixed one-second
// windows (a burst may reach twice the limit across a boundary); cheap enough for every frame.
export class RateCounter {
  #windowStart = 0;
  #count = 0;

  constructor(readonly limit: number, private readonly now: () => number = Date.now) {}

  take(n = 1): boolean {
    const t = this.now();
    if (t - this.#windowStart >= 1000) {
      this.#windowStart = t;
      this.#count = 0;
    }
    if (this.#count + n > this.limit) return false;
    this.#count += n;
    return true;
  }
}
