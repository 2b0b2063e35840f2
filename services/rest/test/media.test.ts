// Media types and profiles: singular objects (PGRST116), stripped nulls, CSV, GeoJSON without PostGIS, plans
// for the service role, Accept-/Content-Profile with PGRST106, the OpenAPI root, OPTIONS and Prefer: timezone.
import assert from 'node:assert/strict';
import { forEachEngine, runCases, type Case } from './cases.ts';

const object = 'application/vnd.pgrst.object+json';

const media: Case[] = [
  { name: 'object+json with one row', path: '/films?select=title&id=eq.1', headers: { accept: object }, status: 200, json: { title: 'Inception' },
    expect: { 'content-type': 'application/vnd.pgrst.object+json; charset=utf-8' } },
  { name: 'object+json with several rows → PGRST116 406', path: '/films?select=title', headers: { accept: object }, status: 406,
    json: { code: 'PGRST116', message: 'Cannot coerce the result to a single JSON object', details: 'The result contains 5 rows', hint: null },
    expect: { 'content-type': 'application/json; charset=utf-8' } },
  { name: 'object+json with no rows → PGRST116', path: '/films?id=eq.999', headers: { accept: object }, status: 406,
    json: { code: 'PGRST116', message: 'Cannot coerce the result to a single JSON object', details: 'The result contains 0 rows', hint: null } },
  { name: 'object+json with stripped nulls', path: '/films?select=id,year,rating&id=eq.5', headers: { accept: `${object};nulls=stripped` }, status: 200, json: { id: 5 } },
  { name: 'array with stripped nulls', path: '/films?select=id,year&id=gt.3&order=id', headers: { accept: 'application/vnd.pgrst.array+json;nulls=stripped' }, status: 200,
    json: [{ id: 4, year: 2021 }, { id: 5 }] },
  { name: 'CSV with a header row', path: '/films?select=id,title,year&id=lt.4&order=id', headers: { accept: 'text/csv' }, status: 200,
    text: 'id,title,year\n1,Inception,2010\n2,Interstellar,2014\n3,"Lady Bird",2017', expect: { 'content-type': 'text/csv; charset=utf-8' } },
  { name: 'CSV quotes commas and leaves NULL empty', path: '/films?select=id,tags,year&id=in.(1,5)&order=id', headers: { accept: 'text/csv' }, status: 200,
    text: 'id,tags,year\n1,"{dream,heist}",2010\n5,{},' },
  { name: 'application/geo+json without PostGIS → PGRST107 with a hint', path: '/films', headers: { accept: 'application/geo+json' }, status: 406,
    json: { code: 'PGRST107', message: 'None of these media types are available: application/geo+json', details: null,
      hint: 'application/geo+json needs the PostGIS extension, which is not installed in this database.' } },
  { name: 'unknown Accept → PGRST107', path: '/films', headers: { accept: 'image/png' }, status: 406,
    json: { code: 'PGRST107', message: 'None of these media types are available: image/png', details: null, hint: null } },
  { name: 'Accept with q-values picks the best acceptable', path: '/films?select=id&id=eq.1', headers: { accept: 'image/png;q=1, text/csv;q=0.5' }, status: 200, text: 'id\n1' },
  { name: 'plan (text) for the service role', path: '/films?select=id&id=eq.1', as: 'service', headers: { accept: 'application/vnd.pgrst.plan+text' }, status: 200,
    expect: { 'content-type': 'application/vnd.pgrst.plan+text; for="application/json"; charset=utf-8' }, check: (r) => assert.match(r.text, /Scan/) },
  { name: 'plan (json, analyze) for the service role', path: '/films?select=id&id=eq.1', as: 'service',
    headers: { accept: 'application/vnd.pgrst.plan+json; for="application/json"; options=analyze|verbose;' }, status: 200,
    check: (r) => { assert.ok(Array.isArray(r.json)); assert.ok('Actual Rows' in r.json[0].Plan); } },
  { name: 'plan of a mutation never writes', method: 'POST', path: '/items', as: 'service', headers: { accept: 'application/vnd.pgrst.plan+json; options=analyze' },
    body: { id: 400 }, status: 200 },
  { name: '…nothing inserted', path: '/items?id=eq.400', as: 'service', status: 200, json: [] },
  { name: 'plan is not offered to other roles', path: '/films', headers: { accept: 'application/vnd.pgrst.plan+text' }, status: 406,
    check: (r) => assert.equal(r.json.code, 'PGRST107') },
];

const profiles: Case[] = [
  { name: 'default schema answers with Content-Profile (several exposed)', path: '/films?select=id&id=eq.1', status: 200, expect: { 'content-profile': 'public' } },
  { name: 'Accept-Profile switches to ai', path: '/documents?select=id', as: 'service', headers: { 'accept-profile': 'ai' }, status: 200, json: [{ id: 1 }, { id: 2 }],
    expect: { 'content-profile': 'ai' } },
  { name: 'Content-Profile for writes', method: 'POST', path: '/documents', as: 'service', headers: { 'content-profile': 'ai', prefer: 'return=representation' },
    body: { id: 3, title: 'c' }, status: 201, json: [{ id: 3, owner: null, title: 'c' }], expect: { 'content-profile': 'ai' } },
  { name: 'a table of another schema is not found', path: '/documents', status: 404, check: (r) => assert.equal(r.json.code, 'PGRST205') },
  { name: 'auth is never exposed → PGRST106', path: '/users', as: 'service', headers: { 'accept-profile': 'auth' }, status: 406,
    json: { code: 'PGRST106', message: 'Invalid schema: auth', details: null, hint: 'Only the following schemas are exposed: public, storage, graphql_public, ai' } },
  { name: 'auth through Content-Profile → PGRST106', method: 'POST', path: '/users', as: 'service', headers: { 'content-profile': 'auth' }, body: {}, status: 406,
    check: (r) => assert.equal(r.json.code, 'PGRST106') },
  { name: 'pg_catalog is not exposed', path: '/pg_roles', headers: { 'accept-profile': 'pg_catalog' }, status: 406 },
];

const openapi: Case[] = [
  { name: 'OpenAPI document at the root', path: '/', status: 200, expect: { 'content-type': 'application/openapi+json; charset=utf-8' },
    check: (r) => {
      const d = r.json;
      assert.equal(d.swagger, '2.0');
      assert.equal(d.info.title, 'standard public schema');
      assert.ok(d.paths['/films'].get && d.paths['/films'].post && d.paths['/films'].patch && d.paths['/films'].delete);
      assert.ok(d.paths['/rpc/add'].get && d.paths['/rpc/add'].post);
      assert.ok(d.paths['/rpc/void_fn'].post && !d.paths['/rpc/void_fn'].get);
      const films = d.definitions.films;
      assert.deepEqual(films.required, ['id', 'title']);
      assert.equal(films.properties.id.type, 'integer');
      assert.equal(films.properties.id.format, 'int32');
      assert.match(films.properties.id.description, /This is a Primary Key\.<pk\/>/);
      assert.match(films.properties.director_id.description, /Foreign Key to `directors\.id`/);
      assert.equal(films.properties.title.description, 'The title');
      assert.equal(films.properties.tags.type, 'array');
      assert.equal(films.properties.data.type, undefined);
      assert.equal(d.paths['/films'].get.summary, 'Films we like');
      assert.ok(d.parameters['rowFilter.films.title']);
      assert.equal(d.paths['/secrets'], undefined, 'anon cannot use secrets');
    } },
  { name: 'the service role sees what it may use', path: '/', as: 'service', status: 200, check: (r) => assert.ok(r.json.paths['/secrets']) },
  { name: 'OpenAPI of another profile', path: '/', headers: { 'accept-profile': 'ai' }, status: 200, expect: { 'content-profile': 'ai' },
    check: (r) => { assert.ok(r.json.paths['/documents']); assert.equal(r.json.paths['/films'], undefined); } },
  { name: 'application/openapi+json is accepted', path: '/', headers: { accept: 'application/openapi+json' }, status: 200 },
  { name: 'CSV is not offered at the root', path: '/', headers: { accept: 'text/csv' }, status: 406 },
  { name: 'OPTIONS on a table lists its verbs', method: 'OPTIONS', path: '/films', status: 200, text: '', expect: { allow: 'OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE' } },
  { name: 'OPTIONS on a table without PK has no PUT', method: 'OPTIONS', path: '/nopk', status: 200, expect: { allow: 'OPTIONS,GET,HEAD,POST,PATCH,DELETE' } },
  { name: 'OPTIONS on a volatile function', method: 'OPTIONS', path: '/rpc/void_fn', status: 200, expect: { allow: 'OPTIONS,POST' } },
  { name: 'OPTIONS on a stable function', method: 'OPTIONS', path: '/rpc/add', status: 200, expect: { allow: 'OPTIONS,GET,HEAD,POST' } },
  { name: 'OPTIONS at the root', method: 'OPTIONS', path: '/', status: 200, expect: { allow: 'OPTIONS,GET,HEAD' } },
  { name: 'OPTIONS on an unknown table → PGRST205', method: 'OPTIONS', path: '/nope', status: 404 },
];

const timezone: Case[] = [
  { name: 'insert a timestamp', method: 'POST', path: '/logs', as: 'service', body: { msg: 'tz', at: '2024-01-01T00:00:00Z' }, status: 201 },
  { name: 'Prefer: timezone renders timestamptz in that zone', path: '/logs?select=at&msg=eq.tz', headers: { prefer: 'timezone=Asia/Tokyo' }, status: 200,
    json: [{ at: '2024-01-01T09:00:00+09:00' }], expect: { 'preference-applied': 'timezone=Asia/Tokyo' } },
  { name: 'an invalid timezone is a database error', path: '/logs?select=at', headers: { prefer: 'timezone=Mars/Olympus' }, status: 400, check: (r) => assert.equal(r.json.code, '22023') },
];

forEachEngine('media and profiles', (get) => {
  runCases(get, [...media, ...profiles, ...openapi, ...timezone]);
}, { fixture: undefined });
