// A tiny scenario table runner: cases are static (so node:test sees their names), keys and tokens are
// resolved from fixtures when each case runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { ProjectInfo } from '@powabase/core';
import type { tokens } from './helpers.ts';

export interface Fixtures {
  project: ProjectInfo;
  other: ProjectInfo;
  t: Awaited<ReturnType<typeof tokens>>;
  apps: Record<string, FastifyInstance>;
}

type Lazy<T> = T | ((f: Fixtures) => T);

export interface Case {
  name: string;
  /** Which gateway of the fixtures answers; default 'main'. */
  app?: string;
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  url: Lazy<string>;
  headers?: Lazy<Record<string, string>>;
  payload?: string | Buffer;
  status: number;
  /** Exact JSON body. */
  body?: Lazy<unknown>;
  /** Fields the JSON body must have (deep-equal each). */
  has?: Lazy<Record<string, unknown>>;
  /** A string or RegExp the header must match; undefined: the header must be absent. */
  resHeaders?: Record<string, string | RegExp | undefined>;
  /** Anything else to assert. */
  also?: (res: LightMyRequestResponse, f: Fixtures) => void;
}

const get = <T>(v: Lazy<T>, f: Fixtures): T => (typeof v === 'function' ? (v as (f: Fixtures) => T)(f) : v);

export async function check(c: Case, f: Fixtures): Promise<LightMyRequestResponse> {
  const res = await f.apps[c.app ?? 'main'].inject({
    method: c.method, url: get(c.url, f), headers: c.headers && get(c.headers, f), payload: c.payload,
  });
  assert.equal(res.statusCode, c.status, `${c.method} ${get(c.url, f)} -> ${res.body}`);
  if (c.body !== undefined) assert.deepEqual(res.json(), get(c.body, f));
  for (const [k, v] of Object.entries(c.has ? get(c.has, f) : {})) assert.deepEqual(res.json()[k], v, `body.${k}`);
  for (const [k, v] of Object.entries(c.resHeaders ?? {})) {
    if (v === undefined) assert.equal(res.headers[k], undefined, `header ${k} must be absent`);
    else if (v instanceof RegExp) assert.match(String(res.headers[k]), v, `header ${k}`);
    else assert.equal(res.headers[k], v, `header ${k}`);
  }
  if (c.status >= 400 && res.body) {
    assert.match(String(res.headers['content-type']), /json/, 'errors are JSON');
    assert.equal(typeof res.json().message, 'string', 'errors carry a message');
    assert.doesNotMatch(res.body, /\n\s+at |\.ts:\d+/, 'no stack in error bodies');
  }
  c.also?.(res, f);
  return res;
}

export function runTable(cases: Case[], fixtures: () => Fixtures): void {
  for (const c of cases) test(c.name, async () => { await check(c, fixtures()); });
}
