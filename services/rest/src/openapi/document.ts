// The OpenAPI (Swagger 2.0) description of one exposed schema, shaped like PostgREST's: definitions per
// table, paths per table and function, shared parameters (select, order, Range, row filters, bodies).
import type { Column, Relationship, Routine, Table } from '../schema-cache/types.ts';
import { swaggerDefault, swaggerFormat, swaggerType } from './swagger-types.ts';

export interface OpenApiInput {
  schema: string;
  tables: Table[];
  routines: Routine[];
  relationships: Map<string, Relationship[]>;
  description: string | null;
  version: string;
  url: string;
}

const MIMES = ['application/json', 'application/vnd.pgrst.object+json;nulls=stripped', 'application/vnd.pgrst.object+json', 'text/csv'];
const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

function splitDescription(d: string | null): [string | undefined, string | undefined] {
  if (!d) return [undefined, undefined];
  const nl = d.indexOf('\n');
  if (nl < 0) return [d, undefined];
  const rest = d.slice(nl + 1).replace(/^\n+/, '');
  return [d.slice(0, nl), rest === '' ? undefined : rest];
}

function property(t: Table, col: Column, rels: Relationship[]) {
  const notes = ['Note:'];
  if (t.pk.includes(col.name)) notes.push('This is a Primary Key.<pk/>');
  const fk = [...rels].sort((a, b) => Number(a.targetIsView) - Number(b.targetIsView)).find((r) =>
    (r.cardinality === 'many-to-one' || (r.cardinality === 'one-to-one' && r.originColumns.length === 1))
    && r.originColumns.length === 1 && r.originColumns[0] === col.name && !r.junction);
  if (fk) notes.push(`This is a Foreign Key to \`${fk.target.name}.${fk.targetColumns[0]}\`.<fk table='${fk.target.name}' column='${fk.targetColumns[0]}'/>`);
  const description = notes.length > 1 ? `${col.description ? `${col.description}\n\n` : ''}${notes.join('\n')}` : col.description ?? undefined;
  const type = swaggerType(col.type);
  const maxLength = /^character varying\((\d+)\)$/.exec(col.type)?.[1];
  return clean({
    default: swaggerDefault(col.type, col.default),
    description,
    enum: col.enumValues ?? undefined,
    format: swaggerFormat(col.type),
    maxLength: maxLength ? Number(maxLength) : undefined,
    type,
    items: type === 'array' ? clean({ type: swaggerType(col.type.slice(0, -2)) }) : undefined,
  });
}

function definition(t: Table, rels: Relationship[]) {
  return clean({
    description: t.description ?? undefined,
    required: t.columns.filter((c) => !c.nullable).map((c) => c.name),
    properties: Object.fromEntries(t.columns.map((c) => [c.name, property(t, c, rels)])),
    type: 'object',
  });
}

const ref = (name: string) => ({ $ref: `#/parameters/${name}` });

function tablePath(t: Table) {
  const [summary, description] = splitDescription(t.description);
  const base = clean({ tags: [t.name], summary, description });
  const rows = t.columns.map((c) => ref(`rowFilter.${t.name}.${c.name}`));
  const item: Record<string, unknown> = {
    get: {
      ...base,
      parameters: [...rows, ...['select', 'order', 'range', 'rangeUnit', 'offset', 'limit', 'preferCount'].map(ref)],
      responses: { 200: { description: 'OK', schema: { type: 'array', items: { $ref: `#/definitions/${t.name}` } } }, 206: { description: 'Partial Content' } },
    },
  };
  if (t.insertable || t.updatable || t.deletable) {
    item.post = { ...base, parameters: [ref(`body.${t.name}`), ref('select'), ref('preferPost')], responses: { 201: { description: 'Created' } } };
    item.delete = { ...base, parameters: [...rows, ref('preferReturn')], responses: { 204: { description: 'No Content' } } };
    item.patch = { ...base, parameters: [...rows, ref(`body.${t.name}`), ref('preferReturn')], responses: { 204: { description: 'No Content' } } };
  }
  return item;
}

function routinePath(r: Routine) {
  const [summary, description] = splitDescription(r.description);
  const params = r.args.filter((a) => a.mode === 'in' || a.mode === 'inout' || a.mode === 'variadic');
  const base = clean({
    tags: [`(rpc) ${r.name}`], summary, description,
    produces: ['application/json', 'application/vnd.pgrst.object+json;nulls=stripped', 'application/vnd.pgrst.object+json'],
    responses: { 200: { description: 'OK' } },
  });
  const post = {
    ...base,
    parameters: [{
      in: 'body', name: 'args', required: true,
      schema: clean({
        description: r.description ?? undefined,
        required: params.filter((p) => !p.hasDefault).map((p) => p.name),
        properties: Object.fromEntries(params.map((p) => [p.name, clean({ format: swaggerFormat(p.type), type: swaggerType(p.type), items: swaggerType(p.type) === 'array' ? clean({ type: swaggerType(p.type.slice(0, -2)) }) : undefined })])),
        type: 'object',
      }),
    }, ref('preferParams')],
  };
  if (r.volatility === 'volatile') return { post };
  const get = {
    ...base,
    parameters: params.map((p) => clean({
      format: p.mode === 'variadic' ? undefined : swaggerFormat(p.type),
      in: 'query', name: p.name, required: !p.hasDefault,
      type: p.mode === 'variadic' ? swaggerType(p.type) ?? 'string' : (swaggerType(p.type) === 'array' || swaggerType(p.type) === undefined ? 'string' : swaggerType(p.type)),
      ...(p.mode === 'variadic' && { collectionFormat: 'multi', items: clean({ type: swaggerType(p.type.slice(0, -2)), format: swaggerFormat(p.type.slice(0, -2)) }) }),
    })),
  };
  return { get, post };
}

const headerParam = (name: string, description: string, extra: object = {}) => ({ name, description, required: false, in: 'header', type: 'string', ...extra });
const queryParam = (name: string, description: string) => ({ name, description, required: false, in: 'query', type: 'string' });
const prefer = (values: string[]) => clean({ name: 'Prefer', description: 'Preference', required: false, in: 'header', type: 'string', enum: values.length ? values : undefined });

export function openApiDocument(i: OpenApiInput): object {
  const url = new URL(i.url);
  const [title, description] = splitDescription(i.description);
  const parameters: Record<string, unknown> = {
    preferParams: prefer([]),
    preferReturn: prefer(['return=representation', 'return=minimal', 'return=none']),
    preferCount: prefer(['count=none']),
    preferPost: prefer(['return=representation', 'return=minimal', 'return=none', 'resolution=ignore-duplicates', 'resolution=merge-duplicates']),
    select: queryParam('select', 'Filtering Columns'),
    on_conflict: queryParam('on_conflict', 'On Conflict'),
    order: queryParam('order', 'Ordering'),
    range: headerParam('Range', 'Limiting and Pagination'),
    rangeUnit: headerParam('Range-Unit', 'Limiting and Pagination', { default: 'items' }),
    offset: queryParam('offset', 'Limiting and Pagination'),
    limit: queryParam('limit', 'Limiting and Pagination'),
  };
  const paths: Record<string, unknown> = {
    '/': { get: { tags: ['Introspection'], summary: 'OpenAPI description (this document)', produces: ['application/openapi+json', 'application/json'], responses: { 200: { description: 'OK' } } } },
  };
  const definitions: Record<string, unknown> = {};
  for (const t of i.tables) {
    const rels = i.relationships.get(`${t.schema}.${t.name}`) ?? [];
    definitions[t.name] = definition(t, rels);
    parameters[`body.${t.name}`] = { name: t.name, description: t.name, required: false, in: 'body', schema: { $ref: `#/definitions/${t.name}` } };
    for (const c of t.columns) parameters[`rowFilter.${t.name}.${c.name}`] = clean({ name: c.name, description: c.description ?? undefined, required: false, in: 'query', type: 'string' });
    paths[`/${t.name}`] = tablePath(t);
  }
  for (const r of i.routines) paths[`/rpc/${r.name}`] = routinePath(r);
  return {
    swagger: '2.0',
    info: { description: description ?? 'This is a dynamic API generated by PostgREST', title: title ?? 'PostgREST API', version: i.version },
    externalDocs: { description: 'PostgREST Documentation', url: 'https://postgrest.org/en/v14/references/api.html' },
    host: url.host || `${url.hostname}`,
    basePath: `${url.pathname.replace(/\/$/, '')}/rest/v1/`,
    schemes: [url.protocol.replace(':', '')],
    consumes: MIMES,
    produces: MIMES,
    paths,
    definitions,
    parameters,
  };
}
