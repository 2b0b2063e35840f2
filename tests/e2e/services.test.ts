// Black-box: the services a started platform mounts for a project, used the way an app uses them —
// supabase-js auth with a confirmation mail read from the local catcher, then storage under RLS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import ws from 'ws';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { cliToken, envFor, startPlatform, tempDataDir, type Connect, type Running } from './lib/platform.ts';

let running: Running;
let dir: string;
let P: Connect;

const client = (key: string): SupabaseClient =>
  createClient(P.url, key, { realtime: { transport: ws as never }, auth: { persistSession: false, autoRefreshToken: false } });

before(async () => {
  dir = tempDataDir();
  running = await startPlatform(await envFor(dir));
  P = running.project;
});

after(async () => { await running?.stop(); });

async function confirmationLink(email: string): Promise<string> {
  const res = await fetch(`${running.platformUrl}/v1/mail/messages?to=${encodeURIComponent(email)}`, {
    headers: { authorization: `Bearer ${cliToken(dir)}` },
  });
  assert.equal(res.status, 200);
  const { messages } = await res.json();
  assert.ok(messages.length > 0, 'a confirmation mail was caught');
  const link = /href="([^"]+\/auth\/v1\/verify[^"]*)"/.exec(messages[0].html ?? '')?.[1];
  assert.ok(link, 'the mail carries a verify link');
  return link!.replace(/&#38;|&amp;/g, '&');
}

test('the mail inbox needs a platform sign-in', async () => {
  const res = await fetch(`${running.platformUrl}/v1/mail/messages`);
  assert.equal(res.status, 401);
});

test('sign-up, confirmation mail from the local catcher, sign-in, then storage under RLS as that user', async () => {
  const anon = client(P.anon_key);
  const email = 'ada@example.com';
  const password = 'correct horse battery staple';
  const signUp = await anon.auth.signUp({ email, password });
  assert.equal(signUp.error, null);
  assert.equal(signUp.data.session, null, 'no session before the address is confirmed');
  const early = await anon.auth.signInWithPassword({ email, password });
  assert.equal(early.error?.code, 'email_not_confirmed');

  const verify = await fetch(await confirmationLink(email), { redirect: 'manual' });
  assert.ok([302, 303].includes(verify.status), `verify redirects (got ${verify.status})`);

  const signIn = await anon.auth.signInWithPassword({ email, password });
  assert.equal(signIn.error, null);
  const user = signIn.data.user!;
  const token = signIn.data.session!.access_token;

  // The owner sets up a private bucket and a policy: users read and write only their own folder.
  const db = new pg.Client({ connectionString: P.db_url });
  await db.connect();
  await db.query(`insert into storage.buckets (id, name, public) values ('docs', 'docs', false)`);
  await db.query(`create policy own_folder on storage.objects for all to authenticated
    using (bucket_id = 'docs' and (storage.foldername(name))[1] = auth.uid()::text)
    with check (bucket_id = 'docs' and (storage.foldername(name))[1] = auth.uid()::text)`);
  await db.end();

  const asUser = createClient(P.url, P.anon_key, {
    realtime: { transport: ws as never },
    auth: { persistSession: false, autoRefreshToken: false },
    global: { headers: { Authorization: `Bearer ${token}` } },
  });
  const body = new TextEncoder().encode('hello from ada');
  const up = await asUser.storage.from('docs').upload(`${user.id}/note.txt`, body, { contentType: 'text/plain' });
  assert.equal(up.error, null);
  const other = await asUser.storage.from('docs').upload('someone-else/note.txt', body, { contentType: 'text/plain' });
  assert.ok(other.error, 'writing outside the own folder is refused by RLS');
  const down = await asUser.storage.from('docs').download(`${user.id}/note.txt`);
  assert.equal(await down.data!.text(), 'hello from ada');
  const asAnon = await client(P.anon_key).storage.from('docs').download(`${user.id}/note.txt`);
  assert.ok(asAnon.error, 'anon cannot read a private bucket');

  // The same token in REST: RLS sees auth.uid() = this user.
  const db2 = new pg.Client({ connectionString: P.db_url });
  await db2.connect();
  await db2.query(`create table public.notes (id serial primary key, user_id uuid not null, body text)`);
  await db2.query(`alter table public.notes enable row level security`);
  await db2.query(`create policy own_notes on public.notes for all to authenticated using (user_id = auth.uid()) with check (user_id = auth.uid())`);
  await db2.query(`insert into public.notes (user_id, body) values ($1, 'mine'), (gen_random_uuid(), 'not mine')`, [user.id]);
  // A claim setting left behind by an earlier transaction in the shared session must not hide the user.
  await db2.query(`select set_config('request.jwt.claim.sub', '', false)`);
  await db2.end();
  const mine = await asUser.from('notes').select('body');
  assert.equal(mine.error, null);
  assert.deepEqual(mine.data, [{ body: 'mine' }]);
  const inserted = await asUser.from('notes').insert({ user_id: user.id, body: 'second' }).select('body').single();
  assert.equal(inserted.error, null);
  const forged = await asUser.from('notes').insert({ user_id: '00000000-0000-0000-0000-000000000000', body: 'forged' });
  assert.equal(forged.error?.code, '42501');
  const anonRows = await client(P.anon_key).from('notes').select();
  assert.deepEqual(anonRows.data ?? [], []);
});
