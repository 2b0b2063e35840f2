// Fuzzy name matching for "Perhaps you meant …" hints: a Levenshtein similarity in [0, 1] (1 = equal),
// the score fuzzyset-style matchers rank by. PostgREST suggests tables and functions at >= 0.75.

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

export function similarity(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const len = Math.max(x.length, y.length);
  return len === 0 ? 1 : 1 - levenshtein(x, y) / len;
}

/** The best candidate with a similarity of at least `min`, if any. */
export function closest(name: string, candidates: Iterable<string>, min: number): string | null {
  let best: string | null = null;
  let bestScore = min;
  for (const c of candidates) {
    const s = similarity(name, c);
    if (s > bestScore || (s === bestScore && best === null)) { best = c; bestScore = s; }
  }
  return best;
}
