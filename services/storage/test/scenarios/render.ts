// Image transformations through supabase-js (download/getPublicUrl/createSignedUrl with `transform`) and raw requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { Stack } from '../helpers.ts';

const uniq = (t: string) => `${t}-${randomBytes(3).toString('hex')}`;

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } }).png().toBuffer();
}

async function dims(b: Buffer): Promise<[number, number, string]> {
  const m = await sharp(b).metadata();
  return [m.width!, m.height!, m.format!];
}

export function renderScenarios(stack: () => Stack): void {
  const bucket = uniq('img');
  let ready: Promise<void> | null = null;
  const setup = () => (ready ??= (async () => {
    const s = stack().service.storage;
    await s.createBucket(bucket, { public: true });
    await s.from(bucket).upload('photo.png', await png(400, 300), { contentType: 'image/png' });
    await s.from(bucket).upload('notes.txt', 'not an image', { contentType: 'text/plain' });
  })());

  test('render: resize cover / contain / fill returns the requested size', async () => {
    await setup();
    const s = stack().service.storage;
    for (const [resize, expected] of [['cover', [100, 100]], ['contain', [100, 75]], ['fill', [100, 100]]] as const) {
      const r = await s.from(bucket).download('photo.png', { transform: { width: 100, height: 100, resize } });
      assert.equal(r.error, null);
      const [w, h] = await dims(Buffer.from(await r.data!.arrayBuffer()));
      assert.deepEqual([w, h], expected, resize);
    }
    const wOnly = await s.from(bucket).download('photo.png', { transform: { width: 200 } });
    assert.deepEqual((await dims(Buffer.from(await wOnly.data!.arrayBuffer()))).slice(0, 2), [200, 150]);
  });

  test('render: formats (origin, webp, avif, WebP when accepted), quality and headers', async () => {
    await setup();
    const st = stack();
    const base = `/render/image/authenticated/${bucket}/photo.png?width=50&height=50`;
    const origin = await st.fetch(`${base}&format=origin`);
    assert.equal(origin.headers.get('content-type'), 'image/png');
    assert.match(origin.headers.get('x-transformations')!, /width:50/);
    assert.equal((await dims(Buffer.from(await origin.arrayBuffer())))[2], 'png');
    const webp = await st.fetch(`${base}&format=webp&quality=50`);
    assert.equal(webp.headers.get('content-type'), 'image/webp');
    assert.equal((await dims(Buffer.from(await webp.arrayBuffer())))[2], 'webp');
    const avif = await st.fetch(`${base}&format=avif`);
    assert.equal(avif.headers.get('content-type'), 'image/avif');
    await avif.arrayBuffer();
    const auto = await st.fetch(base, { headers: { accept: 'image/webp,*/*' } });
    assert.equal(auto.headers.get('content-type'), 'image/webp');
    await auto.arrayBuffer();
    const bad = await st.fetch(`${base}&format=gif`);
    assert.equal((await bad.json()).code, 'InvalidParameter');
    const huge = await st.fetch(`/render/image/authenticated/${bucket}/photo.png?width=99999`);
    assert.equal((await huge.json()).statusCode, '400');
  });

  test('render: public and signed URLs with transform options', async () => {
    await setup();
    const s = stack().service.storage;
    const pub = s.from(bucket).getPublicUrl('photo.png', { transform: { width: 40, height: 30 } }).data.publicUrl;
    assert.match(pub, /\/render\/image\/public\//);
    const r = await fetch(pub);
    assert.deepEqual((await dims(Buffer.from(await r.arrayBuffer()))).slice(0, 2), [40, 30]);
    const signed = (await s.from(bucket).createSignedUrl('photo.png', 60, { transform: { width: 64, height: 64, resize: 'contain' } })).data!.signedUrl;
    assert.match(signed, /\/render\/image\/sign\//);
    const sr = await fetch(signed);
    assert.equal(sr.status, 200);
    assert.deepEqual((await dims(Buffer.from(await sr.arrayBuffer()))).slice(0, 2), [64, 48]);
  });

  test('render: a non-image is a 400, a missing object a 404, RLS applies to the authenticated route', async () => {
    await setup();
    const st = stack();
    const txt = await st.fetch(`/render/image/authenticated/${bucket}/notes.txt?width=10`);
    assert.equal(txt.status, 400);
    assert.equal((await txt.json()).statusCode, '400');
    assert.equal((await (await st.fetch(`/render/image/authenticated/${bucket}/none.png?width=10`)).json()).statusCode, '404');
    const u = await st.userClient();
    assert.equal((await u.client.storage.from(bucket).download('photo.png', { transform: { width: 10 } })).error?.statusCode, '404');
  });
}
