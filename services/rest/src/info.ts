// OPTIONS: the `Allow` header of a relation (by its insert/update/delete capabilities and primary key),
// of a function (volatile ones only POST) or of the root. No database round trip.
import type { ApiRequest } from './api-request/types.ts';
import { restError } from './errors.ts';
import { resolveTable } from './plan/relations.ts';
import type { SchemaCache } from './schema-cache/types.ts';
import type { HttpResponse } from './response/build.ts';

export function infoResponse(req: ApiRequest, cache: SchemaCache): HttpResponse {
  let allow = 'OPTIONS,GET,HEAD';
  if (req.target.kind === 'relation') {
    const t = resolveTable(cache, req.schema, req.target.name);
    const verbs = ['OPTIONS,GET,HEAD'];
    if (t.insertable) verbs.push('POST');
    if (t.insertable && t.updatable && t.pk.length) verbs.push('PUT');
    if (t.updatable) verbs.push('PATCH');
    if (t.deletable) verbs.push('DELETE');
    allow = verbs.join(',');
  } else if (req.target.kind === 'rpc') {
    const overloads = cache.routines.get(`${req.schema}.${req.target.name}`);
    if (!overloads?.length) throw restError('PGRST202', { function: `${req.schema}.${req.target.name} without parameters` }, {});
    allow = overloads.some((r) => r.volatility !== 'volatile') ? 'OPTIONS,GET,HEAD,POST' : 'OPTIONS,POST';
  }
  return { status: 200, headers: { Allow: allow }, body: null };
}
