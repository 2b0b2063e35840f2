// Relationships from foreign keys (also through views): many-to-one and its inverse one-to-many (one-to-one
// when the FK columns are unique), and many-to-many through junction tables whose FK columns are all in the
// junction's primary key. Only relationships between relations of the cache (exposed schemas) are kept.
import type { ForeignKey, Relationship, Table } from './types.ts';

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function deriveRelationships(fks: ForeignKey[], uniques: Map<string, string[][]>, tables: Map<string, Table>): Map<string, Relationship[]> {
  const out = new Map<string, Relationship[]>();
  const isView = (schema: string, name: string) => {
    const k = tables.get(`${schema}.${name}`)?.kind;
    return k === 'view' || k === 'materialized_view';
  };
  const add = (r: Relationship) => {
    const k = `${r.origin.schema}.${r.origin.name}`;
    (out.get(k) ?? out.set(k, []).get(k)!).push(r);
  };
  const known = (schema: string, name: string) => tables.has(`${schema}.${name}`);
  for (const fk of fks) {
    if (!known(fk.schema, fk.table) || !known(fk.refSchema, fk.refTable)) continue;
    const origin = { schema: fk.schema, name: fk.table };
    const target = { schema: fk.refSchema, name: fk.refTable };
    const isSelf = fk.schema === fk.refSchema && fk.table === fk.refTable;
    const unique = (uniques.get(`${fk.schema}.${fk.table}`) ?? []).some((u) => sameSet(u, fk.columns));
    add({
      cardinality: unique ? 'one-to-one' : 'many-to-one', origin, target, isSelf, targetIsView: isView(target.schema, target.name),
      constraint: fk.constraint, originColumns: fk.columns, targetColumns: fk.refColumns,
    });
    add({
      cardinality: unique ? 'one-to-one' : 'one-to-many', origin: target, target: origin, isSelf, targetIsView: isView(origin.schema, origin.name),
      constraint: fk.constraint, originColumns: fk.refColumns, targetColumns: fk.columns,
    });
  }
  // Junctions: pairs of FKs from one table whose columns all belong to that table's primary key.
  const byTable = new Map<string, ForeignKey[]>();
  for (const fk of fks) {
    if (!known(fk.schema, fk.table) || !known(fk.refSchema, fk.refTable) || isView(fk.schema, fk.table)) continue;
    const k = `${fk.schema}.${fk.table}`;
    (byTable.get(k) ?? byTable.set(k, []).get(k)!).push(fk);
  }
  for (const [k, list] of byTable) {
    const pk = tables.get(k)?.pk ?? [];
    const inPk = list.filter((fk) => fk.columns.every((c) => pk.includes(c)));
    for (const a of inPk) {
      for (const b of inPk) {
        if (a === b) continue;
        const origin = { schema: a.refSchema, name: a.refTable };
        const target = { schema: b.refSchema, name: b.refTable };
        add({
          cardinality: 'many-to-many', origin, target,
          isSelf: origin.schema === target.schema && origin.name === target.name,
          targetIsView: isView(target.schema, target.name),
          constraint: b.constraint,
          originColumns: a.refColumns,
          targetColumns: b.refColumns,
          junction: {
            table: { schema: a.schema, name: a.table },
            sourceColumns: a.columns,
            targetColumns: b.columns,
            sourceConstraint: a.constraint,
            targetConstraint: b.constraint,
          },
        });
      }
    }
  }
  return out;
}
