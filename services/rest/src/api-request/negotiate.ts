// Content negotiation over PostgREST's built-in producers: the first acceptable Accept entry wins.
// Root → OpenAPI; relations and RPC → JSON, CSV, GeoJSON, the pgrst vendor types and (if enabled) plans.
// Custom media-type handlers (Postgres domains) are not supported yet: anything else is PGRST107.
import { restError } from '../errors.ts';
import { toMime } from './media-type.ts';
import type { MediaType, Target } from './types.ts';

/** What a table/view/function result can be rendered as (before plan wrapping). */
function produce(mt: MediaType): MediaType | null {
  switch (mt.kind) {
    case 'json': case 'any': return { kind: 'json' };
    case 'csv': case 'geojson': case 'object': case 'array-stripped': return mt;
    default: return null;
  }
}

export function negotiate(accept: readonly MediaType[], target: Target, opts: { planEnabled?: boolean }): MediaType {
  for (const mt of accept) {
    const chosen = pick(mt, target, opts.planEnabled ?? false);
    if (chosen) return chosen;
  }
  throw restError('PGRST107', { types: accept.map(toMime).join(', ') });
}

function pick(mt: MediaType, target: Target, planEnabled: boolean): MediaType | null {
  if (target.kind === 'root') return ['openapi', 'json', 'any'].includes(mt.kind) ? { kind: 'openapi' } : null;
  if (mt.kind !== 'plan') return produce(mt);
  if (!planEnabled) return null;
  const inner = produce(mt.for);
  return inner ? { ...mt, for: inner } : null;
}
