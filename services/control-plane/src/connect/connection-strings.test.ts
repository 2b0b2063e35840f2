import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildConnectionStrings, buildDotnet, buildGo, buildJdbc, buildPhp, buildPsql, buildPsycopg, buildUri, parseDbUrl,
  PASSWORD_PLACEHOLDER, type DbParts,
} from './connection-strings.ts';

const plain: DbParts = { user: 'postgres', password: 'pw123', host: '127.0.0.1', port: 54322, database: 'postgres' };
const nasty: DbParts = { ...plain, password: `p@ss w'rd;"\\/:?#` };

describe('parseDbUrl', () => {
  test('splits a postgresql URL', () => {
    assert.deepEqual(parseDbUrl('postgresql://postgres:pw123@127.0.0.1:54322/postgres'), plain);
  });
  test('decodes an encoded password and fills a missing one', () => {
    assert.equal(parseDbUrl('postgres://u:a%40b@h:1/d')!.password, 'a@b');
    assert.equal(parseDbUrl('postgresql://u@h:1/d', 'given')!.password, 'given');
  });
  test('defaults port 5432 and database postgres; rejects other schemes', () => {
    assert.deepEqual(parseDbUrl('postgresql://u:p@db.example.com'), { user: 'u', password: 'p', host: 'db.example.com', port: 5432, database: 'postgres' });
    assert.equal(parseDbUrl('mysql://u:p@h/d'), null);
    assert.equal(parseDbUrl('not a url'), null);
  });
  test('round-trips through buildUri, whatever the password', () => {
    assert.deepEqual(parseDbUrl(buildUri(nasty)), nasty);
  });
});

describe('snippets', () => {
  test('uri and psql', () => {
    assert.equal(buildUri(plain), 'postgresql://postgres:pw123@127.0.0.1:54322/postgres');
    assert.equal(buildPsql(plain), "psql 'postgresql://postgres:pw123@127.0.0.1:54322/postgres'");
  });
  test('psql quotes for the shell', () => {
    const p = { ...plain, password: "it's" };
    assert.equal(buildPsql(p), `psql 'postgresql://postgres:it'\\''s@127.0.0.1:54322/postgres'`);
  });
  test('python', () => {
    assert.match(buildPsycopg(plain), /psycopg2\.connect\(user="postgres", password="pw123", host="127\.0\.0\.1", port=54322, dbname="postgres"\)/);
    assert.ok(buildPsycopg(nasty).includes(JSON.stringify(nasty.password)));
  });
  test('go keyword/value DSN quotes values with spaces and quotes', () => {
    assert.equal(buildGo(plain), 'db, err := sql.Open("postgres", "user=postgres password=pw123 host=127.0.0.1 port=54322 dbname=postgres sslmode=disable")');
    const dsn = JSON.parse(buildGo({ ...plain, password: "a b'c" }).match(/, (".*")\)$/)![1]);
    assert.equal(dsn, "user=postgres password='a b\\'c' host=127.0.0.1 port=54322 dbname=postgres sslmode=disable");
  });
  test('jdbc', () => {
    assert.equal(buildJdbc(plain), 'jdbc:postgresql://127.0.0.1:54322/postgres?user=postgres&password=pw123');
    assert.ok(buildJdbc(nasty).endsWith(`password=${encodeURIComponent(nasty.password)}`));
  });
  test('.NET quotes values holding ; or quotes', () => {
    assert.equal(buildDotnet(plain), 'User Id=postgres;Password=pw123;Server=127.0.0.1;Port=54322;Database=postgres');
    assert.ok(buildDotnet({ ...plain, password: 'a;"b' }).includes('Password="a;""b";'));
  });
  test('php escapes single quotes and backslashes', () => {
    assert.equal(buildPhp(plain), "$pdo = new PDO('pgsql:host=127.0.0.1;port=54322;dbname=postgres', 'postgres', 'pw123');");
    assert.ok(buildPhp({ ...plain, password: "a'b\\c" }).endsWith(", 'a\\'b\\\\c');"));
  });
  test('ipv6 hosts are bracketed in URLs', () => {
    assert.equal(buildUri({ ...plain, host: '::1' }), 'postgresql://postgres:pw123@[::1]:54322/postgres');
  });
  test('the placeholder password is shown as is', () => {
    const p = { ...plain, password: PASSWORD_PLACEHOLDER };
    assert.equal(buildUri(p), 'postgresql://postgres:[YOUR-PASSWORD]@127.0.0.1:54322/postgres');
    assert.ok(buildJdbc(p).endsWith('password=[YOUR-PASSWORD]'));
  });
  test('all ten, with env holding URL, keys and DATABASE_URL', () => {
    const all = buildConnectionStrings(plain, 'http://127.0.0.1:54321', 'ANON', 'SERVICE');
    assert.deepEqual(Object.keys(all).sort(), ['dotnet', 'env', 'go', 'jdbc', 'nodejs', 'php', 'psql', 'python_psycopg', 'sqlalchemy', 'uri']);
    assert.equal(all.sqlalchemy, 'postgresql+psycopg2://postgres:pw123@127.0.0.1:54322/postgres');
    assert.ok(all.nodejs.includes('"postgresql://postgres:pw123@127.0.0.1:54322/postgres"'));
    assert.equal(all.env, [
      'SUPABASE_URL=http://127.0.0.1:54321', 'SUPABASE_ANON_KEY=ANON', 'SUPABASE_SERVICE_ROLE_KEY=SERVICE',
      'DATABASE_URL=postgresql://postgres:pw123@127.0.0.1:54322/postgres',
    ].join('\n'));
    assert.ok(!buildConnectionStrings(plain, 'u', 'ANON', null).env.includes('SERVICE_ROLE'));
  });
});
