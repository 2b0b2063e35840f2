// Table-driven HTTP scenarios (method, path, headers, body → status, headers, body) run against a stack on
// every engine: PGlite always, PostgreSQL when TEST_PG_URL is set (a fresh database per file).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call, pgSkip, startStack, type Call, type Engine, type Reply, type Stack } from './harness.ts';
import type { RestConfig } from '../src/index.ts';

export interface Case extends Call {
  name: string;
  status: number;
  /** Parsed body must deep-equal this. */
  json?: unknown;
  /** Raw body must equal this. */
  text?: string;
  /** Response headers: exact value, pattern, or null for absent. */
  expect?: Record<string, string | RegExp | null>;
  check?: (r: Reply, s: Stack) => void | Promise<void>;
}

export function checkReply(c: Case, r: Reply): void {
  const where = `${c.method ?? 'GET'} ${c.path} → ${r.status} ${r.text.slice(0, 300)}`;
  assert.equal(r.status, c.status, where);
  if (c.json !== undefined) assert.deepStrictEqual(r.json, c.json, where);
  if (c.text !== undefined) assert.equal(r.text, c.text, where);
  for (const [k, v] of Object.entries(c.expect ?? {})) {
    const got = r.headers.get(k);
    if (v === null) assert.equal(got, null, `${where}: header ${k}`);
    else if (typeof v === 'string') assert.equal(got, v, `${where}: header ${k}`);
    else assert.match(got ?? '', v, `${where}: header ${k}`);
  }
}

export function runCases(get: () => Stack, cases: Case[]): void {
  for (const c of cases) {
    test(c.name, async () => {
      const s = get();
      const r = await call(s, c);
      checkReply(c, r);
      await c.check?.(r, s);
    });
  }
}

export const ENGINES: Engine[] = ['pglite', 'postgres'];

/** A describe block per engine, each with its own stack started before and closed after. */
export function forEachEngine(name: string, body: (get: () => Stack, engine: Engine) => void,
  opts: { config?: Partial<RestConfig>; fixture?: string } = {}): void {
  for (const engine of ENGINES) {
    describe(`${name} [${engine}]`, { skip: engine === 'postgres' ? pgSkip : false }, () => {
      let stack: Stack | undefined;
      before(async () => { stack = await startStack(engine, opts); });
      after(async () => { await stack?.close(); });
      body(() => stack!, engine);
    });
  }
}
