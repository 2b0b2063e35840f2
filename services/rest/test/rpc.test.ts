// RPC: GET and POST calls, named and default arguments, form bodies, single unnamed json/text parameters,
// overload resolution (PGRST202/203), every return shape (void, scalar, setof scalar, composite, OUT
// record, table, setof table) with select/filters/order/limit on results, variadics, read-only GETs, custom
// errors and response overrides from SQL.
import { forEachEngine, runCases, type Case } from './cases.ts';

const calls: Case[] = [
  { name: 'GET scalar', path: '/rpc/add?a=1&b=2', status: 200, json: 3, expect: { 'content-range': '0-0/*', 'content-type': 'application/json; charset=utf-8' } },
  { name: 'GET with a defaulted argument omitted', path: '/rpc/add?a=1', status: 200, json: 2 },
  { name: 'POST named arguments', method: 'POST', path: '/rpc/add', body: { a: 5, b: 10 }, status: 200, json: 15 },
  { name: 'POST form-urlencoded arguments', method: 'POST', path: '/rpc/add', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=3&b=4', status: 200, json: 7 },
  { name: 'text result', path: '/rpc/hello?name=World', status: 200, json: 'Hello, World' },
  { name: 'bigint result', path: '/rpc/film_count', status: 200, json: 5 },
  { name: 'json result', method: 'POST', path: '/rpc/json_echo', body: { x: [1, 2, 3] }, status: 200, json: { x: [1, 2, 3] } },
  { name: 'single unnamed text parameter takes the body', method: 'POST', path: '/rpc/text_echo', headers: { 'content-type': 'text/plain' }, body: 'hello', status: 200, json: 'HELLO' },
  { name: 'void → 204', method: 'POST', path: '/rpc/void_fn', status: 204, text: '' },
  { name: 'single composite → an object', method: 'POST', path: '/rpc/new_item', body: { id: 300, name: 'rpc' }, status: 200, json: { id: 300, name: 'rpc', qty: 0, note: 'none' } },
  { name: 'OUT parameters → an object', path: '/rpc/point_of?x=1&y=2', status: 200, json: { sx: 2, sy: 4 } },
  { name: 'RETURNS TABLE → array of objects', path: '/rpc/film_stats?year=not.is.null&order=year', status: 200,
    json: [{ year: 2010, n: 1 }, { year: 2014, n: 1 }, { year: 2017, n: 1 }, { year: 2021, n: 1 }] },
  { name: 'filters and select on a table result', path: '/rpc/film_stats?year=gt.2015&select=year', status: 200, json: [{ year: 2017 }, { year: 2021 }] },
  { name: 'SETOF table with select and embeds', path: '/rpc/films_by_year?y=2014&select=title,director:directors(last_name)', status: 200,
    json: [{ title: 'Interstellar', director: { last_name: 'Nolan' } }] },
  { name: 'SETOF table POSTed with filters in the URL', method: 'POST', path: '/rpc/films_by_year?select=title&title=like.*stellar', body: { y: 2014 }, status: 200, json: [{ title: 'Interstellar' }] },
  { name: 'SETOF scalar', path: '/rpc/get_ints', status: 200, json: [1, 2, 3, 4, 5] },
  { name: 'SETOF scalar filtered and ordered by the function name', path: '/rpc/get_ints?get_ints=gt.2&order=get_ints.desc', status: 200, json: [5, 4, 3] },
  { name: 'limit with count → 206', path: '/rpc/get_ints?limit=2', headers: { prefer: 'count=exact' }, status: 206, json: [1, 2], expect: { 'content-range': '0-1/5' } },
  { name: 'variadic by repeated GET keys', path: '/rpc/sum_all?nums=1&nums=2&nums=3', status: 200, json: 6 },
  { name: 'variadic by a JSON array', method: 'POST', path: '/rpc/sum_all', body: { nums: [4, 5] }, status: 200, json: 9 },
  { name: 'array argument as a Postgres literal on GET', path: '/rpc/int_array?arr=%7B1,2,3%7D', status: 200, json: 3 },
  { name: 'array argument as JSON on POST', method: 'POST', path: '/rpc/int_array', body: { arr: [1, 2, 3, 4] }, status: 200, json: 4 },
  { name: 'object+json on a set result with one row', method: 'POST', path: '/rpc/films_by_year?select=title', headers: { accept: 'application/vnd.pgrst.object+json' }, body: { y: 2014 },
    status: 200, json: { title: 'Interstellar' } },
  { name: 'object+json on a set result without rows → PGRST116', method: 'POST', path: '/rpc/films_by_year', headers: { accept: 'application/vnd.pgrst.object+json' }, body: { y: 1900 },
    status: 406, json: { code: 'PGRST116', message: 'Cannot coerce the result to a single JSON object', details: 'The result contains 0 rows', hint: null } },
  { name: 'HEAD', method: 'HEAD', path: '/rpc/add?a=1', status: 200, text: '' },
  { name: 'volatile function through POST writes', method: 'POST', path: '/rpc/insert_log', body: { msg: 'logged' }, status: 200,
    check: (r) => { if (r.json[0].msg !== 'logged') throw new Error(r.text); } },
  { name: 'volatile function through GET runs read-only → 25006 405', path: '/rpc/insert_log?msg=x', status: 405,
    json: { code: '25006', message: 'cannot execute INSERT in a read-only transaction', details: null, hint: null } },
  { name: 'max-affected on a set-returning function → PGRST124 and rollback', method: 'POST', path: '/rpc/delete_items', as: 'service', headers: { prefer: 'handling=strict, max-affected=1' },
    status: 400, json: { code: 'PGRST124', message: 'Query result exceeds max-affected preference constraint', details: 'The query affects 3 rows', hint: null } },
  { name: '…the rows are still there', path: '/items?select=id&order=id&id=lt.100', as: 'service', status: 200, json: [{ id: 1 }, { id: 2 }] },
  { name: 'max-affected on a single-row function → PGRST128', method: 'POST', path: '/rpc/add', headers: { prefer: 'handling=strict, max-affected=1' }, body: { a: 1 }, status: 400,
    json: { code: 'PGRST128', message: 'Function must return SETOF or TABLE when max-affected preference is used with handling=strict', details: null, hint: null } },
  { name: 'auth.uid() of a signed-in user', path: '/rpc/my_uid', as: 'user1', status: 200, check: (r, s) => { if (r.json !== s.keys.user1Sub) throw new Error(r.text); } },
  { name: 'auth.uid() of anon is null', path: '/rpc/my_uid', status: 200, json: null },
  { name: 'claims carry the resolved role', path: '/rpc/my_claims', status: 200, check: (r) => { if (r.json.role !== 'anon' || r.json.iss !== 'powabase') throw new Error(r.text); } },
  { name: 'request.method, request.path, request.headers and the role are set', path: '/rpc/request_info', as: 'user1', headers: { 'x-client-info': 'tests/1.0' }, status: 200,
    json: { method: 'GET', path: '/rpc/request_info', client: 'tests/1.0', role: 'authenticated', search_path: '"public", "extensions"' } },
  { name: '…and request.headers are this request\'s own (not a cached one\'s)', path: '/rpc/request_info', as: 'user1', headers: { 'x-client-info': 'other/2.0' }, status: 200,
    check: (r) => { if (r.json.client !== 'other/2.0') throw new Error(r.text); } },
];

const failures: Case[] = [
  { name: 'no function with these arguments → PGRST202 with a hint', method: 'POST', path: '/rpc/add', body: { a: 5, c: 1 }, status: 404,
    json: {
      code: 'PGRST202', message: 'Could not find the function public.add(a, c) in the schema cache',
      details: 'Searched for the function public.add with parameters a, c or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
      hint: 'Perhaps you meant to call the function public.add(a, b)',
    } },
  { name: 'GET without the required argument → PGRST202', path: '/rpc/add', status: 404,
    json: {
      code: 'PGRST202', message: 'Could not find the function public.add without parameters in the schema cache',
      details: 'Searched for the function public.add without parameters, but no matches were found in the schema cache.',
      hint: 'Perhaps you meant to call the function public.add(a, b)',
    } },
  { name: 'unknown function with a close name', method: 'POST', path: '/rpc/hallo', body: { name: 'x' }, status: 404,
    check: (r) => { if (r.json.code !== 'PGRST202' || r.json.hint !== 'Perhaps you meant to call the function public.hello') throw new Error(r.text); } },
  { name: 'ambiguous overloads → PGRST203 300', method: 'POST', path: '/rpc/overloaded', body: { a: 1 }, status: 300,
    json: {
      code: 'PGRST203', message: 'Could not choose the best candidate function between: public.overloaded(a => integer), public.overloaded(a => text)',
      details: null, hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    } },
  { name: 'wrong argument type → 22P02', path: '/rpc/add?a=abc', status: 400, json: { code: '22P02', message: 'invalid input syntax for type integer: "abc"', details: null, hint: null } },
  { name: 'PATCH on RPC → PGRST101', method: 'PATCH', path: '/rpc/add', status: 405, json: { code: 'PGRST101', message: 'Cannot use the PATCH method on RPC', details: null, hint: null } },
  { name: "RAISE SQLSTATE 'PGRST' sets status, headers and body", method: 'POST', path: '/rpc/raise_custom', status: 402,
    json: { code: '123', message: 'Payment Required', details: 'Quota exceeded', hint: 'Upgrade' }, expect: { 'x-powered-by': 'Nerd Rage' } },
  { name: 'RAISE EXCEPTION → P0001 400', method: 'POST', path: '/rpc/raise_plain', status: 400, json: { code: 'P0001', message: 'nope', details: null, hint: 'try again' } },
  { name: 'response.status and response.headers from SQL', path: '/rpc/teapot', status: 418, json: 'short and stout', expect: { 'cache-control': 'public, max-age=5' } },
];

forEachEngine('rpc', (get) => {
  runCases(get, [...calls, ...failures]);
});
