// The ObjectBackend conformance suite: every adapter (filesystem, S3) must pass the same scenarios.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { BackendKeyRefused, BackendNotFound, type ObjectBackend } from '../src/index.ts';

export interface BackendFixture {
  backend: ObjectBackend;
  /** A second backend of the same kind, sharing the parent folder or bucket under another root/prefix. */
  neighbour: ObjectBackend;
  /** Every stored key anywhere in the shared parent folder or bucket. */
  everything(): Promise<string[]>;
  /** Leftovers of failed writes (temp files, unfinished multipart uploads). */
  leftovers(): Promise<number>;
}

const md5 = (b: Buffer) => `"${createHash('md5').update(b).digest('hex')}"`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function readAll(r: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of r) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks);
}

async function keys(b: ObjectBackend, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for await (const e of b.list(prefix)) out.push(e.key);
  return out.sort();
}

/** A stream that yields `good` and then fails, like a client that disconnects. */
function failing(good: Buffer): Readable {
  return Readable.from((async function* () { yield good; throw new Error('client went away'); })());
}

export function backendConformance(fx: () => BackendFixture): void {
  test('put then get/head: same bytes, size, md5 ETag for a single-part body', async () => {
    const { backend } = fx();
    const body = randomBytes(100_000);
    const st = await backend.put('c/put/one.bin', Readable.from([body]), { contentType: 'application/octet-stream' });
    assert.equal(st.size, body.length);
    assert.equal(st.etag, md5(body));
    const got = await backend.get('c/put/one.bin');
    assert.equal(got.size, body.length);
    assert.ok(got.lastModified instanceof Date);
    assert.ok((await readAll(got.body)).equals(body));
    const head = await backend.head('c/put/one.bin');
    assert.equal(head?.size, body.length);
    assert.equal(head?.etag, md5(body));
  });

  test('empty objects are stored and read back', async () => {
    const { backend } = fx();
    assert.equal((await backend.put('c/empty/e', Readable.from([]))).size, 0);
    assert.equal((await readAll((await backend.get('c/empty/e')).body)).length, 0);
  });

  test('ranges: inclusive start/end, total size reported', async () => {
    const { backend } = fx();
    await backend.put('c/range/r', Readable.from([Buffer.from('0123456789')]));
    const r = await backend.get('c/range/r', { range: { start: 3, end: 6 } });
    assert.equal((await readAll(r.body)).toString(), '3456');
    assert.equal(r.size, 10);
    assert.deepEqual(r.range, { start: 3, end: 6 });
    assert.equal((await readAll((await backend.get('c/range/r', { range: { start: 9, end: 9 } })).body)).toString(), '9');
  });

  test('missing objects: get throws BackendNotFound, head is null, delete is a no-op', async () => {
    const { backend } = fx();
    await assert.rejects(backend.get('c/missing/x'), BackendNotFound);
    assert.equal(await backend.head('c/missing/x'), null);
    await backend.delete(['c/missing/x']);
    await assert.rejects(backend.copy('c/missing/x', 'c/missing/y'), BackendNotFound);
  });

  test('put replaces an existing key whole', async () => {
    const { backend } = fx();
    await backend.put('c/replace/k', Readable.from([Buffer.from('first version')]));
    await backend.put('c/replace/k', Readable.from([Buffer.from('second')]));
    assert.equal((await readAll((await backend.get('c/replace/k')).body)).toString(), 'second');
  });

  test('a body that fails midway stores nothing and leaves nothing behind', async () => {
    const f = fx();
    await assert.rejects(f.backend.put('c/fail/k', failing(randomBytes(64 * 1024))), /client went away/);
    assert.equal(await f.backend.head('c/fail/k'), null);
    assert.equal(await f.leftovers(), 0);
    await f.backend.put('c/fail/k2', Readable.from([Buffer.from('old')]));
    await assert.rejects(f.backend.put('c/fail/k2', failing(randomBytes(1024))));
    assert.equal((await readAll((await f.backend.get('c/fail/k2')).body)).toString(), 'old', 'a failed replace keeps the old object');
  });

  test('an aborted put stores nothing', async () => {
    const f = fx();
    const ac = new AbortController();
    const slow = Readable.from((async function* () {
      yield randomBytes(1024);
      ac.abort();
      await new Promise((r) => setImmediate(r));
      yield randomBytes(1024);
    })());
    await assert.rejects(f.backend.put('c/abort/k', slow, { signal: ac.signal }));
    assert.equal(await f.backend.head('c/abort/k'), null);
    assert.equal(await f.leftovers(), 0);
  });

  test('copy duplicates the bytes; deleting the source keeps the copy', async () => {
    const { backend } = fx();
    const body = randomBytes(10_000);
    await backend.put('c/copy/src', Readable.from([body]));
    const st = await backend.copy('c/copy/src', 'c/copy/dst/deeper');
    assert.equal(st.size, body.length);
    await backend.delete(['c/copy/src']);
    assert.ok((await readAll((await backend.get('c/copy/dst/deeper')).body)).equals(body));
  });

  test('list by prefix and delete many', async () => {
    const { backend } = fx();
    for (const k of ['c/list/a/1', 'c/list/a/2', 'c/list/b/1', 'c/lister/x']) await backend.put(k, Readable.from([Buffer.from(k)]));
    assert.deepEqual(await keys(backend, 'c/list/'), ['c/list/a/1', 'c/list/a/2', 'c/list/b/1']);
    assert.deepEqual(await keys(backend, 'c/list/a/'), ['c/list/a/1', 'c/list/a/2']);
    assert.deepEqual(await keys(backend, 'c/list'), ['c/list/a/1', 'c/list/a/2', 'c/list/b/1', 'c/lister/x']);
    await backend.delete(['c/list/a/1', 'c/list/a/2', 'c/list/b/1', 'c/lister/x']);
    assert.deepEqual(await keys(backend, 'c/list'), []);
  });

  test('unsafe keys are refused and nothing lands outside the root or prefix', async () => {
    const f = fx();
    const before = await f.everything();
    for (const k of ['../x', '../../x', 'a/../../x', '/abs', './a', 'a/./b', 'a//b', 'a\\..\\x', 'a\0b', '', 'a/', '..']) {
      await assert.rejects(f.backend.put(k, Readable.from([Buffer.from('x')])), BackendKeyRefused, JSON.stringify(k));
      await assert.rejects(f.backend.get(k), BackendKeyRefused);
      await assert.rejects(f.backend.delete([k]), BackendKeyRefused);
      await assert.rejects(f.backend.copy('c/none', k), (e) => e instanceof BackendKeyRefused || e instanceof BackendNotFound);
    }
    assert.deepEqual(await f.everything(), before);
  });

  test('two projects under one parent never see each other’s keys', async () => {
    const f = fx();
    await f.backend.put('c/iso/secret', Readable.from([Buffer.from('mine')]));
    await f.neighbour.put('c/iso/secret', Readable.from([Buffer.from('theirs')]));
    assert.equal((await readAll((await f.backend.get('c/iso/secret')).body)).toString(), 'mine');
    assert.deepEqual(await keys(f.neighbour, 'c/iso/'), ['c/iso/secret']);
    await f.neighbour.delete(['c/iso/secret']);
    assert.equal((await readAll((await f.backend.get('c/iso/secret')).body)).toString(), 'mine');
  });

  test('a 20 MB body streams through (multipart where the store uses it) byte-identical', async () => {
    const { backend } = fx();
    const part = randomBytes(1024 * 1024);
    const chunks = Array.from({ length: 20 }, (_, i) => Buffer.concat([part.subarray(i), part.subarray(0, i)]));
    const st = await backend.put('c/big/b', Readable.from(chunks));
    assert.equal(st.size, 20 * 1024 * 1024);
    assert.equal(sha(await readAll((await backend.get('c/big/b')).body)), sha(Buffer.concat(chunks)));
    await backend.delete(['c/big/b']);
  });
}
