// The catcher receives what the nodemailer adapter sends; the inbox filters, persists and serves it over HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastify from 'fastify';
import { createSmtpMailer, Inbox, mailInboxPlugin, startMailCatcher } from '../src/index.ts';

test('a mail sent over SMTP lands in the catcher, parsed', async () => {
  const catcher = await startMailCatcher();
  const mailer = createSmtpMailer({ host: catcher.host, port: catcher.port, from: 'App <no-reply@example.test>', ignoreTLS: true });
  try {
    await mailer.send({ to: 'Alice@Example.test', subject: 'Hello', html: '<p>Hi <b>there</b></p>', text: 'Hi there' });
    await mailer.send({ to: 'bob@example.test', subject: 'Other', html: '<p>x</p>', text: 'x' });
    // The catcher answers 250 only after parsing, so the message is there as soon as send() resolves.
    const forAlice = catcher.listMessages({ to: 'alice@example.test' });
    assert.equal(forAlice.length, 1);
    assert.equal(forAlice[0].subject, 'Hello');
    assert.equal(forAlice[0].from, 'no-reply@example.test');
    assert.match(forAlice[0].html, /<b>there<\/b>/);
    assert.equal(forAlice[0].text.trim(), 'Hi there');
    assert.deepEqual(catcher.getMessage(forAlice[0].id), forAlice[0]);
    assert.equal(catcher.listMessages().length, 2);
    assert.equal(catcher.listMessages()[0].subject, 'Other', 'newest first');
  } finally {
    mailer.close();
    await catcher.close();
  }
});

test('waitFor resolves on arrival and rejects after its guard', async () => {
  const inbox = new Inbox();
  const waiting = inbox.waitFor({ to: 'c@x.test' });
  inbox.add({ id: '1', messageId: null, from: 'a@x.test', to: ['c@x.test'], subject: 's', text: '', html: '', date: '', receivedAt: new Date().toISOString(), size: 1 });
  assert.equal((await waiting).id, '1');
  await assert.rejects(inbox.waitFor({ to: 'nobody@x.test' }, { timeoutMs: 10 }));
});

test('an inbox with a folder keeps its messages across restarts and caps its size', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'powabase-mail-'));
  try {
    const a = new Inbox({ dir, maxMessages: 2 });
    for (const id of ['1', '2', '3']) {
      a.add({ id, messageId: null, from: 'f@x.test', to: ['t@x.test'], subject: id, text: '', html: '', date: '', receivedAt: new Date(Date.now() + Number(id)).toISOString(), size: 1 });
    }
    const b = new Inbox({ dir });
    assert.deepEqual(b.listMessages().map((m) => m.id), ['3', '2']);
    b.clear();
    assert.equal(new Inbox({ dir }).size, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the HTTP plugin lists, reads and deletes messages as JSON', async () => {
  const inbox = new Inbox();
  inbox.add({ id: 'm1', messageId: null, from: 'f@x.test', to: ['t@x.test'], subject: 'one', text: 't', html: 'h', date: '', receivedAt: new Date().toISOString(), size: 1 });
  const app = fastify();
  await app.register(mailInboxPlugin, { inbox, prefix: '/mail' });
  const list = await app.inject({ url: '/mail/messages?to=T@x.test' });
  assert.equal(list.statusCode, 200);
  assert.equal(list.json().total, 1);
  assert.equal((await app.inject({ url: '/mail/messages/m1' })).json().subject, 'one');
  assert.equal((await app.inject({ url: '/mail/messages/nope' })).statusCode, 404);
  assert.equal((await app.inject({ method: 'DELETE', url: '/mail/messages/m1' })).statusCode, 204);
  assert.equal((await app.inject({ url: '/mail/messages' })).json().total, 0);
  await app.close();
});
