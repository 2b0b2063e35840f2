// Black-box: the AI service of a project started by the real CLI — upload a document, watch it extract,
// index it into a knowledge base and search it; the key matrix of /api. Plain HTTP, no src/ imports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { envFor, startPlatform, tempDataDir, type Connect, type Running } from './lib/platform.ts';

let running: Running;
let P: Connect;

const DOC = `# Travel policy

## Trains
Employees travel second class by train for trips under four hours.

## Hotels
Hotel nights are booked through the travel desk, at most 150 euros per night.`;

const api = async (path: string, init: RequestInit = {}, key = P.service_role_key) => {
  const res = await fetch(`${P.url}/api${path}`, { ...init, headers: { apikey: key, authorization: `Bearer ${key}`, ...(init.headers ?? {}) } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};
const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

async function until<T>(what: string, check: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  running = await startPlatform(await envFor(tempDataDir()));
  P = running.project;
});

after(async () => { await running?.stop(); });

test('upload -> extracted -> knowledge base -> indexed -> search finds the right chunk', async () => {
  const fd = new FormData();
  fd.set('file', new Blob([DOC], { type: 'text/markdown' }), 'travel.md');
  const up = await api('/sources/upload', { method: 'POST', body: fd });
  assert.equal(up.status, 201, JSON.stringify(up.body));
  const source = await until('extraction', async () => {
    const r = await api(`/sources/${up.body.id}`);
    return ['extracted', 'failed', 'attention_required'].includes(r.body?.extraction_status) ? r.body : null;
  });
  assert.equal(source.extraction_status, 'extracted');

  const kb = await api('/knowledge-bases', json({ name: 'Policies' }));
  assert.equal(kb.status, 201);
  assert.equal((await api(`/knowledge-bases/${kb.body.id}/sources`, json({ source_id: source.id }))).status, 201);
  await until('indexing', async () => {
    const r = await api(`/knowledge-bases/${kb.body.id}/sources`);
    const items = r.body?.items ?? [];
    return items.length && items.every((i: any) => i.index_status === 'indexed') ? items : null;
  });
  for (const method of ['vector_search', 'full_text', 'hybrid']) {
    const r = await api(`/knowledge-bases/${kb.body.id}/search`, json({ query: 'how much may a hotel night cost', retrieval_method: method, top_k: 3 }));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(r.body.results[0].text, /150 euros/, method);
  }
});

test('AI routes require the service role key', async () => {
  const asAnon = await api('/knowledge-bases', {}, P.anon_key);
  assert.equal(asAnon.status, 403);
  assert.equal(asAnon.body.error, "This endpoint requires the project's service role key");
  const health = await fetch(`${P.url}/api/health`);
  assert.equal(health.status, 200);
});
