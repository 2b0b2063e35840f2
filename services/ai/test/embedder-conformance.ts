// The conformance suite every Embedder adapter passes: one vector per text, in order, of the declared
// size, deterministic, empty input allowed, related texts closer than unrelated ones, cancellation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Embedder } from '../src/embed/embedder.ts';

const cos = (a: Float32Array, b: Float32Array) => {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return d / Math.sqrt(na * nb);
};

export function embedderConformance(name: string, make: () => Promise<Embedder>, o: { expectedDims?: number } = {}): void {
  test(`${name}: one vector per text, in order, all the same size`, async () => {
    const e = await make();
    const texts = ['first text', 'second text about databases', 'third', ''];
    const v = await e.embed(texts);
    assert.equal(v.length, texts.length);
    const dims = v[0].length;
    assert.ok(v.every((x) => x.length === dims && x.every(Number.isFinite)));
    if (o.expectedDims) assert.equal(dims, o.expectedDims);
    if (e.dims !== null) assert.equal(e.dims, dims);
    const single = await e.embed([texts[1]]);
    assert.ok(cos(single[0], v[1]) > 0.999, 'order and batching do not change a vector');
  });

  test(`${name}: deterministic, and an empty list gives an empty list`, async () => {
    const e = await make();
    const [a] = await e.embed(['the same sentence twice']);
    const [b] = await e.embed(['the same sentence twice']);
    assert.ok(cos(a, b) > 0.9999);
    assert.deepEqual(await e.embed([]), []);
  });

  test(`${name}: related texts are closer than unrelated ones`, async () => {
    const e = await make();
    const [q, rel, unrel] = await e.embed([
      'how do I reset my account password',
      'to reset your account password open settings and choose reset password',
      'the volcano erupted and lava flowed into the valley',
    ]);
    assert.ok(cos(q, rel) > cos(q, unrel), `related ${cos(q, rel)} vs unrelated ${cos(q, unrel)}`);
  });

  test(`${name}: many texts (beyond one batch) keep their order`, async () => {
    const e = await make();
    const texts = Array.from({ length: 70 }, (_, i) => `document number ${i} mentions item${i}`);
    const all = await e.embed(texts);
    assert.equal(all.length, 70);
    const [last] = await e.embed([texts[69]]);
    assert.ok(cos(all[69], last) > 0.999);
  });

  test(`${name}: an aborted signal stops the call`, async () => {
    const e = await make();
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(e.embed(['x'.repeat(50)], ac.signal));
  });
}
