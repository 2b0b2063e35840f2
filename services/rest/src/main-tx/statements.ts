// Prepared-statement names per pool client: each distinct statement text is parsed once per connection
// and bound afterwards. Names carry a per-client id because a PGlite session is shared by every client
// of the pool (a name prepared by one client exists for all). Bounded: past the cap, statements go unnamed.
import { createHash } from 'node:crypto';
import type { Statement } from './pipeline.ts';

const MAX_PER_CLIENT = 400;
let nextClientId = 1;

export interface ClientStatements {
  id: number;
  prepared: Set<string>;
}

const registry = new WeakMap<object, ClientStatements>();

export function statementsOf(client: object): ClientStatements {
  let s = registry.get(client);
  if (!s) registry.set(client, (s = { id: nextClientId++, prepared: new Set() }));
  return s;
}

const hashes = new Map<string, string>();

export function statementHash(text: string): string {
  let h = hashes.get(text);
  if (h === undefined) {
    h = createHash('sha1').update(text).digest('base64url').slice(0, 20);
    if (hashes.size > 5000) hashes.clear();
    hashes.set(text, h);
  }
  return h;
}

/** The statement with a name when this client may still prepare one (or already has). */
export function named(s: ClientStatements, text: string, values: readonly unknown[]): Statement {
  const name = `pgrst_${s.id}_${statementHash(text)}`;
  if (s.prepared.has(name) || s.prepared.size < MAX_PER_CLIENT) return { text, values, name, noDescribe: true };
  return { text, values, noDescribe: true };
}
