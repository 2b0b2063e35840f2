// Row Level Security through supabase-js: own-folder policies for authenticated users, anon denied on
// private buckets, public buckets readable without a token, bad JWTs refused on authenticated routes only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Stack } from '../helpers.ts';

export function rlsScenarios(stack: () => Stack): void {
  const bucket = `rls-${randomBytes(3).toString('hex')}`;
  const insertOnly = `ins-${randomBytes(3).toString('hex')}`;
  const pub = `pub-${randomBytes(3).toString('hex')}`;
  let ready: Promise<void> | null = null;

  function setup(): Promise<void> {
    ready ??= (async () => {
      const st = stack();
      for (const [id, isPublic] of [[bucket, false], [insertOnly, false], [pub, true]] as const) {
        assert.equal((await st.service.storage.createBucket(id, { public: isPublic })).error, null);
      }
      const own = `bucket_id = '${bucket}' and (storage.foldername(name))[1] = auth.uid()::text`;
      await st.sql(`create policy "own insert ${bucket}" on storage.objects for insert to authenticated with check (${own})`);
      await st.sql(`create policy "own select ${bucket}" on storage.objects for select to authenticated using (${own})`);
      await st.sql(`create policy "own update ${bucket}" on storage.objects for update to authenticated using (${own}) with check (${own})`);
      await st.sql(`create policy "own delete ${bucket}" on storage.objects for delete to authenticated using (${own})`);
      await st.sql(`create policy "insert only ${insertOnly}" on storage.objects for insert to authenticated with check (bucket_id = '${insertOnly}')`);
    })();
    return ready;
  }

  test('RLS: a user writes and reads only their own folder', async () => {
    await setup();
    const st = stack();
    const a = await st.userClient();
    const b = await st.userClient();
    const mine = `${a.sub}/note.txt`;
    const up = await a.client.storage.from(bucket).upload(mine, 'from A', { contentType: 'text/plain' });
    assert.equal(up.error, null);
    const owner = await st.sql('select owner, owner_id from storage.objects where bucket_id = $1 and name = $2', [bucket, mine]);
    assert.deepEqual(owner.rows[0], { owner: a.sub, owner_id: a.sub });
    const foreign = await a.client.storage.from(bucket).upload(`${b.sub}/intrusion.txt`, 'x');
    assert.equal(foreign.error?.statusCode, '403');
    assert.equal((foreign.error as { code?: string }).code, 'AccessDenied');
    assert.equal(await (await a.client.storage.from(bucket).download(mine)).data!.text(), 'from A');
    assert.deepEqual((await a.client.storage.from(bucket).list(a.sub)).data!.map((e) => e.name), ['note.txt']);
    assert.deepEqual((await a.client.storage.from(bucket).list()).data!.map((e) => e.name), [a.sub]);
    assert.equal((await a.client.storage.from(bucket).upload(mine, 'A again', { upsert: true })).error, null);
    assert.equal((await a.client.storage.from(bucket).update(mine, 'A updated')).error, null);
    assert.ok((await a.client.storage.from(bucket).createSignedUrl(mine, 60)).data?.signedUrl);

    // B sees nothing of A's and can change nothing of it.
    assert.equal((await b.client.storage.from(bucket).download(mine)).error?.statusCode, '404');
    assert.equal((await b.client.storage.from(bucket).exists(mine)).data, false);
    assert.equal((await b.client.storage.from(bucket).info(mine)).error?.statusCode, '404');
    assert.equal((await b.client.storage.from(bucket).createSignedUrl(mine, 60)).error?.statusCode, '404');
    assert.deepEqual((await b.client.storage.from(bucket).remove([mine])).data, []);
    assert.equal((await b.client.storage.from(bucket).move(mine, `${b.sub}/stolen.txt`)).error?.statusCode, '404');
    assert.equal((await b.client.storage.from(bucket).copy(mine, `${b.sub}/stolen.txt`)).error?.statusCode, '404');
    assert.equal((await b.client.storage.from(bucket).upload(mine, 'overwrite', { upsert: true })).error?.statusCode, '403');
    assert.deepEqual((await b.client.storage.from(bucket).list()).data, []);
    assert.equal((await b.client.storage.from(bucket).createSignedUploadUrl(mine)).error?.statusCode, '403');
    assert.equal(await (await a.client.storage.from(bucket).download(mine)).data!.text(), 'A updated');

    // A may move, copy within and delete their own folder.
    assert.equal((await a.client.storage.from(bucket).copy(mine, `${a.sub}/copy.txt`)).error, null);
    assert.equal((await a.client.storage.from(bucket).move(`${a.sub}/copy.txt`, `${a.sub}/moved.txt`)).error, null);
    assert.equal((await a.client.storage.from(bucket).move(`${a.sub}/moved.txt`, `${b.sub}/gift.txt`)).error?.statusCode, '403');
    const signedUp = (await a.client.storage.from(bucket).createSignedUploadUrl(`${a.sub}/signed.txt`)).data!;
    assert.equal((await st.anon.storage.from(bucket).uploadToSignedUrl(`${a.sub}/signed.txt`, signedUp.token, 'signed')).error, null);
    const gone = await a.client.storage.from(bucket).remove([mine, `${a.sub}/moved.txt`, `${a.sub}/signed.txt`]);
    assert.equal(gone.data!.length, 3);
  });

  test('RLS: an insert-only policy allows uploads but not upserts, reads or listing', async () => {
    await setup();
    const st = stack();
    const u = await st.userClient();
    assert.equal((await u.client.storage.from(insertOnly).upload('f.txt', 'x')).error, null);
    assert.equal((await u.client.storage.from(insertOnly).upload('f.txt', 'y', { upsert: true })).error?.statusCode, '403');
    assert.equal((await u.client.storage.from(insertOnly).upload('f.txt', 'y')).error?.statusCode, '409');
    assert.equal((await u.client.storage.from(insertOnly).download('f.txt')).error?.statusCode, '404');
    assert.deepEqual((await u.client.storage.from(insertOnly).list()).data, []);
  });

  test('RLS: anon is denied on private buckets; public buckets are readable without a token', async () => {
    await setup();
    const st = stack();
    const a = await st.userClient();
    await a.client.storage.from(bucket).upload(`${a.sub}/secret.txt`, 'secret');
    await st.service.storage.from(pub).upload('open.txt', 'open');
    assert.equal((await st.anon.storage.from(bucket).download(`${a.sub}/secret.txt`)).error?.statusCode, '404');
    assert.equal((await st.anon.storage.from(bucket).upload('anon.txt', 'x')).error?.statusCode, '403');
    assert.deepEqual((await st.anon.storage.from(bucket).list()).data, []);
    assert.equal((await st.anon.storage.from(pub).upload('anon.txt', 'x')).error?.statusCode, '403');
    const r = await fetch(`${st.storageUrl}/object/public/${pub}/open.txt`);
    assert.equal(await r.text(), 'open');
    const nope = await fetch(`${st.storageUrl}/object/public/${bucket}/${a.sub}/secret.txt`);
    assert.equal((await nope.json()).statusCode, '404');
    const noCreds = await fetch(`${st.storageUrl}/object/authenticated/${bucket}/${a.sub}/secret.txt`);
    assert.equal(noCreds.status, 400);
    assert.equal((await noCreds.json()).statusCode, '403');
  });

  test('RLS: buckets are invisible and unchangeable without bucket policies', async () => {
    await setup();
    const u = await stack().userClient();
    assert.deepEqual((await u.client.storage.listBuckets()).data, []);
    assert.equal((await u.client.storage.getBucket(bucket)).error?.statusCode, '404');
    assert.equal((await u.client.storage.createBucket(`mine-${randomUUID()}`)).error?.statusCode, '403');
    assert.equal((await u.client.storage.deleteBucket(bucket)).error?.statusCode, '404');
    assert.equal((await u.client.storage.updateBucket(bucket, { public: true })).error?.statusCode, '404');
  });

  test('JWTs: an expired or forged Bearer is AccessDenied on authenticated routes, ignored on public ones', async () => {
    await setup();
    const st = stack();
    const { signJwt } = await import('@powabase/keys');
    const now = Math.floor(Date.now() / 1000);
    const expired = await signJwt(st.project.jwtSecret, { sub: randomUUID(), role: 'authenticated', iat: now - 7200, exp: now - 3600 });
    const forged = await signJwt('not-the-project-secret-not-the-project', { sub: randomUUID(), role: 'service_role' }, { expiresInS: 600 });
    for (const token of [expired, forged, 'garbage']) {
      const r = await st.fetch(`/bucket`, { token });
      assert.equal(r.status, 400);
      const body = await r.json();
      assert.equal(body.statusCode, '403');
      assert.equal(body.code, 'AccessDenied');
    }
    await st.service.storage.from(pub).upload('jwt.txt', 'still public', { upsert: true });
    const ok = await st.fetch(`/object/public/${pub}/jwt.txt`, { token: expired });
    assert.equal(await ok.text(), 'still public');
  });
}
