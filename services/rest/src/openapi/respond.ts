// GET / : the OpenAPI document of the requested schema, listing what the caller's role may use
// (openapi-mode follow-privileges) or everything (ignore-privileges).
import type { ApiRequest } from '../api-request/types.ts';
import type { RestContext } from '../handler.ts';
import type { HttpResponse } from '../response/build.ts';
import type { SchemaCache } from '../schema-cache/types.ts';
import { openApiDocument } from './document.ts';
import { accessible } from './privileges.ts';

export async function openApiResponse(ctx: RestContext, req: ApiRequest, cache: SchemaCache, role: string): Promise<HttpResponse> {
  let tables = [...cache.tables.values()].filter((t) => t.schema === req.schema);
  let routines = [...cache.routines.values()].flat().filter((r) => r.schema === req.schema);
  if (ctx.config.openApiMode === 'follow-privileges') {
    const ok = await accessible(ctx.db, req.schema, role);
    tables = tables.filter((t) => ok.tables.has(t.name));
    routines = routines.filter((r) => ok.routines.has(r.name));
  }
  tables.sort((a, b) => a.name.localeCompare(b.name));
  routines.sort((a, b) => a.name.localeCompare(b.name));
  const doc = openApiDocument({
    schema: req.schema, tables, routines, relationships: cache.relationships,
    description: cache.schemaDescriptions.get(req.schema) ?? null, version: ctx.config.version, url: ctx.projectUrl,
  });
  const headers: Record<string, string> = { 'Content-Type': 'application/openapi+json; charset=utf-8' };
  if (req.negotiatedByProfile) headers['Content-Profile'] = req.schema;
  return { status: 200, headers, body: req.method === 'HEAD' ? null : JSON.stringify(doc) };
}
