// AI originals and derivatives as real Storage objects: the storage-backed FileStore over the storage
// service's platform-side object access (what apps/server wires), with the Storage API mounted beside
// the AI service as in a project: uploaded sources show in the `sources` bucket (private) under the
// documented path, import-from-storage reads a real bucket, deleting a source deletes its objects.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { projectRef, type ProjectInfo } from '@powabase/core';
import { baseMigrations, migrate, type Db } from '@powabase/db';
import { createGateway } from '@powabase/gateway';
import { issueProjectKeys } from '@powabase/keys';
import { createFileBackend, createServiceObjects, createStorageService, defaultStorageConfig, storageMigrations } from '@powabase/storage';
import { aiMigrations, createAiService, createStorageFileStore, defaultAiConfig, FileNotFound, type AiServiceMount, type FileStore } from '../src/index.ts';
import { form, openTestDb, PG_URL, pgSkip, tempDir, TEST_CONFIG, waitExtracted, waitFor } from './helpers.ts';

const text = async (r: Readable) => { let s = ''; for await (const c of r) s += c; return s; };

async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(join(d, e.name)); else out.push(join(d, e.name).slice(root.length + 1));
    }
  };
  await walk(root);
  return out;
}

function scenarios(engine: 'pglite' | 'postgres') {
  let db: Db;
  let drop: () => Promise<void>;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let files: FileStore;
  let ai: AiServiceMount;
  let app: Awaited<ReturnType<typeof createGateway>>;
  let url = '';
  let keys: Awaited<ReturnType<typeof issueProjectKeys>>;
  const headers = () => ({ apikey: keys.serviceRoleKey, authorization: `Bearer ${keys.serviceRoleKey}` });
  const api = (path: string, init: RequestInit = {}) => fetch(`${url}/api${path}`, { ...init, headers: { ...headers(), ...init.headers as Record<string, string> } });
  const storage = (path: string, init: RequestInit = {}) => fetch(`${url}/storage/v1${path}`, { ...init, headers: { ...headers(), ...init.headers as Record<string, string> } });
  const stackFor = { json: async (path: string) => { const r = await api(path); return { status: r.status, body: await r.json() }; } };

  before(async () => {
    ({ db, drop } = await openTestDb(engine));
    await migrate(db, [baseMigrations(), storageMigrations(), aiMigrations()]);
    dir = await tempDir('storage-files');
    keys = await issueProjectKeys(projectRef());
    const project: ProjectInfo = { ref: projectRef(), url: 'http://127.0.0.1', jwtSecret: keys.jwtSecret, anonKey: keys.anonKey, serviceRoleKey: keys.serviceRoleKey };
    const backend = createFileBackend({ root: join(dir.path, 'storage') });
    const storageMount = createStorageService({ db, project, backend, config: defaultStorageConfig({ tus: { ...defaultStorageConfig().tus, dir: join(dir.path, 'tus') } }) });
    files = createStorageFileStore(createServiceObjects({ db, backend }));
    ai = await createAiService({ db, project, files, config: defaultAiConfig({ ...TEST_CONFIG, ocr: { pageImages: false } } as never) });
    app = await createGateway({ project, services: { api: ai, storage: storageMount } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await app?.close();
    await ai?.close();
    await drop?.();
    await dir?.remove();
  });

  test('FileStore contract: put, replace, get, delete, deletePrefix; absent objects are FileNotFound', async () => {
    await files.put('sources', 'x1/original/a.txt', Readable.from([Buffer.from('first')]), { contentType: 'text/plain' });
    await files.put('sources', 'x1/original/a.txt', Readable.from([Buffer.from('second version')]), { contentType: 'text/plain' });
    const got = await files.get('sources', 'x1/original/a.txt');
    assert.equal(await text(got.body), 'second version');
    assert.equal(got.size, 14);
    assert.equal(got.contentType, 'text/plain');
    // one row, one version file (the replaced version's file is removed)
    const rows = await db.query(`select name from storage.objects where bucket_id = 'sources' and name like 'x1/%'`);
    assert.equal(rows.rowCount, 1);
    assert.equal((await filesUnder(join(dir.path, 'storage', 'sources', 'x1'))).length, 1);
    await files.put('sources', 'x1/derivatives/text/content.txt', Readable.from([Buffer.from('t')]));
    await files.put('sources', 'x10/original/keep.txt', Readable.from([Buffer.from('k')]));
    await files.delete('sources', ['x1/derivatives/text/content.txt', 'x1/none.txt']);
    await assert.rejects(files.get('sources', 'x1/derivatives/text/content.txt'), FileNotFound);
    await files.deletePrefix('sources', 'x1/');
    await assert.rejects(files.get('sources', 'x1/original/a.txt'), FileNotFound);
    assert.equal(await text((await files.get('sources', 'x10/original/keep.txt')).body), 'k', 'a prefix is a folder, not a string prefix');
    assert.deepEqual(await filesUnder(join(dir.path, 'storage', 'sources', 'x1')), []);
    await assert.rejects(files.get('no-such-bucket', 'a.txt'), FileNotFound);
  });

  test('an aborted write leaves no row and no file', async () => {
    const ac = new AbortController();
    const body = new Readable({ read() { this.push(Buffer.alloc(1024)); ac.abort(); } });
    await assert.rejects(files.put('sources', 'aborted/original/big.bin', body, { signal: ac.signal }));
    assert.equal((await db.query(`select 1 from storage.objects where name like 'aborted/%'`)).rowCount, 0);
    assert.deepEqual(await filesUnder(join(dir.path, 'storage', 'sources', 'aborted')), []);
  });

  // the AI routes need pgvector, which a plain PostgreSQL server may not have (the service answers 503)
  const routes = engine === 'pglite' ? {} : { skip: 'AI routes are exercised on pglite (pgvector)' };

  test('an uploaded source is a Storage object: private bucket `sources`, documented path, same bytes', routes, async () => {
    const body = '# Tides\n\nHigh tide in the harbour is at six.';
    const up = await api('/sources/upload', { method: 'POST', body: form({ name: 'Tide tablés.md', data: body, type: 'text/markdown' }) });
    const src = await up.json();
    assert.equal(up.status, 201, JSON.stringify(src));
    assert.equal(src.storage_path, `sources/${src.id}/original/Tide_tables.md`);
    const bucket = await (await storage('/bucket/sources')).json();
    assert.equal(bucket.public, false);
    const obj = await storage(`/object/sources/${src.id}/original/Tide_tables.md`);
    assert.equal(obj.status, 200);
    assert.equal(await obj.text(), body);
    const pub = await fetch(`${url}/storage/v1/object/public/sources/${src.id}/original/Tide_tables.md`);
    assert.notEqual(pub.status, 200, 'a private bucket has no public URL');
    await pub.arrayBuffer();
    // derivatives land beside the original once extracted
    const done = await waitExtracted(stackFor as never, src.id);
    assert.equal(done.extraction_status, 'extracted');
    const list = await (await storage('/object/list/sources', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ prefix: `${src.id}/derivatives/markdown` }),
    })).json();
    assert.deepEqual(list.map((o: { name: string }) => o.name), ['content.md']);
    // the AI download route streams the same object
    const dl = await api(`/sources/${src.id}/download`);
    assert.equal(await dl.text(), body);
    // deleting the source deletes its objects (rows and files)
    assert.equal((await api(`/sources/${src.id}`, { method: 'DELETE' })).status, 200);
    await waitFor(async () => (await db.query(`select 1 from storage.objects where bucket_id = 'sources' and name like $1`, [`${src.id}/%`])).rowCount === 0, 'objects deleted');
    assert.deepEqual(await filesUnder(join(dir.path, 'storage', 'sources', src.id)), []);
  });

  test('import-from-storage reads an object uploaded through the Storage API', routes, async () => {
    assert.equal((await storage('/bucket', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'documents' }) })).status, 200);
    const put = await storage('/object/documents/reports/q1.md', { method: 'POST', headers: { 'content-type': 'text/markdown' }, body: '# Q1\n\nSales rose in the north region.' });
    assert.equal(put.status, 200, await put.text());
    const r = await api('/sources/import-from-storage', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ bucket: 'documents', path: 'reports/q1.md', name: 'Q1 report' }) });
    const src = await r.json();
    assert.equal(r.status, 201, JSON.stringify(src));
    const done = await waitExtracted(stackFor as never, src.id);
    assert.equal(done.extraction_status, 'extracted');
    const copy = await storage(`/object/${src.storage_path}`);
    assert.equal(await copy.text(), '# Q1\n\nSales rose in the north region.');
    const missing = await api('/sources/import-from-storage', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ bucket: 'documents', path: 'nope.md' }) });
    assert.equal(missing.status, 404);
    await missing.arrayBuffer();
  });
}

describe('storage-backed files (pglite)', () => scenarios('pglite'));
describe('storage-backed files (postgres)', { skip: pgSkip }, () => { if (PG_URL) scenarios('postgres'); });
