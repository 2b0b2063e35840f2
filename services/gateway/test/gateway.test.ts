// Table-driven scenarios through app.inject(): key-auth, JWT, routing, 501s, CORS, bodies, errors.
import { describe, before, after } from 'node:test';
import { createGateway } from '../src/index.ts';
import { echoService, makeProject, tokens } from './helpers.ts';
import { runTable, type Case, type Fixtures } from './table.ts';

let f: Fixtures;

before(async () => {
  const project = await makeProject('proja');
  const other = await makeProject('projb');
  const main = await createGateway({
    project,
    bodyLimit: 64 * 1024,
    testRoutes: true,
    services: {
      rest: {
        plugin: echoService('rest'),
        renderAuthError: (e) => ({ status: 401, body: { code: 'PGRST301', message: e.message }, headers: { 'www-authenticate': 'Bearer error="invalid_token"' } }),
      },
      storage: { plugin: echoService('storage'), jwt: 'lenient' },
      auth: { plugin: echoService('auth'), jwt: 'lenient' },
    },
  });
  const bare = await createGateway({ project, services: {}, cors: { origins: ['https://app.example.com'] } });
  f = { project, other, t: await tokens(project, other), apps: { main, bare } };
});
after(async () => { await f.apps.main.close(); await f.apps.bare.close(); });

type KeyName = 'anon' | 'service' | 'otherAnon' | 'otherService';
const keyOf = (f: Fixtures, k: KeyName) =>
  ({ anon: f.project.anonKey, service: f.project.serviceRoleKey, otherAnon: f.other.anonKey, otherService: f.other.serviceRoleKey })[k];
type TokenName = Exclude<keyof Fixtures['t'], 'userSub'>;
/** Headers: apikey `k` (or none) and, optionally, a Bearer naming a token, a key, or a literal string. */
const H = (k: KeyName | null, bearer?: { token: TokenName } | { key: KeyName } | { raw: string }) => (f: Fixtures) => {
  const h: Record<string, string> = k ? { apikey: keyOf(f, k) } : {};
  if (bearer && 'token' in bearer) h.authorization = `Bearer ${f.t[bearer.token]}`;
  if (bearer && 'key' in bearer) h.authorization = `Bearer ${keyOf(f, bearer.key)}`;
  if (bearer && 'raw' in bearer) h.authorization = bearer.raw;
  return h;
};
const Q = (k: KeyName) => (f: Fixtures) => `apikey=${encodeURIComponent(keyOf(f, k))}`;

const NO_KEY = { message: 'No API key found in request' };
const BAD_KEY = { message: 'Invalid API key' };
const notAvailable = (title: string, service: string) => ({ message: `${title} is not available in this Powabase version yet`, service });
const fixtures = () => f;

describe('key-auth', () => runTable([
  { name: 'missing apikey -> 401', method: 'GET', url: '/rest/v1/todos', status: 401, body: NO_KEY },
  { name: 'missing apikey, even with a valid Bearer -> 401', method: 'GET', url: '/rest/v1/todos', headers: H(null, { token: 'user' }), status: 401, body: NO_KEY },
  { name: 'empty apikey -> 401 missing', method: 'GET', url: '/rest/v1/todos', headers: { apikey: '' }, status: 401, body: NO_KEY },
  { name: 'unknown apikey -> 401', method: 'GET', url: '/rest/v1/todos', headers: { apikey: 'nope' }, status: 401, body: BAD_KEY },
  { name: "the other project's anon key is refused", method: 'GET', url: '/rest/v1/todos', headers: H('otherAnon'), status: 401, body: BAD_KEY },
  { name: "the other project's service key is refused", method: 'GET', url: '/rest/v1/todos', headers: H('otherService'), status: 401, body: BAD_KEY },
  { name: "the other project's key in the query is refused", method: 'GET', url: (f) => `/realtime/v1/websocket?${Q('otherAnon')(f)}&vsn=2.0.0`, status: 401, body: BAD_KEY },
  { name: 'apikey as query parameter', method: 'GET', url: (f) => `/rest/v1/todos?${Q('anon')(f)}`, status: 200, has: { role: 'anon', keyRole: 'anon' } },
  { name: 'apikey in the query of an unmounted websocket path reaches the 501', method: 'GET', url: (f) => `/realtime/v1/websocket?${Q('anon')(f)}&vsn=2.0.0`, status: 501, body: notAvailable('Realtime', 'realtime') },
  { name: 'anon key -> anon', method: 'GET', url: '/rest/v1/todos', headers: H('anon'), status: 200, has: { service: 'rest', role: 'anon', keyRole: 'anon', authError: null } },
  { name: 'service key -> service_role', method: 'GET', url: '/rest/v1/todos', headers: H('service'), status: 200, has: { role: 'service_role', keyRole: 'service_role' } },
  { name: 'anon key + user JWT -> authenticated', method: 'GET', url: '/rest/v1/todos', headers: H('anon', { token: 'user' }), status: 200, has: (f) => ({ role: 'authenticated', keyRole: 'anon', sub: f.t.userSub }) },
  { name: 'anon key + anon key as Bearer -> anon', method: 'GET', url: '/rest/v1/todos', headers: H('anon', { key: 'anon' }), status: 200, has: { role: 'anon' } },
  { name: 'anon key + service key as Bearer -> service_role', method: 'GET', url: '/rest/v1/todos', headers: H('anon', { key: 'service' }), status: 200, has: { role: 'service_role', keyRole: 'anon' } },
  { name: 'a non-Bearer Authorization (S3 SigV4) is not read as a JWT', method: 'GET', url: '/rest/v1/todos', headers: H('anon', { raw: 'AWS4-HMAC-SHA256 Credential=x' }), status: 200, has: { role: 'anon' } },
  { name: 'open auth path (/verify) needs no key', method: 'GET', url: '/auth/v1/verify?token=x&type=signup', status: 200, has: { service: 'auth', role: 'anon' } },
  { name: 'other auth paths need a key', method: 'GET', url: '/auth/v1/user', status: 401, body: NO_KEY },
  { name: 'an open-path look-alike needs a key', method: 'GET', url: '/auth/v1/verifyx', status: 401, body: NO_KEY },
  { name: 'storage has no key-auth (public object URLs)', method: 'GET', url: '/storage/v1/object/public/b/cat.png', status: 200, has: { service: 'storage', role: 'anon' } },
  { name: 'storage: an unknown key on an open path counts as no key', method: 'GET', url: '/storage/v1/object/public/b/cat.png', headers: { apikey: 'nope' }, status: 200, has: { role: 'anon' } },
  { name: 'storage: a Bearer without apikey decides the role', method: 'GET', url: '/storage/v1/object/b/x', headers: H(null, { token: 'user' }), status: 200, has: { role: 'authenticated' } },
  { name: 'a percent-encoded prefix is routed, and key-checked, like the plain one', method: 'GET', url: '/%72est/v1/todos', status: 401, body: NO_KEY },
], fixtures));

describe('Bearer JWT', () => runTable([
  { name: 'signed by another secret: strict -> the service renderer', method: 'GET', url: '/rest/v1/todos', headers: H('anon', { token: 'otherSecret' }), status: 401,
    body: { code: 'PGRST301', message: 'JWT signature is invalid' }, resHeaders: { 'www-authenticate': 'Bearer error="invalid_token"' } },
  { name: 'signed by another secret: strict default -> 401 {message}', method: 'GET', url: '/api/_test/whoami', headers: H('anon', { token: 'otherSecret' }), status: 401, body: { message: 'JWT signature is invalid' } },
  { name: 'signed by another secret: lenient -> authError, apikey role', method: 'GET', url: '/storage/v1/object/b/x', headers: H('anon', { token: 'otherSecret' }), status: 200, has: { role: 'anon', authError: 'bad_signature' } },
  { name: 'lenient with the service key and a bad Bearer keeps the key identity', method: 'GET', url: '/storage/v1/bucket', headers: H('service', { token: 'expired' }), status: 200, has: { role: 'service_role', authError: 'expired' } },
  { name: 'alg none refused', method: 'GET', url: '/api/_test/whoami', headers: H('anon', { token: 'algNone' }), status: 401 },
  { name: 'HS512 refused (alg pinned to HS256)', method: 'GET', url: '/api/_test/whoami', headers: H('anon', { token: 'hs512' }), status: 401, body: { message: 'JWT algorithm is not allowed' } },
  { name: 'expired refused', method: 'GET', url: '/api/_test/whoami', headers: H('anon', { token: 'expired' }), status: 401, body: { message: 'JWT expired' } },
  { name: 'garbage refused', method: 'GET', url: '/api/_test/whoami', headers: H('anon', { token: 'garbage' }), status: 401, body: { message: 'JWT is malformed' } },
  { name: 'Bearer with no token refused', method: 'GET', url: '/api/_test/whoami', headers: H('anon', { raw: 'Bearer ' }), status: 401, body: { message: 'JWT is malformed' } },
  { name: 'lowercase bearer scheme accepted', method: 'GET', url: '/api/_test/whoami', headers: (f) => ({ apikey: f.project.anonKey, authorization: `bearer ${f.t.user}` }), status: 200, has: { role: 'authenticated' } },
  { name: 'key check comes before the JWT check', method: 'GET', url: '/api/_test/whoami', headers: H('otherAnon', { token: 'garbage' }), status: 401, body: BAD_KEY },
], fixtures));

describe('whoami role resolution', () => runTable([
  { name: 'anon key only -> anon', method: 'GET', url: '/api/_test/whoami', headers: H('anon'), status: 200,
    also: (res) => { const b = res.json(); if (b.role !== 'anon' || b.claims.role !== 'anon' || b.claims.ref !== 'proja') throw new Error(res.body); } },
  { name: 'service key -> service_role', method: 'GET', url: '/api/_test/whoami', headers: H('service'), status: 200, has: { role: 'service_role' } },
  { name: 'apikey in the query -> its role', method: 'GET', url: (f) => `/api/_test/whoami?${Q('service')(f)}`, status: 200, has: { role: 'service_role' } },
  { name: 'user JWT -> authenticated with its claims', method: 'GET', url: '/api/_test/whoami', headers: H('anon', { token: 'user' }), status: 200,
    also: (res, f) => { const b = res.json(); if (b.role !== 'authenticated' || b.claims.sub !== f.t.userSub || b.claims.email !== 'u@example.com') throw new Error(res.body); } },
  { name: 'whoami needs a key', method: 'GET', url: '/api/_test/whoami', status: 401, body: NO_KEY },
  { name: 'test routes are absent unless testRoutes', app: 'bare', method: 'GET', url: '/api/_test/whoami', headers: H('anon'), status: 501, body: notAvailable('AI service', 'api') },
], fixtures));

describe('routing: health, 501 per unmounted prefix, 404', () => runTable([
  { name: 'health without a key', method: 'GET', url: '/api/health', status: 200, body: { status: 'ok' } },
  { name: 'health HEAD', method: 'HEAD', url: '/api/health', status: 200 },
  { name: 'health ignores a bad key', method: 'GET', url: '/api/health', headers: { apikey: 'nope' }, status: 200, body: { status: 'ok' } },
  { name: 'health on a gateway with no services', app: 'bare', method: 'GET', url: '/api/health', status: 200, body: { status: 'ok' } },
  { name: '501 rest', app: 'bare', method: 'GET', url: '/rest/v1/todos?select=*', headers: H('anon'), status: 501, body: notAvailable('REST', 'rest') },
  { name: '501 rest bare prefix', app: 'bare', method: 'PATCH', url: '/rest/v1', headers: H('anon'), status: 501, body: notAvailable('REST', 'rest') },
  { name: '501 auth', app: 'bare', method: 'POST', url: '/auth/v1/token?grant_type=password', headers: (f) => ({ ...H('anon')(f), 'content-type': 'application/json' }), payload: '{"email":"a@b.c"}', status: 501, body: notAvailable('Auth', 'auth') },
  { name: '501 storage', app: 'bare', method: 'DELETE', url: '/storage/v1/object/b/x', headers: H('service'), status: 501, body: notAvailable('Storage', 'storage') },
  { name: '501 storage needs no key (no key-auth there)', app: 'bare', method: 'GET', url: '/storage/v1/object/public/b/x', status: 501, body: notAvailable('Storage', 'storage') },
  { name: '501 realtime', app: 'bare', method: 'GET', url: '/realtime/v1/websocket', headers: H('anon'), status: 501, body: notAvailable('Realtime', 'realtime') },
  { name: '501 realtime REST broadcast', app: 'bare', method: 'POST', url: '/realtime/v1/api/broadcast', headers: H('anon'), status: 501, body: notAvailable('Realtime', 'realtime') },
  { name: '501 api', app: 'bare', method: 'PUT', url: '/api/tools/1', headers: H('service'), status: 501, body: notAvailable('AI service', 'api') },
  { name: '501 api webhooks need no key', app: 'bare', method: 'POST', url: '/api/webhooks/abc', status: 501, body: notAvailable('AI service', 'api') },
  { name: 'unmounted prefixes still check the key first', app: 'bare', method: 'GET', url: '/rest/v1/todos', status: 401, body: NO_KEY },
  { name: '501 for an unmounted prefix on the main gateway too', method: 'GET', url: '/api/agents', headers: H('service'), status: 501, body: notAvailable('AI service', 'api') },
  { name: 'unknown top-level path -> Kong 404', method: 'GET', url: '/graphql/v1', status: 404, body: { message: 'no Route matched with those values' } },
  { name: 'functions are not routed -> 404', method: 'POST', url: '/functions/v1/hello', headers: H('anon'), status: 404, body: { message: 'no Route matched with those values' } },
  { name: 'root -> 404', method: 'GET', url: '/', status: 404, body: { message: 'no Route matched with those values' } },
  { name: 'a prefix look-alike is not the service', method: 'GET', url: '/rest/v10/x', headers: H('anon'), status: 404, body: { message: 'no Route matched with those values' } },
], fixtures));

const ORIGIN = 'https://anything.example.org';
describe('CORS', () => runTable([
  { name: 'preflight from any origin, no apikey needed', method: 'OPTIONS', url: '/rest/v1/todos?select=*',
    headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'apikey, authorization, x-client-info, content-type, prefer, x-custom' },
    status: 204, resHeaders: {
      'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET,POST,PUT,PATCH,DELETE,OPTIONS,HEAD',
      'access-control-allow-headers': 'apikey, authorization, x-client-info, content-type, prefer, x-custom',
      'access-control-max-age': '86400', vary: /Origin/,
    } },
  { name: 'preflight without requested headers gets the default list', method: 'OPTIONS', url: '/storage/v1/object/b/x',
    headers: { origin: ORIGIN, 'access-control-request-method': 'PUT' }, status: 204,
    resHeaders: { 'access-control-allow-headers': /apikey.*authorization.*x-client-info.*content-type.*accept-profile.*content-profile.*prefer.*range.*range-unit.*x-upsert.*x-supabase-api-version.*cache-control.*x-metadata.*tus-resumable.*upload-offset/ } },
  { name: 'preflight on an unmounted prefix', app: 'bare', method: 'OPTIONS', url: '/rest/v1/todos',
    headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' }, status: 204, resHeaders: { 'access-control-allow-origin': 'https://app.example.com' } },
  { name: 'preflight on an unknown path', method: 'OPTIONS', url: '/nowhere', headers: { origin: ORIGIN, 'access-control-request-method': 'GET' }, status: 204,
    resHeaders: { 'access-control-allow-origin': ORIGIN } },
  { name: 'responses expose the headers supabase-js reads', method: 'GET', url: '/rest/v1/todos', headers: (f) => ({ ...H('anon')(f), origin: ORIGIN }), status: 200,
    resHeaders: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true',
      'access-control-expose-headers': /Content-Range, X-Total-Count, Link, X-Supabase-Api-Version, Content-Profile, Location, ETag, Content-Location, Preference-Applied/ } },
  { name: 'errors carry CORS headers too (browsers can read the 401)', method: 'GET', url: '/rest/v1/todos', headers: { origin: ORIGIN }, status: 401, body: NO_KEY,
    resHeaders: { 'access-control-allow-origin': ORIGIN } },
  { name: 'no Origin, no CORS headers', method: 'GET', url: '/api/health', status: 200, resHeaders: { 'access-control-allow-origin': undefined } },
  { name: 'configured origin list: a listed origin is reflected', app: 'bare', method: 'GET', url: '/api/health', headers: { origin: 'https://app.example.com' }, status: 200,
    resHeaders: { 'access-control-allow-origin': 'https://app.example.com', 'access-control-allow-credentials': 'true' } },
  { name: 'configured origin list: another origin gets no CORS headers', app: 'bare', method: 'GET', url: '/api/health', headers: { origin: ORIGIN }, status: 200,
    resHeaders: { 'access-control-allow-origin': undefined, 'access-control-allow-credentials': undefined, 'access-control-expose-headers': undefined } },
  { name: 'configured origin list: preflight from another origin is not allowed', app: 'bare', method: 'OPTIONS', url: '/rest/v1/todos',
    headers: { origin: ORIGIN, 'access-control-request-method': 'GET' }, status: 204,
    resHeaders: { 'access-control-allow-origin': undefined, 'access-control-allow-methods': undefined } },
  { name: 'a plain OPTIONS (not a preflight) goes to the service, with key-auth', method: 'OPTIONS', url: '/rest/v1/todos', status: 401, body: NO_KEY },
], fixtures));

const big = Buffer.alloc(70 * 1024, 'a');
describe('bodies', () => runTable([
  { name: 'JSON is parsed for the service', method: 'POST', url: '/rest/v1/todos', headers: (f) => ({ ...H('anon')(f), 'content-type': 'application/json' }), payload: '{"a":1}', status: 200, has: { body: { a: 1 } } },
  { name: 'application/*+json is parsed', method: 'POST', url: '/rest/v1/todos', headers: (f) => ({ ...H('anon')(f), 'content-type': 'application/vnd.pgrst.object+json; charset=utf-8' }), payload: '[1]', status: 200, has: { body: [1] } },
  { name: 'malformed JSON -> 400', method: 'POST', url: '/rest/v1/todos', headers: (f) => ({ ...H('anon')(f), 'content-type': 'application/json' }), payload: '{"a":', status: 400, body: { message: 'Request body is not valid JSON' } },
  { name: 'malformed +json -> 400', method: 'POST', url: '/storage/v1/x', headers: { 'content-type': 'application/merge-patch+json' }, payload: 'nope', status: 400, body: { message: 'Request body is not valid JSON' } },
  { name: 'DELETE with content-type json and no body is no body (postgrest-js)', method: 'DELETE', url: '/rest/v1/todos?id=eq.1', headers: (f) => ({ ...H('anon')(f), 'content-type': 'application/json' }), status: 200, has: { body: null } },
  { name: 'oversized JSON -> 413', method: 'POST', url: '/rest/v1/todos', headers: (f) => ({ ...H('anon')(f), 'content-type': 'application/json' }), payload: `"${big.toString()}"`, status: 413, body: { message: 'Request body is too large' } },
  { name: 'oversized stream with Content-Length -> 413 before the service', method: 'POST', url: '/storage/v1/object/b/big.bin', headers: { 'content-type': 'application/octet-stream' }, payload: big, status: 413, body: { message: 'Request body is too large' } },
  { name: 'octet-stream reaches the service as a stream', method: 'POST', url: '/storage/v1/object/b/x.bin', headers: { 'content-type': 'application/octet-stream' }, payload: 'raw bytes', status: 200, has: { body: { stream: 'raw bytes' } } },
  { name: 'text/plain stays a stream (storage uploads of text files)', method: 'PUT', url: '/storage/v1/object/b/x.txt', headers: { 'content-type': 'text/plain' }, payload: 'hello', status: 200, has: { body: { stream: 'hello' } } },
  { name: 'text/csv stays a stream', method: 'POST', url: '/rest/v1/todos', headers: (f) => ({ ...H('anon')(f), 'content-type': 'text/csv' }), payload: 'a,b\n1,2', status: 200, has: { body: { stream: 'a,b\n1,2' } } },
  { name: 'multipart stays a stream', method: 'POST', url: '/storage/v1/object/b/y', headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--', status: 200, has: { body: { stream: '--x--' } } },
  { name: 'body without content-type stays a stream', method: 'POST', url: '/storage/v1/object/b/z', payload: 'zz', status: 200, has: { body: { stream: 'zz' } } },
  { name: 'a refused key never reads the body', method: 'POST', url: '/rest/v1/todos', headers: { 'content-type': 'application/json' }, payload: '{"a":', status: 401, body: NO_KEY },
], fixtures));

describe('errors', () => runTable([
  { name: 'an unexpected service error -> generic 500, no internals', method: 'GET', url: '/rest/v1/boom', headers: H('anon'), status: 500, body: { message: 'Internal server error' },
    also: (res) => { if (res.body.includes('/db/path')) throw new Error('leaked'); } },
  { name: 'a 4xx error keeps its status and message', method: 'GET', url: '/rest/v1/teapot', headers: H('anon'), status: 418, body: { message: 'I am a teapot' } },
], fixtures));
