// The same scenarios through @supabase/supabase-js, unchanged: select with embeds and every filter helper,
// order/limit/range, single/maybeSingle/csv, counts and head, schema('ai'), insert/upsert/update/delete,
// rpc (POST, GET, HEAD, count) and RLS with a user's access token.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import ws from 'ws';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { forEachEngine } from './cases.ts';
import type { Stack } from './harness.ts';

function client(s: Stack, token?: string, key = s.keys.anon): SupabaseClient {
  return createClient(s.url, key, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: { transport: ws as never },
    ...(token && { global: { headers: { Authorization: `Bearer ${token}` } } }),
  });
}

const ids = (rows: { id: number }[] | null) => (rows ?? []).map((r) => r.id);

forEachEngine('supabase-js', (get) => {
  let anon: SupabaseClient;
  let service: SupabaseClient;
  before(() => {
    anon = client(get());
    service = client(get(), undefined, get().keys.service);
  });

  test('select with embeds', async () => {
    const { data, error, status } = await anon.from('films').select('title, director:directors(last_name), actors(first_name)').eq('id', 2).order('id', { referencedTable: 'actors' });
    assert.equal(error, null);
    assert.equal(status, 200);
    assert.deepEqual(data, [{ title: 'Interstellar', director: { last_name: 'Nolan' }, actors: [{ first_name: 'Matthew' }, { first_name: 'Timothée' }] }]);
  });

  test('every filter helper', async () => {
    const q = () => anon.from('films').select('id').order('id');
    const checks: [string, PromiseLike<{ data: unknown; error: unknown }>, number[]][] = [
      ['eq', q().eq('year', 2014), [2]],
      ['neq', q().neq('year', 2014), [1, 3, 4]],
      ['gt', q().gt('year', 2014), [3, 4]],
      ['gte', q().gte('year', 2014), [2, 3, 4]],
      ['lt', q().lt('year', 2014), [1]],
      ['lte', q().lte('year', 2014), [1, 2]],
      ['like', q().like('title', '%ter%'), [2]],
      ['ilike', q().ilike('title', '%TER%'), [2]],
      ['likeAllOf', q().likeAllOf('title', ['I%', '%n']), [1]],
      ['likeAnyOf', q().likeAnyOf('title', ['I%', 'D%']), [1, 2, 4]],
      ['ilikeAllOf', q().ilikeAllOf('title', ['i%', '%N']), [1]],
      ['ilikeAnyOf', q().ilikeAnyOf('title', ['lady%', 'dune']), [3, 4]],
      ['regexMatch', q().regexMatch('title', '^I'), [1, 2]],
      ['regexIMatch', q().regexIMatch('title', '^i'), [1, 2]],
      ['is null', q().is('year', null), [5]],
      ['isDistinct', q().isDistinct('year', 2010), [2, 3, 4, 5]],
      ['in', q().in('id', [1, 3]), [1, 3]],
      ['in with commas', q().in('title', ['Lady Bird', 'Dune', 'a,b']), [3, 4]],
      ['notIn', q().notIn('id', [1, 3, 5]), [2, 4]],
      ['contains array', q().contains('tags', ['space']), [2, 4]],
      ['contains jsonb', q().contains('data', { budget: 165 }), [2, 4]],
      ['containedBy', q().containedBy('tags', ['space', 'desert', 'heist']).lt('id', 5), [2, 4]],
      ['overlaps', q().overlaps('tags', ['dream', 'desert']), [1, 4]],
      ['rangeGt', q().rangeGt('duration', '[100,155)'), [2]],
      ['rangeGte', q().rangeGte('duration', '[150,300)'), [2, 4]],
      ['rangeLt', q().rangeLt('duration', '[100,150)'), [3]],
      ['rangeLte', q().rangeLte('duration', '[0,150)'), [1, 3]],
      ['rangeAdjacent', q().rangeAdjacent('duration', '[150,160)'), [1, 2]],
      ['overlaps range', q().overlaps('duration', '[145,152)'), [1, 4]],
      ['textSearch', q().textSearch('summary_tsv', 'dream'), [1]],
      ['textSearch plain with config', q().textSearch('summary', 'desert planet', { type: 'plain', config: 'english' }), [4]],
      ['textSearch phrase', q().textSearch('summary', 'desert planet', { type: 'phrase' }), [4]],
      ['textSearch websearch', q().textSearch('summary', 'wormhole or dreams', { type: 'websearch' }), [1, 2]],
      ['match', q().match({ year: 2014, director_id: 1 }), [2]],
      ['not', q().not('year', 'is', null), [1, 2, 3, 4]],
      ['or', q().or('year.lt.2011,year.gt.2020'), [1, 4]],
      ['filter', q().filter('id', 'in', '(2,4)'), [2, 4]],
    ];
    for (const [name, query, expected] of checks) {
      const { data, error } = await query;
      assert.equal(error, null, `${name}: ${JSON.stringify(error)}`);
      assert.deepEqual(ids(data as { id: number }[]), expected, name);
    }
  });

  test('filters, order, limit and or on a referenced table', async () => {
    const { data, error } = await anon.from('directors').select('id, films!inner(title)').or('year.gt.2015', { referencedTable: 'films' })
      .order('title', { referencedTable: 'films', ascending: false }).order('id');
    assert.equal(error, null);
    assert.deepEqual(data, [{ id: 2, films: [{ title: 'Lady Bird' }] }, { id: 3, films: [{ title: 'Dune' }] }]);
    const limited = await anon.from('directors').select('id, films(title)').limit(1, { referencedTable: 'films' }).order('title', { referencedTable: 'films' }).eq('id', 1);
    assert.deepEqual(limited.data, [{ id: 1, films: [{ title: 'Inception' }] }]);
  });

  test('order with nulls, limit and range', async () => {
    const ordered = await anon.from('films').select('id').order('year', { ascending: false, nullsFirst: true }).limit(2);
    assert.deepEqual(ids(ordered.data), [5, 4]);
    const ranged = await anon.from('films').select('id').order('id').range(1, 2);
    assert.deepEqual(ids(ranged.data), [2, 3]);
  });

  test('single, maybeSingle and csv', async () => {
    const one = await anon.from('films').select('title').eq('id', 1).single();
    assert.deepEqual(one.data, { title: 'Inception' });
    const none = await anon.from('films').select('title').eq('id', 999).single();
    assert.equal(none.error?.code, 'PGRST116');
    assert.equal(none.status, 406);
    const maybe = await anon.from('films').select('title').eq('id', 999).maybeSingle();
    assert.equal(maybe.error, null);
    assert.equal(maybe.data, null);
    const many = await anon.from('films').select('title').maybeSingle();
    assert.equal(many.error?.code, 'PGRST116');
    const csv = await anon.from('films').select('id,title').lt('id', 3).order('id').csv();
    assert.equal(csv.data, 'id,title\n1,Inception\n2,Interstellar');
  });

  test('counts with head and range', async () => {
    const exact = await anon.from('films').select('*', { count: 'exact', head: true });
    assert.equal(exact.count, 5);
    assert.equal(exact.data, null);
    const planned = await anon.from('films').select('id', { count: 'planned' });
    assert.equal(typeof planned.count, 'number');
    const estimated = await anon.from('films').select('id', { count: 'estimated' }).range(0, 1);
    assert.equal(estimated.count, 5);
    assert.equal(estimated.status, 206);
  });

  test('schema("ai")', async () => {
    const { data, error } = await service.schema('ai').from('documents').select('id').order('id');
    assert.equal(error, null);
    assert.deepEqual(ids(data), [1, 2]);
    const refused = await service.schema('auth').from('users').select('*');
    assert.equal(refused.error?.code, 'PGRST106');
  });

  test('insert, upsert, update and delete', async () => {
    const inserted = await service.from('items').insert({ id: 500, name: 'sb' }).select().single();
    assert.deepEqual(inserted.data, { id: 500, name: 'sb', qty: 0, note: 'none' });
    assert.equal(inserted.status, 201);
    const bulk = await service.from('items').insert([{ id: 501, name: 'x' }, { id: 502 }]).select('id, name');
    assert.deepEqual(bulk.data, [{ id: 501, name: 'x' }, { id: 502, name: null }]);
    const defaults = await service.from('items').insert([{ id: 503, name: 'y' }, { id: 504 }], { defaultToNull: false }).select('id, note');
    assert.deepEqual(defaults.data, [{ id: 503, note: 'none' }, { id: 504, note: 'none' }]);
    const upserted = await service.from('items').upsert([{ id: 500, name: 'sb2' }, { id: 505, name: 'z' }]).select('id, name').order('id');
    assert.deepEqual(upserted.data, [{ id: 500, name: 'sb2' }, { id: 505, name: 'z' }]);
    const ignored = await service.from('items').upsert({ id: 500, name: 'ignored' }, { onConflict: 'id', ignoreDuplicates: true }).select();
    assert.deepEqual(ignored.data, []);
    const counted = await service.from('items').upsert({ id: 506 }, { count: 'exact' });
    assert.equal(counted.count, 1);
    const updated = await service.from('items').update({ qty: 9 }).in('id', [501, 502]).select('id, qty');
    assert.deepEqual(updated.data, [{ id: 501, qty: 9 }, { id: 502, qty: 9 }]);
    const deleted = await service.from('items').delete({ count: 'exact' }).gte('id', 500);
    assert.equal(deleted.error, null);
    assert.equal(deleted.count, 7);
    assert.equal(deleted.status, 204);
    const unfiltered = await service.from('items').delete();
    assert.equal(unfiltered.error?.code, '21000');
    const conflict = await service.from('items').insert({ id: 1 });
    assert.equal(conflict.error?.code, '23505');
    assert.equal(conflict.status, 409);
  });

  test('rpc: POST, GET, HEAD and counts', async () => {
    assert.deepEqual((await anon.rpc('add', { a: 2, b: 3 })).data, 5);
    assert.deepEqual((await anon.rpc('add', { a: 2 }, { get: true })).data, 3);
    const set = await anon.rpc('films_by_year', { y: 2014 }).select('title');
    assert.deepEqual(set.data, [{ title: 'Interstellar' }]);
    const filtered = await anon.rpc('get_ints').gt('get_ints', 3);
    assert.deepEqual(filtered.data, [4, 5]);
    const head = await anon.rpc('get_ints', {}, { head: true, count: 'exact' });
    assert.equal(head.count, 5);
    assert.equal(head.data, null);
    const single = await anon.rpc('films_by_year', { y: 2010 }).select('title').single();
    assert.deepEqual(single.data, { title: 'Inception' });
    const variadic = await anon.rpc('sum_all', { nums: [1, 2, 3] });
    assert.equal(variadic.data, 6);
    const missing = await anon.rpc('nope');
    assert.equal(missing.error?.code, 'PGRST202');
    const voided = await anon.rpc('void_fn');
    assert.equal(voided.error, null);
    assert.equal(voided.status, 204);
  });

  test('RLS through a user access token', async () => {
    const s = get();
    const user1 = client(s, s.keys.user1);
    const user2 = client(s, s.keys.user2);
    const ins = await user1.from('todos').insert({ task: 'sb-js task' }).select('task, user_id').single();
    assert.equal(ins.error, null, JSON.stringify(ins.error));
    assert.equal(ins.data?.user_id, s.keys.user1Sub);
    assert.deepEqual((await user1.from('todos').select('task')).data, [{ task: 'sb-js task' }]);
    assert.deepEqual((await user2.from('todos').select('task')).data, []);
    assert.deepEqual((await anon.from('todos').select('task')).data, []);
    assert.equal(((await service.from('todos').select('task')).data ?? []).length, 1);
    const forged = await user2.from('todos').insert({ task: 'forged', user_id: s.keys.user1Sub });
    assert.equal(forged.error?.code, '42501');
    assert.equal(forged.status, 403);
  });

  test('errors keep the PostgREST shape', async () => {
    const { error, status } = await anon.from('nope').select();
    assert.equal(status, 404);
    assert.deepEqual(error && { code: error.code, message: error.message, hint: error.hint }, {
      code: 'PGRST205', message: "Could not find the table 'public.nope' in the schema cache", hint: "Perhaps you meant the table 'public.nopk'",
    });
    const rel = await anon.from('films').select('*, nope(*)');
    assert.equal(rel.error?.code, 'PGRST200');
  });
});
