// The pipelined round trip on both engines: statements before the Sync form one transaction, local settings
// do not leak to the next request, an error stops the rest and rolls back, and named statements recover
// after a failure (never "already exists" / "does not exist").
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import type { Db } from '@powabase/db';
import { runPipelineOn, type Statement } from './pipeline.ts';
import { named, statementsOf } from './statements.ts';
import { ENGINES } from '../../test/cases.ts';
import { pgSkip } from '../../test/harness.ts';
import { openTestDb } from '../../test/db.ts';

for (const engine of ENGINES) {
  describe(`pipeline [${engine}]`, { skip: engine === 'postgres' ? pgSkip : false }, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let client: pg.PoolClient;
    before(async () => {
      ({ db, drop } = await openTestDb(engine));
      await db.query('create table pipe (id int primary key, v text)');
      client = await db.pool.connect();
    });
    after(async () => {
      client?.release();
      await db?.close();
      await drop?.();
    });
    const run = (s: Statement[]) => runPipelineOn(client, s, statementsOf(client).prepared);

    test('statements share one transaction and return their rows', async () => {
      const r = await run([
        { text: "SELECT set_config('app.x', $1, true)", values: ['42'] },
        { text: "SELECT current_setting('app.x'), $1::int + 1", values: ['1'] },
      ]);
      assert.deepEqual(r.map((x) => x.rows), [[['42']], [['42', '2']]]);
      const after = await client.query("SELECT current_setting('app.x', true) AS v");
      assert.equal(after.rows[0].v, '', 'local setting ended with the transaction');
    });

    test('an error stops the pipeline and rolls everything back', async () => {
      await assert.rejects(run([
        { text: "INSERT INTO pipe VALUES (1, 'a')" },
        { text: 'SELECT 1/0' },
        { text: "INSERT INTO pipe VALUES (2, 'b')" },
      ]), (e: { code?: string; statement?: number }) => e.code === '22012' && e.statement === 1);
      assert.equal((await client.query('SELECT count(*)::int AS n FROM pipe')).rows[0].n, 0);
    });

    test('named statements are prepared once and survive failures', async () => {
      const s = statementsOf(client);
      const insert = (id: string) => named(s, 'INSERT INTO pipe VALUES ($1, $2) RETURNING id', [id, 'x']);
      assert.deepEqual((await run([insert('10')]))[0]!.rows, [['10']]);
      assert.deepEqual((await run([insert('11')]))[0]!.rows, [['11']]);
      await assert.rejects(run([insert('11')]), (e: { code?: string }) => e.code === '23505');
      assert.deepEqual((await run([insert('12')]))[0]!.rows, [['12']]);
      await assert.rejects(run([named(s, 'SELECT * FROM missing_table', [])]), (e: { code?: string }) => e.code === '42P01');
      await db.query('create table missing_table (x int)');
      assert.deepEqual((await run([named(s, 'SELECT * FROM missing_table', [])]))[0]!.rows, []);
    });
  });
}
