// The Db conformance suite: one set of scenarios every engine (pglite, postgres) must pass, run by one
// test file per engine. It opens a database with `open`, applies baseMigrations() and closes it at the end.
import { after, before, describe, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { Db, RoleContext } from '../src/types.ts';
import { baseMigrations } from '../src/base.ts';
import { loadMigrations, migrate } from '../src/migrate.ts';
import { collector, tempDir } from './helpers.ts';

export interface ConformanceOptions {
  /** Skip the whole suite with this reason (e.g. no server configured). */
  skip?: string | false;
  /** pgvector must be installed (PGlite ships it); otherwise it must be installed only where available. */
  vector?: boolean;
}

const U1 = '00000000-0000-4000-8000-000000000001';
const U2 = '00000000-0000-4000-8000-000000000002';

const anon: RoleContext = { role: 'anon', claims: { role: 'anon' } };
const user1: RoleContext = { role: 'authenticated', claims: { sub: U1, role: 'authenticated', email: 'u1@example.com' } };
const user2Red: RoleContext = { role: 'authenticated', claims: { sub: U2, role: 'authenticated', app_metadata: { team: 'red' } } };
const service: RoleContext = { role: 'service_role', claims: { role: 'service_role' } };

// Tables the scenarios use, created after baseMigrations() by the owner (postgres), as a user's would be.
const FIXTURE = `
create table public.notes (
  id serial primary key,
  owner uuid,
  team text,
  is_public boolean not null default false,
  body text not null
);
alter table public.notes enable row level security;
create policy notes_anon_read on public.notes for select to anon using (is_public and auth.role() = 'anon');
create policy notes_own on public.notes for all to authenticated using (owner = auth.uid()) with check (owner = auth.uid());
create policy notes_team on public.notes for select to authenticated
  using (team is not null and team = auth.jwt() -> 'app_metadata' ->> 'team');
insert into public.notes (owner, team, is_public, body) values
  ('${U1}', 'red', true, 'u1 public'),
  ('${U1}', null, false, 'u1 private'),
  ('${U2}', 'red', false, 'u2 red'),
  ('${U2}', null, false, 'u2 private'),
  (null, null, false, 'nobody');
create table public.conf_tx (n int not null);
create table if not exists auth.users (id uuid primary key, email text);
`;

const STATE = `select current_user as "user",
  coalesce(current_setting('request.jwt.claims', true), '') as claims,
  coalesce(current_setting('request.method', true), '') as method,
  coalesce(current_setting('request.path', true), '') as path,
  coalesce(current_setting('request.headers', true), '') as headers`;
const CLEAN = { user: 'postgres', claims: '', method: '', path: '', headers: '' };

const bodies = (rows: { body: string }[]) => rows.map((r) => r.body).sort();
const searchPath = (s: string) => s.split(',').map((p) => p.trim().replace(/^"|"$/g, ''));

export function defineDbConformance(name: string, open: () => Promise<Db>, opts: ConformanceOptions = {}): void {
  // Skipped scenarios are still listed (and counted as skipped) rather than the suite vanishing.
  const skip = opts.skip || undefined;
  const test = (title: string, fn: () => Promise<void>) => nodeTest(title, { skip }, fn);
  describe(`Db conformance: ${name}`, () => {
    let db: Db;
    const clients: pg.Client[] = [];
    /** A wire client of its own on db.url (a second connection, as psql or another service would be). */
    const client = async () => {
      const c = new pg.Client({ connectionString: db.url });
      c.on('error', () => {});
      await c.connect();
      clients.push(c);
      return c;
    };

    before(async () => {
      if (skip) return;
      db = await open();
      await migrate(db, [baseMigrations()]);
      await db.query(FIXTURE);
    });
    after(async () => {
      for (const c of clients) await c.end().catch(() => {});
      await db?.close();
    });

    describe('queries and transactions', () => {
      test('query binds parameters', async () => {
        const r = await db.query('select $1::int + $2::int as n, $3::text as s, $4::text is null as isnull', [2, 3, 'héllo ✓', null]);
        assert.deepEqual(r.rows, [{ n: 5, s: 'héllo ✓', isnull: true }]);
      });

      test('tx commits when fn resolves and returns its value', async () => {
        const out = await db.tx(async (c) => {
          await c.query('insert into conf_tx (n) values (1)');
          return 'done';
        });
        assert.equal(out, 'done');
        assert.equal((await db.query('select count(*)::int as n from conf_tx where n = 1')).rows[0].n, 1);
      });

      test('tx rolls back when fn throws and rethrows the error', async () => {
        const boom = new Error('boom');
        await assert.rejects(db.tx(async (c) => {
          await c.query('insert into conf_tx (n) values (2)');
          throw boom;
        }), (e) => e === boom);
        assert.equal((await db.query('select count(*)::int as n from conf_tx where n = 2')).rows[0].n, 0);
      });

      test('8 pool clients run queries and transactions at once', async () => {
        const held = await Promise.all(Array.from({ length: 8 }, () => db.pool.connect()));
        try {
          assert.equal(new Set(held).size, 8);
          const rows = await Promise.all(held.map((c, i) => c.query('select $1::int * 2 as n', [i])));
          assert.deepEqual(rows.map((r) => r.rows[0].n), [0, 2, 4, 6, 8, 10, 12, 14]);
        } finally {
          for (const c of held) c.release();
        }
        const txs = await Promise.all(Array.from({ length: 8 }, (_, i) => db.tx(async (c) => {
          await c.query('insert into conf_tx (n) values ($1)', [100 + i]);
          return (await c.query('select count(*)::int as n from conf_tx where n = $1', [100 + i])).rows[0].n;
        })));
        assert.deepEqual(txs, [1, 1, 1, 1, 1, 1, 1, 1]);
        assert.equal((await db.query('select count(*)::int as n from conf_tx where n between 100 and 107')).rows[0].n, 8);
      });

      test('a statement error inside withRole rolls back and the pool keeps working', async () => {
        await assert.rejects(db.withRole(service, async (c) => {
          await c.query('insert into conf_tx (n) values (99)');
          await c.query('select 1 / 0');
        }), (e: any) => e.code === '22012');
        assert.equal((await db.query('select count(*)::int as n from conf_tx where n = 99')).rows[0].n, 0);
        assert.deepEqual((await db.query(STATE)).rows[0], CLEAN);
        const after = await Promise.all(Array.from({ length: 8 }, (_, i) => db.withRole(anon, async (c) => (await c.query('select $1::int as i, current_user as u', [i])).rows[0])));
        assert.deepEqual(after, Array.from({ length: 8 }, (_, i) => ({ i, u: 'anon' })));
      });
    });

    describe('role transactions', () => {
      test('withRole sets role, claims, method, path and headers for its transaction', async () => {
        const ctx: RoleContext = { ...user1, method: 'PATCH', path: '/rest/v1/notes', headers: { 'x-client-info': 'test', prefer: 'return=minimal' } };
        const r = await db.withRole(ctx, async (c) => (await c.query(`${STATE}, auth.uid()::text as uid, auth.role() as role, auth.email() as email`)).rows[0]);
        assert.equal(r.user, 'authenticated');
        assert.deepEqual(JSON.parse(r.claims), user1.claims);
        assert.equal(r.method, 'PATCH');
        assert.equal(r.path, '/rest/v1/notes');
        assert.deepEqual(JSON.parse(r.headers), ctx.headers);
        assert.deepEqual([r.uid, r.role, r.email], [U1, 'authenticated', 'u1@example.com']);
      });

      test('role and claims do not leak to the next transaction or the next client', async () => {
        await db.withRole({ ...user1, method: 'POST', path: '/x', headers: { a: 'b' } }, (c) => c.query('select 1'));
        assert.deepEqual((await db.query(STATE)).rows[0], CLEAN, 'next query on the pool');
        assert.deepEqual(await db.tx(async (c) => (await c.query(STATE)).rows[0]), CLEAN, 'next transaction');
        const other = await client();
        assert.deepEqual((await other.query(STATE)).rows[0], CLEAN, 'a new client on db.url');
        await assert.rejects(db.withRole(anon, async (c) => { await c.query('select 1'); throw new Error('fn failed'); }));
        assert.deepEqual((await other.query(STATE)).rows[0], CLEAN, 'after a failed withRole');
      });

      test('concurrent role transactions and plain queries each see only their own role', async () => {
        const jobs = Array.from({ length: 16 }, (_, i) => i % 2
          ? db.withRole(i % 4 === 1 ? anon : user1, async (c) => (await c.query('select current_user as u')).rows[0].u)
          : db.query('select current_user as u').then((r) => r.rows[0].u));
        const users = await Promise.all(jobs);
        assert.deepEqual(users, Array.from({ length: 16 }, (_, i) => (i % 2 ? (i % 4 === 1 ? 'anon' : 'authenticated') : 'postgres')));
      });
    });

    describe('row level security after baseMigrations()', () => {
      const visible = (ctx: RoleContext) => db.withRole(ctx, async (c) => bodies((await c.query('select body from public.notes')).rows));

      test('anon sees only rows its policy allows (auth.role())', async () => {
        assert.deepEqual(await visible(anon), ['u1 public']);
      });

      test('authenticated sees only its own rows (auth.uid())', async () => {
        assert.deepEqual(await visible(user1), ['u1 private', 'u1 public']);
      });

      test('a policy reading auth.jwt() admits rows by claim', async () => {
        assert.deepEqual(await visible(user2Red), ['u1 public', 'u2 private', 'u2 red']);
      });

      test('service_role bypasses RLS and sees every row', async () => {
        assert.deepEqual(await visible(service), ['nobody', 'u1 private', 'u1 public', 'u2 private', 'u2 red']);
      });

      test('authenticated cannot write a row for someone else; anon cannot update', async () => {
        await assert.rejects(db.withRole(user1, (c) => c.query(`insert into public.notes (owner, body) values ('${U2}', 'forged')`)),
          (e: any) => e.code === '42501');
        const upd = await db.withRole(anon, (c) => c.query("update public.notes set body = 'defaced'"));
        assert.equal(upd.rowCount, 0);
        const own = await db.withRole(user1, async (c) => {
          const r = await c.query(`insert into public.notes (owner, body) values ('${U1}', 'mine') returning body`);
          await c.query("delete from public.notes where body = 'mine'");
          return r.rows;
        });
        assert.deepEqual(own, [{ body: 'mine' }]);
      });

      test('anon and authenticated cannot read auth.users', async () => {
        for (const ctx of [anon, user1]) {
          await assert.rejects(db.withRole(ctx, (c) => c.query('select * from auth.users')),
            (e: any) => e.code === '42501' && /permission denied/.test(e.message), ctx.role);
        }
      });
    });

    describe('schemas and extensions', () => {
      test('the default search_path holds public and extensions', async () => {
        const check = (sp: string, where: string) => {
          const parts = searchPath(sp);
          assert.ok(parts.includes('public') && parts.includes('extensions'), `${where}: ${sp}`);
        };
        check((await db.query('show search_path')).rows[0].search_path, 'pool');
        check((await (await client()).query('show search_path')).rows[0].search_path, 'new client');
        check(await db.withRole(anon, async (c) => (await c.query('show search_path')).rows[0].search_path), 'withRole');
      });

      test('pgcrypto and uuid-ossp are installed in extensions and callable unqualified, also by anon', async () => {
        const ext = (await db.query<{ extname: string; schema: string }>(
          'select extname, extnamespace::regnamespace::text as schema from pg_extension')).rows;
        for (const name of ['pgcrypto', 'uuid-ossp']) {
          assert.equal(ext.find((e) => e.extname === name)?.schema, 'extensions', name);
        }
        const r = await db.withRole(anon, async (c) => (await c.query(
          "select encode(digest('abc', 'sha256'), 'hex') as h, uuid_generate_v4()::text as u")).rows[0]);
        assert.equal(r.h, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
        assert.match(r.u, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      });

      test(opts.vector ? 'pgvector is installed' : 'pgvector is installed where the server has it', async () => {
        const available = (await db.query("select count(*)::int as n from pg_available_extensions where name = 'vector'")).rows[0].n > 0;
        const installed = (await db.query("select count(*)::int as n from pg_extension where extname = 'vector'")).rows[0].n > 0;
        if (opts.vector) assert.ok(installed, 'vector installed');
        assert.equal(installed, available);
        if (installed) {
          assert.equal((await db.query("select '[1,2,3]'::vector <-> '[1,2,4]'::vector as d")).rows[0].d, 1);
        }
      });
    });

    describe('migrations', () => {
      test('migrate() records every base migration and applies nothing the second time', async () => {
        const rows = (await db.query("select id, checksum from _powabase.migrations where scope = 'base' order by id")).rows;
        assert.deepEqual(rows.map((r) => r.id), baseMigrations().migrations.map((m) => m.id));
        assert.ok(rows.every((r) => /^[0-9a-f]{16}$/.test(r.checksum)));
        assert.deepEqual(await migrate(db, [baseMigrations()]), []);
      });

      test('migrate() applies a new set in order once, and tells REST to reload', async () => {
        const dir = await tempDir('mig');
        try {
          await writeFile(join(dir.path, '0002_fill.sql'), 'insert into conf_mig (n) values (1), (2);');
          await writeFile(join(dir.path, '0001_table.sql'), 'create table conf_mig (n int);');
          const set = loadMigrations('conf', dir.path);
          const reload = collector();
          const un = await db.listen('pgrst', (p) => reload.push(p));
          try {
            assert.deepEqual(await migrate(db, [set]), ['conf/0001_table', 'conf/0002_fill']);
            assert.deepEqual(await reload.next(1), ['reload schema']);
          } finally {
            await un();
          }
          assert.deepEqual(await migrate(db, [set]), []);
          assert.equal((await db.query('select count(*)::int as n from conf_mig')).rows[0].n, 2);
          const recorded = (await db.query("select id from _powabase.migrations where scope = 'conf' order by id")).rows;
          assert.deepEqual(recorded.map((r) => r.id), ['0001_table', '0002_fill']);
        } finally {
          await dir.remove();
        }
      });

      test('a failing migration is rolled back and not recorded; the ones before it stay', async () => {
        const dir = await tempDir('mig-bad');
        try {
          await mkdir(dir.path, { recursive: true });
          await writeFile(join(dir.path, '0001_ok.sql'), 'create table conf_ok (n int);');
          await writeFile(join(dir.path, '0002_bad.sql'), 'create table conf_bad (n int); select 1 / 0;');
          await assert.rejects(migrate(db, [loadMigrations('conf_bad', dir.path)]), (e: any) => e.code === '22012');
          const recorded = (await db.query("select id from _powabase.migrations where scope = 'conf_bad'")).rows;
          assert.deepEqual(recorded.map((r) => r.id), ['0001_ok']);
          assert.equal((await db.query("select to_regclass('public.conf_bad') is null as gone")).rows[0].gone, true);
        } finally {
          await dir.remove();
        }
      });
    });

    describe('listen', () => {
      test('receives a NOTIFY sent through db.query and from another client, each once, in order', async () => {
        const got = collector();
        const un = await db.listen('conf_ch', (p) => got.push(p));
        try {
          await db.query("select pg_notify('conf_ch', 'from pool')");
          await (await client()).query("notify conf_ch, 'from client'");
          await db.query("notify conf_ch, 'ünïcode ✓'");
          assert.deepEqual(await got.next(3), ['from pool', 'from client', 'ünïcode ✓']);
        } finally {
          await un();
        }
      });

      test('after unlisten nothing more arrives', async () => {
        const got = collector();
        const mark = collector();
        const un = await db.listen('conf_stop', (p) => got.push(p));
        const unMark = await db.listen('conf_mark', (p) => mark.push(p));
        try {
          await db.query("notify conf_stop, 'one'");
          await got.next(1);
          await un();
          await db.query("notify conf_stop, 'two'");
          await db.query("notify conf_mark, 'sentinel'");
          await mark.next(1); // sent after 'two' on the same connection: 'two' had its chance to arrive
          assert.deepEqual(got.got, ['one']);
        } finally {
          await unMark();
        }
      });

      test('a NOTIFY arrives when its transaction commits, never when it rolls back', async () => {
        const got = collector();
        const un = await db.listen('conf_tx', (p) => got.push(p));
        try {
          await assert.rejects(db.tx(async (c) => {
            await c.query("notify conf_tx, 'rolled back'");
            throw new Error('abort');
          }));
          await db.tx((c) => c.query("notify conf_tx, 'committed'"));
          assert.deepEqual(await got.next(1), ['committed']);
          await db.query("notify conf_tx, 'last'");
          assert.deepEqual(await got.next(2), ['committed', 'last']);
        } finally {
          await un();
        }
      });

      test('two listeners on one channel: unlistening one keeps the other; listening again works at once', async () => {
        const a = collector();
        const b = collector();
        const unA = await db.listen('conf_two', (p) => a.push(p));
        const unB = await db.listen('conf_two', (p) => b.push(p));
        await db.query("notify conf_two, '1'");
        await Promise.all([a.next(1), b.next(1)]);
        await unA();
        await db.query("notify conf_two, '2'");
        await b.next(2);
        await unB();
        const c = collector();
        const unC = await db.listen('conf_two', (p) => c.push(p));
        try {
          await db.query("notify conf_two, '3'");
          assert.deepEqual(await c.next(1), ['3']);
          assert.deepEqual([a.got, b.got], [['1'], ['1', '2']]);
        } finally {
          await unC();
        }
      });

      test('listen asked while another client holds a transaction open survives its rollback', async () => {
        const held = await db.pool.connect();
        const got = collector();
        let listening: ReturnType<Db['listen']>;
        try {
          await held.query('begin');
          await held.query('select 1');
          listening = db.listen('conf_busy', (p) => got.push(p));
          listening.catch(() => {}); // awaited below
          await held.query('rollback');
        } finally {
          held.release();
        }
        const un = await listening!;
        try {
          await db.query("notify conf_busy, 'seen'");
          assert.deepEqual(await got.next(1), ['seen']);
        } finally {
          await un();
        }
      });
    });
  });
}
