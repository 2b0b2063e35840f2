// Routing of the path after `/rest/v1`: `/` (OpenAPI root), `/<relation>`, `/rpc/<function>`; and the
// action each HTTP method means on it (PGRST125 bad path, PGRST126 root disabled, PGRST101/117 bad verb).
import { restError } from '../errors.ts';
import { percentDecode } from './query-string.ts';
import type { Action, HttpMethod, Target } from './types.ts';

/** Path segments like WAI `pathInfo`: split on `/`, each percent-decoded (`+` stays literal). */
function segments(path: string): string[] {
  const p = path.startsWith('/') ? path.slice(1) : path;
  return p === '' ? [] : p.split('/').map((s) => percentDecode(s, false));
}

export function parseTarget(path: string, opts: { openApiDisabled?: boolean }): Target {
  const segs = segments(path);
  if (segs.length === 0) {
    if (opts.openApiDisabled) throw restError('PGRST126');
    return { kind: 'root' };
  }
  if (segs.length === 1 && segs[0] !== '') return { kind: 'relation', name: segs[0]! };
  if (segs.length === 2 && segs[0] === 'rpc' && segs[1] !== '') return { kind: 'rpc', name: segs[1]! };
  throw restError('PGRST125');
}

const RELATION_ACTIONS: Record<string, Action> = {
  GET: 'read', HEAD: 'head', POST: 'insert', PUT: 'upsert', PATCH: 'update', DELETE: 'delete', OPTIONS: 'info',
};

export function parseAction(target: Target, method: string): { method: HttpMethod; action: Action } {
  const m = method as HttpMethod;
  if (target.kind === 'rpc') {
    if (m === 'GET' || m === 'HEAD' || m === 'POST') return { method: m, action: 'call' };
    if (m === 'OPTIONS') return { method: m, action: 'info' };
    throw restError('PGRST101', { method });
  }
  if (target.kind === 'root') {
    if (m === 'GET' || m === 'HEAD' || m === 'OPTIONS') return { method: m, action: RELATION_ACTIONS[m]! };
    throw restError('PGRST117', { method });
  }
  const action = Object.hasOwn(RELATION_ACTIONS, method) ? RELATION_ACTIONS[method] : undefined;
  if (!action) throw restError('PGRST117', { method });
  return { method: m, action };
}
