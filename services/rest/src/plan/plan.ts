// The plan stage: ApiRequest + schema cache → Plan (read, mutation or call), with the response shape,
// transaction mode and Preference-Applied tokens. Pure; all PGRST2xx errors are raised here.
import { appliedPreferences } from '../api-request/preferences.ts';
import type { ApiRequest, MediaType } from '../api-request/types.ts';
import type { RestConfig } from '../config.ts';
import { restError } from '../errors.ts';
import type { SchemaCache } from '../schema-cache/types.ts';
import { buildCallPlan } from './call-plan.ts';
import { buildMutatePlan } from './mutate-plan.ts';
import { attachRequestParts, buildReadNode, type ReadContext } from './read-plan.ts';
import { resolveTable } from './relations.ts';
import type { ActionPlan, BodyShape, EmbedNode, Plan, ReadNode } from './types.ts';

export function shapeOf(mt: MediaType): BodyShape {
  switch (mt.kind) {
    case 'object': return mt.stripNulls ? 'single-stripped' : 'single';
    case 'csv': return 'csv';
    case 'geojson': return 'geojson';
    case 'array-stripped': return 'array-stripped';
    case 'plan': return shapeOf(mt.for);
    default: return 'array';
  }
}

function checkSpreads(node: ReadNode): void {
  for (const e of node.embeds) {
    if (e.spread && !e.toOne && (e.grouped || e.embeds.some((x: EmbedNode) => x.grouped))) {
      throw restError('PGRST127', { feature: 'Aggregates are not implemented for one-to-many or many-to-many spreads.' });
    }
    checkSpreads(e);
  }
}

function actionPlan(req: ApiRequest, cache: SchemaCache, config: RestConfig, ctx: ReadContext): ActionPlan {
  const target = req.target;
  if (target.kind === 'rpc') return buildCallPlan(ctx, req, target.name, config.maxRows);
  if (target.kind !== 'relation') throw restError('PGRST125');
  const table = resolveTable(cache, req.schema, target.name);
  if (req.action === 'read' || req.action === 'head') {
    const node = buildReadNode(ctx, table, { kind: 'relation', schema: table.schema, name: table.name }, req.select);
    attachRequestParts(ctx, node, req);
    const limits = [req.range.limit, config.maxRows ?? undefined].filter((x): x is number => x !== undefined);
    node.range = { offset: req.range.offset, ...(limits.length && { limit: Math.min(...limits) }) };
    return { kind: 'read', table, node, count: req.preferences.count, head: req.action === 'head' };
  }
  return buildMutatePlan(ctx, req, table, config.safeUpdate);
}

export function planRequest(req: ApiRequest, cache: SchemaCache, config: RestConfig, opts: { postgis: boolean }): Plan {
  const ctx: ReadContext = { cache, schema: req.schema, legacyTargetNames: config.legacyTargetNames };
  const mediaType = req.mediaType ?? { kind: 'json' };
  if ((mediaType.kind === 'geojson' || (mediaType.kind === 'plan' && mediaType.for.kind === 'geojson')) && !opts.postgis) {
    throw restError('PGRST107', { types: 'application/geo+json' }, { hint: 'application/geo+json needs the PostGIS extension, which is not installed in this database.' });
  }
  const action = actionPlan(req, cache, config, ctx);
  if (action.kind === 'read' || action.kind === 'call') { if (action.node) checkSpreads(action.node); }
  else if (action.returning) checkSpreads(action.returning);
  const resolutionApplies = action.kind === 'mutate' && action.mutation === 'insert' ? action.onConflict !== null : true;
  return {
    request: req,
    action,
    shape: shapeOf(mediaType),
    explain: mediaType.kind === 'plan' ? mediaType : null,
    readOnly: action.kind === 'read' || (action.kind === 'call' && action.readOnly),
    applied: appliedPreferences(req.preferences, req.action, { resolutionApplies }),
  };
}
