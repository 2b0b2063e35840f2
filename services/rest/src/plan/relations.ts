// Resolving names against the schema cache: relations (PGRST205 with a fuzzy hint) and relationships for
// embeds (PGRST200 no match / PGRST201 ambiguous), following PostgREST's target and hint rules.
import { restError } from '../errors.ts';
import type { Relationship, SchemaCache, Table } from '../schema-cache/types.ts';
import { closest } from './fuzzy.ts';

export function resolveTable(cache: SchemaCache, schema: string, name: string): Table {
  const t = cache.tables.get(`${schema}.${name}`);
  if (t) return t;
  const names = [...cache.tables.values()].filter((x) => x.schema === schema).map((x) => x.name);
  const guess = closest(name, names, 0.75);
  throw restError('PGRST205', { schema, table: name }, { hint: guess === null ? null : `Perhaps you meant the table '${schema}.${guess}'` });
}

const single = (cols: string[], name: string) => cols.length === 1 && cols[0] === name;

function matches(r: Relationship, target: string, hint: string | undefined): boolean {
  if (r.computed) return r.computed.name === target;
  const m2m = r.cardinality === 'many-to-many';
  const fkCol = (h: string) => !m2m && single(r.originColumns, h);
  const refCol = (h: string) => !m2m && single(r.targetColumns, h);
  const constraint = (h: string) => !m2m && r.constraint === h;
  if (r.isSelf) {
    if (hint === undefined) {
      return (r.target.name === target && r.cardinality === 'one-to-many') || (fkCol(target) && r.cardinality === 'many-to-one');
    }
    return r.target.name === target && r.cardinality === 'one-to-many' && refCol(hint);
  }
  if (hint === undefined) {
    return r.target.name === target || (constraint(target) && !r.targetIsView) || (fkCol(target) && !r.targetIsView);
  }
  return r.target.name === target
    && (constraint(hint) || fkCol(hint) || refCol(hint) || (m2m && r.junction!.table.name === hint));
}

const fmt = (cols: string[]) => `(${cols.join(', ')})`;

/** PostgREST's compressed description of a relationship (PGRST201 details). */
function describe(r: Relationship): Record<string, string> {
  if (r.junction) {
    const j = r.junction;
    return {
      cardinality: 'many-to-many',
      embedding: `${r.origin.name} with ${r.target.name}`,
      relationship: `${j.table.name} using ${j.sourceConstraint}${fmt(j.sourceColumns)} and ${j.targetConstraint}${fmt(j.targetColumns)}`,
    };
  }
  return {
    cardinality: r.cardinality,
    embedding: `${r.origin.name} with ${r.target.name}`,
    relationship: `${r.constraint} using ${r.origin.name}${fmt(r.originColumns)} and ${r.target.name}${fmt(r.targetColumns)}`,
  };
}

function noRelHint(cache: SchemaCache, schema: string, origin: string, target: string): string | null {
  const rels = cache.relationships.get(`${schema}.${origin}`);
  if (rels) {
    const names = new Set(rels.filter((r) => r.target.schema === schema).map((r) => r.target.name));
    if (names.has(target)) return null;
    const g = closest(target, names, 0.33);
    return g === null ? null : `Perhaps you meant '${g}' instead of '${target}'.`;
  }
  const origins = [...cache.relationships.keys()].filter((k) => k.startsWith(`${schema}.`)).map((k) => k.slice(schema.length + 1));
  const g = closest(origin, origins, 0.33);
  return g === null ? null : `Perhaps you meant '${g}' instead of '${origin}'.`;
}

export function findRelationship(cache: SchemaCache, schema: string, origin: string, target: string, hint?: string): Relationship {
  const rels = (cache.relationships.get(`${schema}.${origin}`) ?? [])
    .filter((r) => r.target.schema === schema && matches(r, target, hint));
  if (rels.length === 1) return rels[0]!;
  if (rels.length === 0) {
    const using = hint === undefined ? '' : `' using the hint '${hint}`;
    throw restError('PGRST200', { origin, target }, {
      details: `Searched for a foreign key relationship between '${origin}' and '${target}${using}' in the schema '${schema}', but no matches were found.`,
      hint: noRelHint(cache, schema, origin, target),
    });
  }
  const hints = rels.map((r) => `'${r.target.name}!${r.junction ? r.junction.table.name : r.constraint}'`);
  throw restError('PGRST201', { origin, target }, {
    details: rels.map(describe),
    hint: `Try changing '${target}' to one of the following: ${hints.join(', ')}. Find the desired relationship in the 'details' key.`,
  });
}

export const isToOne = (r: Relationship): boolean => r.cardinality === 'many-to-one' || r.cardinality === 'one-to-one';
