// The builtin storage tools (agents.md §4.1, §4.2) through streamed runs via the gateway, with the Storage API
// mounted beside the AI service as in a project and a scripted model: storage_write then storage_read as the
// service role (text, binary → signed URL, truncation, folder listing, refusals: `sources`, `..`, size cap,
// existing object without upsert); a user-token run is held to storage.objects RLS (own folder allowed, another
// user's refused / invisible). Also: the sync run does not build tools (no MCP discovery).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { projectRef, type ProjectInfo } from '@powabase/core';
import { baseMigrations, migrate, type Db } from '@powabase/db';
import { createGateway } from '@powabase/gateway';
import { issueProjectKeys, signJwt } from '@powabase/keys';
import { createFileBackend, createServiceObjects, createStorageService, defaultStorageConfig, storageMigrations } from '@powabase/storage';
import { checkBucket, encodeObject, normalisePath } from '../src/tools/storage-path.ts';
import { aiMigrations, createAiService, createStorageFileStore, defaultAiConfig, type AiServiceMount } from '../src/index.ts';
import { openTestDb, PG_URL, pgSkip, tempDir, TEST_CONFIG } from './helpers.ts';
import { FAKE_KEY } from './fake-embeddings.ts';
import { readSse, startScriptedLlm, textTurn, toolTurn, type ScriptedLlm } from './scripted-llm.ts';

describe('storage tool paths', () => {
  test('normalised: slashes trimmed and collapsed, "." dropped; "..", backslashes, control characters refused', () => {
    const ok: Array<[unknown, boolean, string]> = [
      ['a/b.txt', false, 'a/b.txt'], ['/a//./b/', false, 'a/b'], ['', true, ''], [undefined, true, ''], ['./', true, ''], ['x..y/z', false, 'x..y/z'],
    ];
    for (const [v, allowEmpty, want] of ok) assert.equal(normalisePath(v, { allowEmpty }), want, String(v));
    for (const v of ['../etc', 'a/../../b', 'a\\b', 'a\u0000b', 'a\nb', '', '/', 'x'.repeat(1025), 42]) {
      assert.throws(() => normalisePath(v, { allowEmpty: false }), /path|Invalid/, JSON.stringify(v));
    }
    assert.equal(checkBucket('docs-2024'), 'docs-2024');
    for (const b of ['', 'a/b', '..', '.hidden', 'a..b', 7]) assert.throws(() => checkBucket(b), /bucket/i, String(b));
    assert.equal(encodeObject('docs', 'a b/c?#%.txt'), 'docs/a%20b/c%3F%23%25.txt');
  });
});

function scenarios(engine: 'pglite' | 'postgres') {
  let db: Db;
  let drop: () => Promise<void>;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let ai: AiServiceMount;
  let app: Awaited<ReturnType<typeof createGateway>>;
  let llm: ScriptedLlm;
  let keys: Awaited<ReturnType<typeof issueProjectKeys>>;
  let url = '';
  let agentId = '';
  const alice = randomUUID();
  const bob = randomUUID();

  const headers = (token?: string) => ({ apikey: token ? keys.anonKey : keys.serviceRoleKey, authorization: `Bearer ${token ?? keys.serviceRoleKey}` });
  const api = async (path: string, o: { method?: string; json?: unknown; token?: string } = {}) => {
    const res = await fetch(`${url}/api${path}`, {
      method: o.method ?? 'GET', headers: { ...headers(o.token), ...(o.json !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: o.json !== undefined ? JSON.stringify(o.json) : undefined,
    });
    return res;
  };
  const storage = (path: string, init: RequestInit = {}) => fetch(`${url}/storage/v1${path}`, { ...init, headers: { ...headers(), ...init.headers as Record<string, string> } });
  const userToken = (sub: string) => signJwt(keys.jwtSecret, { sub, role: 'authenticated', aud: 'authenticated' }, { expiresInS: 3600 });

  before(async () => {
    llm = await startScriptedLlm();
    ({ db, drop } = await openTestDb(engine));
    await migrate(db, [baseMigrations(), storageMigrations(), aiMigrations()]);
    dir = await tempDir('tools-storage');
    keys = await issueProjectKeys(projectRef());
    const project: ProjectInfo = { ref: projectRef(), url: 'http://127.0.0.1', jwtSecret: keys.jwtSecret, anonKey: keys.anonKey, serviceRoleKey: keys.serviceRoleKey };
    const backend = createFileBackend({ root: join(dir.path, 'storage') });
    const storageMount = createStorageService({ db, project, backend, config: defaultStorageConfig({ tus: { ...defaultStorageConfig().tus, dir: join(dir.path, 'tus') } }) });
    const files = createStorageFileStore(createServiceObjects({ db, backend }));
    ai = await createAiService({ db, project, files, config: defaultAiConfig({ ...TEST_CONFIG, providerBaseUrls: { openai: llm.url }, agents: { retryBaseMs: 0 } } as never) });
    app = await createGateway({ project, services: { api: ai, storage: storageMount } });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    project.url = url; // the AI service reaches Storage at the Project URL, as in a running project

    const key = await api('/ai-provider-keys', { method: 'POST', json: { provider: 'openai', api_key: FAKE_KEY } });
    assert.equal(key.status, 201, await key.clone().text());
    const agent = await (await api('/agents', { method: 'POST', json: { name: 'Filer', model: 'gpt-4o-mini' } })).json();
    agentId = agent.id;
    for (const tool_name of ['storage_read', 'storage_write']) {
      assert.equal((await api(`/agents/${agentId}/tools`, { method: 'POST', json: { tool_name } })).status, 201);
    }
    for (const id of ['docs', 'private']) {
      const r = await storage('/bucket', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, name: id, public: false }) });
      assert.equal(r.status, 200, await r.text());
    }
    // Users may write and read only under a folder named after their own id, in bucket `private`.
    await db.query(`create policy own_insert on storage.objects for insert to authenticated
        with check (bucket_id = 'private' and (storage.foldername(name))[1] = auth.uid()::text);
      create policy own_select on storage.objects for select to authenticated
        using (bucket_id = 'private' and (storage.foldername(name))[1] = auth.uid()::text)`);
  });
  after(async () => {
    await app?.close();
    await ai?.close();
    await drop?.();
    await dir?.remove();
    await llm?.close();
  });

  /** One streamed run whose model makes the given tool calls one turn after another; returns each tool's answer (parsed). */
  async function run(calls: Array<{ name: string; args: unknown }>, token?: string): Promise<any[]> {
    const n = llm.requests.length;
    llm.script(...calls.map((c) => toolTurn([c])), textTurn(['done']));
    const res = await api(`/agents/${agentId}/run/stream`, { method: 'POST', json: { message: 'go' }, token });
    assert.equal(res.status, 200, await res.clone().text());
    const events = await readSse(res);
    assert.equal(events.at(-1).event, 'complete', JSON.stringify(events.at(-1)));
    return calls.map((_, i) => {
      const msgs = llm.requests[n + i + 1].body.messages.filter((m: any) => m.role === 'tool');
      return JSON.parse(msgs.at(-1).content);
    });
  }
  const one = async (name: string, args: unknown, token?: string) => (await run([{ name, args }], token))[0];

  describe('as the service role', () => {
    test('storage_write then storage_read in one run: the object is a real Storage object; list shows it', async () => {
      const [w, r, l] = await run([
        { name: 'storage_write', args: { bucket: 'docs', path: '/reports//./q1.md', content: '# Q1\nRevenue grew. ✓', content_type: 'text/markdown' } },
        { name: 'storage_read', args: { operation: 'download', bucket: 'docs', path: 'reports/q1.md' } },
        { name: 'storage_read', args: { operation: 'list', bucket: 'docs', path: 'reports' } },
      ]);
      assert.deepEqual(w, { bucket: 'docs', path: 'reports/q1.md', size: Buffer.byteLength('# Q1\nRevenue grew. ✓'), content_type: 'text/markdown' });
      assert.equal(r.content, '# Q1\nRevenue grew. ✓');
      assert.equal(r.content_type, 'text/markdown');
      assert.equal(r.truncated, undefined);
      assert.deepEqual(l.entries.map((e: any) => [e.name, e.type, e.content_type]), [['q1.md', 'file', 'text/markdown']]);
      const got = await storage('/object/docs/reports/q1.md');
      assert.equal(got.status, 200);
      assert.equal(await got.text(), '# Q1\nRevenue grew. ✓');
      const root = await one('storage_read', { operation: 'list', bucket: 'docs', path: '' });
      assert.deepEqual(root.entries, [{ name: 'reports', type: 'folder' }]);
    });

    test('an existing object is refused without upsert and replaced with it', async () => {
      const again = await one('storage_write', { bucket: 'docs', path: 'reports/q1.md', content: 'v2' });
      assert.match(again.error, /Write docs\/reports\/q1\.md: .*(exists|Duplicate)/i);
      const up = await one('storage_write', { bucket: 'docs', path: 'reports/q1.md', content: 'v2', upsert: true });
      assert.equal(up.size, 2);
      assert.equal(await (await storage('/object/docs/reports/q1.md')).text(), 'v2');
    });

    test('binary objects give a signed URL that downloads them; long text is cut at 40,000 characters', async () => {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
      assert.equal((await storage('/object/docs/img/logo.png', { method: 'POST', headers: { 'content-type': 'image/png' }, body: png })).status, 200);
      assert.equal((await storage('/object/docs/blob.bin', { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: png })).status, 200);
      const long = 'abcdefghij'.repeat(6_000);
      assert.equal((await storage('/object/docs/long.txt', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: long })).status, 200);
      const [img, blob, text] = await run([
        { name: 'storage_read', args: { operation: 'download', bucket: 'docs', path: 'img/logo.png' } },
        { name: 'storage_read', args: { operation: 'download', bucket: 'docs', path: 'blob.bin' } },
        { name: 'storage_read', args: { operation: 'download', bucket: 'docs', path: 'long.txt' } },
      ]);
      assert.equal(img.encoding, 'binary');
      assert.equal(img.content, undefined);
      assert.equal(img.expires_in, 3600);
      const signed = await fetch(img.signed_url);
      assert.equal(signed.status, 200);
      assert.deepEqual(Buffer.from(await signed.arrayBuffer()), png);
      assert.equal(blob.encoding, 'binary', 'octet-stream with NUL bytes is sniffed as binary');
      assert.equal(text.content.length, 40_000);
      assert.equal(text.truncated, true);
      assert.equal(text.size, 60_000);
    });

    test('refused: the internal sources bucket, ".." paths, content over 1 MiB, a missing object, an unknown bucket', async () => {
      const [src, dots, big, missing, nobucket] = await run([
        { name: 'storage_write', args: { bucket: 'sources', path: 'x.txt', content: 'no' } },
        { name: 'storage_read', args: { operation: 'download', bucket: 'docs', path: 'reports/../../etc/passwd' } },
        { name: 'storage_write', args: { bucket: 'docs', path: 'big.txt', content: 'x'.repeat(1024 * 1024 + 1) } },
        { name: 'storage_read', args: { operation: 'download', bucket: 'docs', path: 'nope.txt' } },
        { name: 'storage_read', args: { operation: 'list', bucket: 'nobucket', path: '' } },
      ]);
      assert.match(src.error, /sources bucket is internal/);
      assert.match(dots.error, /no "\.\." segments/);
      assert.match(big.error, /at most 1048576 bytes/);
      assert.match(missing.error, /not found/i);
      assert.match(nobucket.error, /not found/i);
      assert.equal((await storage('/object/docs/big.txt')).status, 400);
      const rows = await db.query(`select count(*)::int as n from storage.objects where bucket_id = 'sources'`);
      assert.equal(rows.rows[0].n, 0);
    });
  });

  describe('as an end user (storage RLS)', () => {
    test('a user writes and reads in their own folder; writing into another user\'s folder is refused by the policy', async () => {
      const a = await userToken(alice);
      const [ok, read, denied] = await run([
        { name: 'storage_write', args: { bucket: 'private', path: `${alice}/note.txt`, content: 'alice only' } },
        { name: 'storage_read', args: { operation: 'download', bucket: 'private', path: `${alice}/note.txt` } },
        { name: 'storage_write', args: { bucket: 'private', path: `${bob}/planted.txt`, content: 'from alice' } },
      ], a);
      assert.equal(ok.size, 10);
      assert.equal(read.content, 'alice only');
      assert.match(denied.error, /refused by storage access rules \(new row violates row-level security policy/);
      const planted = await db.query(`select count(*)::int as n from storage.objects where bucket_id = 'private' and name like $1`, [`${bob}/%`]);
      assert.equal(planted.rows[0].n, 0);
      const owner = await db.query(`select owner_id from storage.objects where bucket_id = 'private' and name = $1`, [`${alice}/note.txt`]);
      assert.equal(owner.rows[0].owner_id, alice);
    });

    test('another user cannot read or list it, and a bucket without a policy refuses the user', async () => {
      const b = await userToken(bob);
      const [read, list, docs] = await run([
        { name: 'storage_read', args: { operation: 'download', bucket: 'private', path: `${alice}/note.txt` } },
        { name: 'storage_read', args: { operation: 'list', bucket: 'private', path: alice } },
        { name: 'storage_write', args: { bucket: 'docs', path: 'from-bob.txt', content: 'hi' } },
      ], b);
      assert.match(read.error, /not found/i);
      assert.deepEqual(list.entries, []);
      assert.match(docs.error, /refused by storage access rules/);
      const mine = await one('storage_read', { operation: 'list', bucket: 'private', path: alice }, await userToken(alice));
      assert.deepEqual(mine.entries.map((e: any) => e.name), ['note.txt']);
    });
  });

  describe('sync run', () => {
    test('does not build tools: no MCP discovery for POST /run (the streamed run does discover)', async () => {
      let hits = 0;
      const mcp = http.createServer((req, res) => { hits++; req.resume(); res.writeHead(500).end(); });
      await new Promise<void>((r) => mcp.listen(0, '127.0.0.1', r));
      try {
        const a = await (await api('/agents', { method: 'POST', json: { name: 'Sync', model: 'gpt-4o-mini' } })).json();
        const m = await api(`/agents/${a.id}/mcp-servers`, { method: 'POST', json: { name: 'down', url: `http://127.0.0.1:${(mcp.address() as AddressInfo).port}/mcp` } });
        assert.equal(m.status, 201);
        llm.script(textTurn(['4']));
        const r = await api(`/agents/${a.id}/run`, { method: 'POST', json: { message: '2+2?' } });
        assert.equal(r.status, 200, await r.clone().text());
        assert.equal((await r.json()).content, '4');
        assert.equal(hits, 0);
        llm.script(textTurn(['ok']));
        const ev = await readSse(await api(`/agents/${a.id}/run/stream`, { method: 'POST', json: { message: 'hi' } }));
        assert.equal(ev.at(-1).event, 'complete');
        assert.ok(hits > 0, 'the streamed run tried MCP discovery');
      } finally {
        mcp.closeAllConnections();
        await new Promise<void>((r) => mcp.close(() => r()));
      }
    });
  });
}

describe('storage tools (pglite)', () => scenarios('pglite'));
// Agent runs need pgvector (without it the AI routes answer 503), which a plain PostgreSQL server may lack.
async function pgvectorSkip(): Promise<string | false> {
  if (!PG_URL) return pgSkip;
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    const r = await c.query("select 1 from pg_available_extensions where name = 'vector'");
    return r.rowCount ? false : 'pgvector is not available on TEST_PG_URL';
  } finally { await c.end(); }
}
const pgReason = await pgvectorSkip();
describe('storage tools (postgres)', { skip: pgReason }, () => { if (!pgReason) scenarios('postgres'); });
