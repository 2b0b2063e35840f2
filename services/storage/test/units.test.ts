// Table tests of the pure parts: key and bucket rules, size strings, MIME matching, Range parsing,
// transform options, aws-chunked decoding, error rendering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { baseMime, isValidBucketName, keyProblem, mustBeAllowedMime, parseFileSizeLimit, effectiveSizeLimit } from '../src/limits.ts';
import { parseRange } from '../src/http/range.ts';
import { parseTransform, transformFromString, transformToString } from '../src/http/transform-query.ts';
import { awsChunkedDecoder } from '../src/http/routes/s3/aws-chunked.ts';
import { renderStorageError } from '../src/http/errors.ts';
import { uriEncode } from '../src/http/routes/s3/sigv4.ts';

test('object keys: allowed and refused', () => {
  for (const k of ['a', 'a/b/c.txt', "it's (1) & $=@;:+,?-_!*.txt", 'dir/.emptyFolderPlaceholder', '..a/b..', 'a.'.repeat(100), `${'s'.repeat(255)}/x`]) {
    assert.equal(keyProblem(k), null, k);
  }
  const refused: [unknown, string][] = [
    ['', 'empty key'], [undefined, 'empty key'], ['..', 'relative path segment'], ['a/../b', 'relative path segment'],
    ['./a', 'relative path segment'], ['/a', 'empty path segment'], ['a//b', 'empty path segment'], ['a/', 'empty path segment'],
    ['a\\b', 'invalid characters'], ['a\0b', 'invalid characters'], ['a\nb', 'invalid characters'], ['é.txt', 'invalid characters'],
    ['k'.repeat(1025), 'key too long'], [`a/${'s'.repeat(256)}`, 'path segment too long'], ['a#b', 'invalid characters'],
  ];
  for (const [k, why] of refused) assert.equal(keyProblem(k), why, String(k));
});

test('bucket names', () => {
  for (const b of ['avatars', 'My_Bucket-1', 'a.b', 'x'.repeat(100)]) assert.equal(isValidBucketName(b), true, b);
  for (const b of ['', '.', '..', 'a/b', 'x'.repeat(101), 'a\\b', '#multipart', 5]) assert.equal(isValidBucketName(b), false, String(b));
});

test('file size limits: integers and unit strings', () => {
  const cases: [unknown, number | null][] = [[null, null], [undefined, null], [0, 0], [1024, 1024], ['3B', 3], ['30KB', 30720], ['20MB', 20971520], ['1GB', 1073741824], ['1.5kb', 1536], [' 7 MB ', 7340032]];
  for (const [v, n] of cases) assert.equal(parseFileSizeLimit(v), n, String(v));
  for (const v of ['20XB', 'MB', -1, 1.5, {}]) assert.throws(() => parseFileSizeLimit(v), { code: 'InvalidRequest' }, String(v));
  assert.equal(effectiveSizeLimit(100, null, 'a'), 100);
  assert.equal(effectiveSizeLimit(100, 50, 'a'), 50);
  assert.equal(effectiveSizeLimit(100, '500', 'a'), 100);
  assert.equal(effectiveSizeLimit(100, 50, 'a/.emptyFolderPlaceholder'), 0);
});

test('MIME allow-lists', () => {
  assert.equal(baseMime('Text/Plain; charset=UTF-8'), 'text/plain');
  mustBeAllowedMime('image/png', null);
  mustBeAllowedMime('image/png', []);
  mustBeAllowedMime('image/png', ['image/*']);
  mustBeAllowedMime('text/plain;charset=UTF-8', ['text/plain']);
  for (const [m, allowed] of [['text/plain', ['image/*']], ['image', null], ['image/png/x', null], ['', null], ['application/pdf', ['application/json']]] as const) {
    assert.throws(() => mustBeAllowedMime(m, allowed as string[] | null), { code: 'InvalidMimeType' }, m);
  }
});

test('Range headers', () => {
  const cases: [string | undefined, number, unknown][] = [
    [undefined, 10, { kind: 'none' }], ['bytes=0-0', 10, { kind: 'range', range: { start: 0, end: 0 } }],
    ['bytes=2-5', 10, { kind: 'range', range: { start: 2, end: 5 } }], ['bytes=7-', 10, { kind: 'range', range: { start: 7, end: 9 } }],
    ['bytes=-3', 10, { kind: 'range', range: { start: 7, end: 9 } }], ['bytes=-30', 10, { kind: 'range', range: { start: 0, end: 9 } }],
    ['bytes=5-100', 10, { kind: 'range', range: { start: 5, end: 9 } }], ['bytes=1-2, 4-5', 10, { kind: 'range', range: { start: 1, end: 2 } }],
    ['bytes=10-', 10, { kind: 'unsatisfiable' }], ['bytes=5-2', 10, { kind: 'unsatisfiable' }], ['bytes=-0', 10, { kind: 'unsatisfiable' }],
    ['bytes=x-y', 10, { kind: 'unsatisfiable' }], ['items=0-1', 10, { kind: 'none' }], ['bytes=0-', 0, { kind: 'unsatisfiable' }],
  ];
  for (const [h, size, want] of cases) assert.deepEqual(parseRange(h, size), want, String(h));
});

test('transform options: query parsing and the signed-token string', () => {
  assert.deepEqual(parseTransform({ width: '100', height: '50', resize: 'contain', quality: '70', format: 'webp' }),
    { width: 100, height: 50, resize: 'contain', quality: 70, format: 'webp' });
  assert.deepEqual(parseTransform({ width: '0', apikey: 'x' }), {});
  for (const q of [{ width: '-1' }, { width: 'abc' }, { quality: '10' }, { resize: 'crop' }, { format: 'gif' }, { height: '20001' }]) {
    assert.throws(() => parseTransform(q), { code: 'InvalidParameter' }, JSON.stringify(q));
  }
  const s = transformToString({ height: 5, width: 10, format: 'avif' });
  assert.equal(s, 'width:10,height:5,format:avif');
  assert.deepEqual(transformFromString(s), { width: 10, height: 5, format: 'avif' });
  assert.deepEqual(transformFromString(undefined), {});
});

async function decode(parts: string[]): Promise<string> {
  const out: Buffer[] = [];
  for await (const c of Readable.from(parts.map((p) => Buffer.from(p))).pipe(awsChunkedDecoder())) out.push(c);
  return Buffer.concat(out).toString();
}

test('aws-chunked bodies decode across any split, with or without chunk signatures and trailers', async () => {
  const body = '5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAA\r\n\r\n';
  assert.equal(await decode([body]), 'hello world');
  for (let i = 1; i < body.length; i += 3) assert.equal(await decode([body.slice(0, i), body.slice(i)]), 'hello world', `split at ${i}`);
  await assert.rejects(decode(['5\r\nhel']), /ended early/);
  await assert.rejects(decode(['zz\r\n']), /invalid aws-chunked size/);
});

test('storage errors render with the HTTP-400 quirk, except codes with their own status', () => {
  assert.deepEqual(renderStorageError('NoSuchKey'), { status: 400, body: { statusCode: '404', code: 'NoSuchKey', error: 'not_found', message: 'Object not found' } });
  assert.equal(renderStorageError('InvalidRange').status, 416);
  assert.equal(renderStorageError('InternalError').status, 500);
  assert.equal(renderStorageError('DatabaseTimeout').status, 544);
  assert.equal(renderStorageError('NotACode').body.code, 'InternalError');
});

test('SigV4 URI encoding is RFC 3986', () => {
  assert.equal(uriEncode("a b!'()*~._-/"), 'a%20b%21%27%28%29%2A~._-%2F');
});
