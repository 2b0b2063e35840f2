// Who may do what: a table-driven permission matrix (role x route -> status) over every org- and
// project-scoped route, then the member, invitation and organization rules around it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { email, harness, onEachEngine, type Harness } from './harness.ts';

type Who = 'owner' | 'admin' | 'developer' | 'read_only' | 'outsider';
const WHO: Who[] = ['owner', 'admin', 'developer', 'read_only', 'outsider'];

interface Fx { h: Harness; tokens: Record<Who, string>; ids: Record<Who, string>; slug: string; ref: string; spareId: string; dbUrl: string }
interface Call { method: string; url: string; body?: unknown }
interface Row {
  name: string;
  expect: [owner: number, admin: number, developer: number, read_only: number, outsider: number];
  /** Builds the request; may make a fresh resource first (for routes that destroy or change what they hit). */
  call(fx: Fx): Promise<Call> | Call;
}

/** Signs up `who`, or a fresh spare user, and makes them a member of `slug` through an invitation. */
async function join(fx: Pick<Fx, 'h' | 'tokens'>, slug: string, token: string, role: string): Promise<void> {
  const me = await fx.h.req('GET', '/v1/auth/user', { token });
  const inv = await fx.h.req('POST', `/v1/organizations/${slug}/invitations`, { token: fx.tokens.owner, body: { email: me.body.email, role } });
  assert.equal(inv.status, 201, JSON.stringify(inv.body));
  const acc = await fx.h.req('POST', `/v1/invitations/${inv.body.token}/accept`, { token });
  assert.equal(acc.status, 200, JSON.stringify(acc.body));
}

async function newOrg(fx: Pick<Fx, 'h' | 'tokens'>): Promise<string> {
  const org = await fx.h.req('POST', '/v1/organizations', { token: fx.tokens.owner, body: { name: 'Matrix Org' } });
  assert.equal(org.status, 201);
  for (const role of ['admin', 'developer', 'read_only'] as const) await join(fx, org.body.slug, fx.tokens[role], role);
  return org.body.slug;
}

async function newProject(fx: Fx, paused = false): Promise<string> {
  const p = await fx.h.req('POST', '/v1/projects', { token: fx.tokens.owner, body: { name: 'p', organization_id: fx.slug } });
  assert.equal(p.status, 201);
  if (paused) assert.equal((await fx.h.req('POST', `/v1/projects/${p.body.ref}/pause`, { token: fx.tokens.owner })).status, 200);
  return p.body.ref;
}

async function spareMember(fx: Fx): Promise<string> {
  const s = await fx.h.signup(email('spare'));
  await join(fx, fx.slug, s.token, 'developer');
  return s.userId;
}

const MATRIX: Row[] = [
  { name: 'GET org', expect: [200, 200, 200, 200, 404], call: (f) => ({ method: 'GET', url: `/v1/organizations/${f.slug}` }) },
  { name: 'PATCH org', expect: [200, 200, 403, 403, 404], call: (f) => ({ method: 'PATCH', url: `/v1/organizations/${f.slug}`, body: { name: 'Renamed' } }) },
  {
    name: 'DELETE org', expect: [200, 403, 403, 403, 404],
    call: async (f) => ({ method: 'DELETE', url: `/v1/organizations/${await newOrg(f)}` }),
  },
  { name: 'GET members', expect: [200, 200, 200, 200, 404], call: (f) => ({ method: 'GET', url: `/v1/organizations/${f.slug}/members` }) },
  {
    name: 'PATCH member role', expect: [200, 200, 403, 403, 404],
    call: (f) => ({ method: 'PATCH', url: `/v1/organizations/${f.slug}/members/${f.spareId}`, body: { role: 'read_only' } }),
  },
  {
    name: 'DELETE member', expect: [200, 200, 403, 403, 404],
    call: async (f) => ({ method: 'DELETE', url: `/v1/organizations/${f.slug}/members/${await spareMember(f)}` }),
  },
  {
    name: 'POST invitation', expect: [201, 201, 403, 403, 404],
    call: (f) => ({ method: 'POST', url: `/v1/organizations/${f.slug}/invitations`, body: { email: email('inv'), role: 'developer' } }),
  },
  { name: 'GET invitations', expect: [200, 200, 403, 403, 404], call: (f) => ({ method: 'GET', url: `/v1/organizations/${f.slug}/invitations` }) },
  {
    name: 'DELETE invitation', expect: [200, 200, 403, 403, 404],
    call: async (f) => {
      const inv = await f.h.req('POST', `/v1/organizations/${f.slug}/invitations`, { token: f.tokens.owner, body: { email: email('del'), role: 'read_only' } });
      return { method: 'DELETE', url: `/v1/organizations/${f.slug}/invitations/${inv.body.id}` };
    },
  },
  { name: 'GET projects', expect: [200, 200, 200, 200, 200], call: () => ({ method: 'GET', url: '/v1/projects' }) },
  {
    name: 'POST project', expect: [201, 201, 201, 403, 404],
    call: (f) => ({ method: 'POST', url: '/v1/projects', body: { name: 'new', organization_id: f.slug } }),
  },
  { name: 'GET project', expect: [200, 200, 200, 200, 404], call: (f) => ({ method: 'GET', url: `/v1/projects/${f.ref}` }) },
  {
    name: 'PATCH project', expect: [200, 200, 200, 403, 404],
    call: (f) => ({ method: 'PATCH', url: `/v1/projects/${f.ref}`, body: { name: 'renamed' } }),
  },
  { name: 'pause project', expect: [200, 200, 200, 403, 404], call: async (f) => ({ method: 'POST', url: `/v1/projects/${await newProject(f)}/pause` }) },
  { name: 'restore project', expect: [200, 200, 200, 403, 404], call: async (f) => ({ method: 'POST', url: `/v1/projects/${await newProject(f, true)}/restore` }) },
  { name: 'resume project', expect: [200, 200, 200, 403, 404], call: async (f) => ({ method: 'POST', url: `/v1/projects/${await newProject(f, true)}/resume` }) },
  { name: 'DELETE project', expect: [200, 200, 403, 403, 404], call: async (f) => ({ method: 'DELETE', url: `/v1/projects/${await newProject(f)}` }) },
  { name: 'project health', expect: [200, 200, 200, 200, 404], call: (f) => ({ method: 'GET', url: `/v1/projects/${f.ref}/health` }) },
  { name: 'project api-keys', expect: [200, 200, 200, 200, 404], call: (f) => ({ method: 'GET', url: `/v1/projects/${f.ref}/api-keys` }) },
  { name: 'project connect', expect: [200, 200, 200, 200, 404], call: (f) => ({ method: 'GET', url: `/v1/projects/${f.ref}/connect` }) },
  {
    name: 'database query', expect: [200, 200, 200, 403, 404],
    call: async (f) => {
      const ref = await newProject(f);
      f.h.prov.dbUrls.set(ref, f.dbUrl); // this project's Database URL reaches a real database
      return { method: 'POST', url: `/v1/projects/${ref}/database/query`, body: { query: 'select 1 as one' } };
    },
  },
  { name: 'GET config/auth', expect: [200, 200, 200, 403, 404], call: (f) => ({ method: 'GET', url: `/v1/projects/${f.ref}/config/auth` }) },
  {
    name: 'PATCH config/auth', expect: [200, 200, 403, 403, 404],
    call: (f) => ({ method: 'PATCH', url: `/v1/projects/${f.ref}/config/auth`, body: { jwt_exp: 3600 } }),
  },
  { name: 'POST org (any user)', expect: [201, 201, 201, 201, 201], call: () => ({ method: 'POST', url: '/v1/organizations', body: { name: 'Mine' } }) },
];

onEachEngine((db) => {
  let fx: Fx;
  before(async () => {
    const h = await harness(db());
    const tokens = {} as Record<Who, string>;
    const ids = {} as Record<Who, string>;
    for (const w of WHO) {
      const s = await h.signup(email(w));
      tokens[w] = s.token;
      ids[w] = s.userId;
    }
    const base = { h, tokens };
    const slug = await newOrg(base);
    const partial = { h, tokens, ids, slug, ref: '', spareId: '', dbUrl: db().url };
    partial.ref = await newProject(partial);
    partial.spareId = await spareMember(partial);
    fx = partial;
  });
  after(async () => { await fx?.h.close(); });

  for (const row of MATRIX) {
    test(`permission matrix: ${row.name}`, async () => {
      const got: number[] = [];
      for (const who of WHO) {
        const c = await row.call(fx);
        const r = await fx.h.req(c.method, c.url, { token: fx.tokens[who], body: c.body });
        got.push(r.status);
        if (r.status >= 400) assert.equal(typeof r.body.message, 'string', `${row.name} as ${who}: JSON error body`);
      }
      assert.deepEqual(got, row.expect, `${row.name}: statuses for ${WHO.join(', ')}`);
    });
  }

  test('a read_only member cannot create or delete projects', async () => {
    const create = await fx.h.req('POST', '/v1/projects', { token: fx.tokens.read_only, body: { name: 'ro', organization_id: fx.slug } });
    assert.deepEqual([create.status, create.body.code], [403, 'forbidden']);
    const del = await fx.h.req('DELETE', `/v1/projects/${fx.ref}`, { token: fx.tokens.read_only });
    assert.deepEqual([del.status, del.body.code], [403, 'forbidden']);
    assert.equal((await fx.h.req('GET', `/v1/projects/${fx.ref}`, { token: fx.tokens.owner })).body.status, 'ACTIVE_HEALTHY');
  });

  test('non-members learn nothing: 404 for org and project, and the project is not listed', async () => {
    const list = await fx.h.req('GET', '/v1/projects', { token: fx.tokens.outsider });
    assert.ok(!list.body.some((p: { ref: string }) => p.ref === fx.ref));
    const missing = await fx.h.req('GET', '/v1/projects/abcdefghijklmnopqrst', { token: fx.tokens.outsider });
    const hidden = await fx.h.req('GET', `/v1/projects/${fx.ref}`, { token: fx.tokens.outsider });
    assert.deepEqual(hidden.body, missing.body);
    const orgs = await fx.h.req('GET', '/v1/organizations', { token: fx.tokens.outsider });
    assert.ok(!orgs.body.some((o: { slug: string }) => o.slug === fx.slug));
  });

  test('read_only sees only the anon key and no secrets in Connect; developers see all', async () => {
    const ro = await fx.h.req('GET', `/v1/projects/${fx.ref}/api-keys`, { token: fx.tokens.read_only });
    assert.deepEqual(ro.body.map((k: { name: string }) => k.name), ['anon']);
    const dev = await fx.h.req('GET', `/v1/projects/${fx.ref}/api-keys`, { token: fx.tokens.developer });
    assert.deepEqual(dev.body.map((k: { name: string }) => k.name), ['anon', 'service_role']);
    const c = (await fx.h.req('GET', `/v1/projects/${fx.ref}/connect`, { token: fx.tokens.read_only })).body;
    assert.equal(c.service_role_key, null);
    assert.equal(c.jwt_secret, null);
    assert.match(c.db_url, /^postgresql:\/\/postgres:\[YOUR-PASSWORD\]@127\.0\.0\.1:\d+\/postgres$/);
    assert.ok(!c.connection_strings.env.includes('SERVICE_ROLE'));
    const full = (await fx.h.req('GET', `/v1/projects/${fx.ref}/connect`, { token: fx.tokens.developer })).body;
    assert.equal(full.service_role_key, dev.body[1].api_key);
    assert.ok(!full.db_url.includes('YOUR-PASSWORD'));
  });

  test('members: admins cannot touch owners or grant owner; owners transfer; the last owner stays', async () => {
    const { h, tokens, ids } = fx;
    const slug = await newOrg(fx);
    const m = (id: string) => `/v1/organizations/${slug}/members/${id}`;
    const grant = await h.req('PATCH', m(ids.developer), { token: tokens.admin, body: { role: 'owner' } });
    assert.deepEqual([grant.status, grant.body.code], [403, 'role_not_assignable']);
    assert.equal((await h.req('PATCH', m(ids.owner), { token: tokens.admin, body: { role: 'admin' } })).status, 403);
    assert.equal((await h.req('DELETE', m(ids.owner), { token: tokens.admin })).status, 403);
    const demoteLast = await h.req('PATCH', m(ids.owner), { token: tokens.owner, body: { role: 'admin' } });
    assert.deepEqual([demoteLast.status, demoteLast.body.code], [409, 'last_owner']);
    assert.equal((await h.req('DELETE', m(ids.owner), { token: tokens.owner })).status, 409);
    // Transfer: promote the admin (role_name form, as Supabase), then step down.
    const promote = await h.req('PATCH', m(ids.admin), { token: tokens.owner, body: { role_name: 'owner' } });
    assert.deepEqual([promote.status, promote.body.role_name], [200, 'owner']);
    assert.equal((await h.req('PATCH', m(ids.owner), { token: tokens.owner, body: { role: 'developer' } })).status, 200);
    assert.equal((await h.req('DELETE', `/v1/organizations/${slug}`, { token: tokens.owner })).status, 403);
    assert.equal((await h.req('PATCH', m(ids.read_only), { token: tokens.admin, body: { role: 'nope' } })).status, 400);
    assert.equal((await h.req('PATCH', m(ids.read_only), { token: tokens.admin, body: { unknown: 'admin' } })).status, 400);
    assert.equal((await h.req('PATCH', m('00000000-0000-4000-8000-000000000000'), { token: tokens.admin, body: { role: 'admin' } })).status, 404);
    const members = (await h.req('GET', `/v1/organizations/${slug}/members`, { token: tokens.read_only })).body;
    assert.deepEqual(
      Object.fromEntries(members.map((x: { user_id: string; role_name: string }) => [x.user_id, x.role_name])),
      { [ids.owner]: 'developer', [ids.admin]: 'owner', [ids.developer]: 'developer', [ids.read_only]: 'read_only' },
    );
  });

  test('any member may leave; a read_only member removing someone else is refused', async () => {
    const { h, tokens, ids } = fx;
    const slug = await newOrg(fx);
    assert.equal((await h.req('DELETE', `/v1/organizations/${slug}/members/${ids.developer}`, { token: tokens.read_only })).status, 403);
    const leave = await h.req('DELETE', `/v1/organizations/${slug}/members/${ids.read_only}`, { token: tokens.read_only });
    assert.equal(leave.status, 200);
    assert.equal((await h.req('GET', `/v1/organizations/${slug}`, { token: tokens.read_only })).status, 404);
  });

  test('invitations: only for that email, single use, no duplicates for members, tokens not listed', async () => {
    const { h, tokens } = fx;
    const slug = await newOrg(fx);
    const invitee = await h.signup(email('invitee'));
    const me = (await h.req('GET', '/v1/auth/user', { token: invitee.token })).body;
    const inv = await h.req('POST', `/v1/organizations/${slug}/invitations`, { token: tokens.admin, body: { email: me.email.toUpperCase(), role: 'read_only' } });
    assert.equal(inv.status, 201);
    assert.match(inv.body.token, /^pbi_[0-9a-f]{40}$/);
    const listed = (await h.req('GET', `/v1/organizations/${slug}/invitations`, { token: tokens.admin })).body;
    assert.equal(listed.length, 1);
    assert.equal(listed[0].token, undefined);
    assert.equal(listed[0].email, me.email);
    const wrong = await h.req('POST', `/v1/invitations/${inv.body.token}/accept`, { token: tokens.outsider });
    assert.deepEqual([wrong.status, wrong.body.code], [403, 'invitation_email_mismatch']);
    const ok = await h.req('POST', `/v1/invitations/${inv.body.token}/accept`, { token: invitee.token });
    assert.deepEqual([ok.status, ok.body.slug, ok.body.role], [200, slug, 'read_only']);
    assert.equal((await h.req('POST', `/v1/invitations/${inv.body.token}/accept`, { token: invitee.token })).status, 404);
    const again = await h.req('POST', `/v1/organizations/${slug}/invitations`, { token: tokens.owner, body: { email: me.email, role: 'admin' } });
    assert.deepEqual([again.status, again.body.code], [409, 'already_member']);
    const asOwner = await h.req('POST', `/v1/organizations/${slug}/invitations`, { token: tokens.admin, body: { email: email('x'), role: 'owner' } });
    assert.equal(asOwner.status, 403);
    assert.equal((await h.req('POST', '/v1/invitations/pbi_nope/accept', { token: invitee.token })).status, 404);
  });

  test('organizations: slugs are unique, id works where a slug does, deletion waits for projects', async () => {
    const { h, tokens } = fx;
    const a = (await h.req('POST', '/v1/organizations', { token: tokens.owner, body: { name: 'Same Name' } })).body;
    const b = (await h.req('POST', '/v1/organizations', { token: tokens.owner, body: { name: 'Same Name' } })).body;
    assert.notEqual(a.slug, b.slug);
    assert.equal(a.role, 'owner');
    assert.equal((await h.req('GET', `/v1/organizations/${a.id}`, { token: tokens.owner })).body.slug, a.slug);
    const p = await h.req('POST', '/v1/projects', { token: tokens.owner, body: { name: 'by id', organization_id: a.id } });
    assert.equal(p.status, 201);
    assert.equal(p.body.organization_slug, a.slug);
    const blocked = await h.req('DELETE', `/v1/organizations/${a.slug}`, { token: tokens.owner });
    assert.deepEqual([blocked.status, blocked.body.code], [409, 'organization_has_projects']);
    assert.equal((await h.req('DELETE', `/v1/projects/${p.body.ref}`, { token: tokens.owner })).status, 200);
    assert.equal((await h.req('DELETE', `/v1/organizations/${a.slug}`, { token: tokens.owner })).status, 200);
    assert.equal((await h.req('GET', `/v1/organizations/${a.slug}`, { token: tokens.owner })).status, 404);
  });
});
