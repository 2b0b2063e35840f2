import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseMigrations, migrate, openPglite, type Db } from '@powabase/db';
import { loadSchemaCache } from './load.ts';
import type { SchemaCache } from './types.ts';

let db: Db;
let dir: string;
let cache: SchemaCache;

const FIXTURE = `
create type public.mood as enum ('happy', 'sad');
create table public.authors (id serial primary key, name text not null, mood public.mood);
create table public.books (id serial primary key, title text, author_id int references public.authors(id), editor_id int references public.authors(id));
create table public.tags (id serial primary key, label text unique);
create table public.book_tags (book_id int references public.books(id), tag_id int references public.tags(id), primary key (book_id, tag_id));
create table public.profiles (id int primary key references public.authors(id), bio text);
create view public.author_names as select id, name from public.authors;
create function public.add(a int, b int default 1) returns int language sql immutable as 'select a + b';
create function public.books_by(author int) returns setof public.books language sql stable as 'select * from public.books where author_id = author';
create function public.bump() returns void language sql volatile as 'select';
create table auth.secrets (id int);
create view public.book_titles as select id as book, title, author_id as writer from public.books;
create function public.first_tag(public.books) returns setof public.tags rows 1 language sql stable as
  'select t.* from public.tags t join public.book_tags bt on bt.tag_id = t.id where bt.book_id = $1.id limit 1';
create function public.shout(public.authors) returns text language sql immutable as 'select upper($1.name)';
`;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rest-cache-'));
  db = await openPglite({ dataDir: join(dir, 'db'), password: 'pw' });
  await migrate(db, [baseMigrations()]);
  await db.query(FIXTURE);
  cache = await loadSchemaCache(db, ['public']);
});

after(async () => {
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('tables, views, columns and primary keys of exposed schemas only', () => {
  const authors = cache.tables.get('public.authors')!;
  assert.equal(authors.kind, 'table');
  assert.deepEqual(authors.pk, ['id']);
  assert.deepEqual(authors.columns.map((c) => c.name), ['id', 'name', 'mood']);
  assert.equal(authors.columns[1].nullable, false);
  assert.match(authors.columns[0].default ?? '', /nextval/);
  assert.deepEqual(authors.columns[2].enumValues, ['happy', 'sad']);
  assert.equal(cache.tables.get('public.author_names')!.kind, 'view');
  assert.equal(cache.tables.has('auth.secrets'), false);
});

test('many-to-one, one-to-many, one-to-one and many-to-many relationships', () => {
  const rels = (k: string) => cache.relationships.get(k) ?? [];
  const bookToAuthor = rels('public.books').filter((r) => r.target.name === 'authors');
  assert.deepEqual(bookToAuthor.map((r) => [r.cardinality, r.originColumns[0]]).sort(), [['many-to-one', 'author_id'], ['many-to-one', 'editor_id']]);
  assert.ok(rels('public.authors').some((r) => r.cardinality === 'one-to-many' && r.target.name === 'books'));
  assert.ok(rels('public.authors').some((r) => r.cardinality === 'one-to-one' && r.target.name === 'profiles'));
  const m2m = rels('public.books').find((r) => r.cardinality === 'many-to-many' && r.target.name === 'tags');
  assert.equal(m2m?.junction?.table.name, 'book_tags');
  assert.deepEqual(m2m?.junction?.sourceColumns, ['book_id']);
});

test('routines with arguments, defaults, set and composite returns, volatility', () => {
  const [add] = cache.routines.get('public.add')!;
  assert.deepEqual(add.args.map((a) => [a.name, a.type, a.hasDefault]), [['a', 'integer', false], ['b', 'integer', true]]);
  assert.equal(add.volatility, 'immutable');
  assert.equal(add.returnsSet, false);
  const [by] = cache.routines.get('public.books_by')!;
  assert.equal(by.returnsSet, true);
  assert.equal(by.returnsComposite, true);
  assert.equal(by.returnType.name, 'books');
  assert.equal(cache.routines.get('public.bump')![0].returnType.name, 'void');
});

test('views inherit primary keys and foreign keys of their base table, under their own column names', () => {
  assert.deepEqual(cache.tables.get('public.author_names')!.pk, ['id']);
  assert.deepEqual(cache.tables.get('public.book_titles')!.pk, ['book']);
  const viaView = (cache.relationships.get('public.book_titles') ?? []).find((r) => r.target.name === 'authors' && r.originColumns[0] === 'writer');
  assert.equal(viaView?.cardinality, 'many-to-one');
  assert.equal(viaView?.constraint, 'books_author_id_fkey');
  assert.ok((cache.relationships.get('public.authors') ?? []).some((r) => r.target.name === 'book_titles' && r.cardinality === 'one-to-many' && r.targetIsView));
  assert.ok((cache.relationships.get('public.book_titles') ?? []).some((r) => r.target.name === 'author_names'), 'view to view');
});

test('functions of a row are computed relationships and computed fields', () => {
  const rel = (cache.relationships.get('public.books') ?? []).find((r) => r.computed?.name === 'first_tag');
  assert.equal(rel?.cardinality, 'many-to-one');
  assert.deepEqual(cache.computedFields.get('public.authors'), [{ name: 'shout', type: 'text' }]);
});
