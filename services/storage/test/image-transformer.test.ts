// Unit checks of the transformer's bounds: they refuse before any byte is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transformImage } from '../src/storage/image-transformer.ts';
import type { ObjectRow } from '../src/types.ts';
import type { ObjectStorage } from '../src/storage/object-storage.ts';

const cfg = { enabled: true, maxInputBytes: 1000, maxDimension: 500, maxInputPixels: 1_000_000 };
const row = (size: number) => ({ metadata: { size } }) as unknown as ObjectRow;
const never = { read: () => { throw new Error('must not read'); } } as unknown as ObjectStorage;

test('sources above maxInputBytes are refused (EntityTooLarge) without reading', async () => {
  await assert.rejects(transformImage(cfg, never, row(1001), { width: 10 }), { code: 'EntityTooLarge' });
});

test('dimensions above maxDimension are refused', async () => {
  await assert.rejects(transformImage(cfg, never, row(10), { width: 501 }), { code: 'InvalidParameter' });
});

test('a disabled transformer refuses', async () => {
  await assert.rejects(transformImage({ ...cfg, enabled: false }, never, row(10), {}), { code: 'ImageTransformationNotEnabled' });
});
