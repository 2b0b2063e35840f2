// Foreign keys and primary keys through views, as PostgREST derives them: a view column that shows a
// base column carries that column's keys. Views of views are followed down to the base table.
import type { ForeignKey, Table } from './types.ts';
import type { ViewColumnSource } from './view-lineage.ts';

export interface RelationInfo {
  schema: string;
  name: string;
  isView: boolean;
  /** attnum → column name */
  attrs: Map<number, string>;
  /** For views: where each view column comes from. */
  sources: ViewColumnSource[];
}

interface Shown { view: RelationInfo; mapping: Map<string, string> }

/** For every base relation (by `schema.name`), the views showing some of its columns: base column → view column. */
function viewsByBase(relations: Map<number, RelationInfo>): Map<string, Shown[]> {
  const out = new Map<string, Shown[]>();
  const resolve = (oid: number, attnum: number, seen: Set<number>): { rel: RelationInfo; column: string } | null => {
    const rel = relations.get(oid);
    const column = rel?.attrs.get(attnum);
    if (!rel || column === undefined) return null;
    if (!rel.isView || seen.has(oid)) return { rel, column };
    const src = rel.sources.find((s) => s.column === column);
    if (!src || !src.relOid) return { rel, column };
    seen.add(oid);
    return resolve(src.relOid, src.attnum, seen) ?? { rel, column };
  };
  for (const [oid, view] of relations) {
    if (!view.isView) continue;
    const byBase = new Map<string, Map<string, string>>();
    for (const s of view.sources) {
      if (!s.relOid) continue;
      const base = resolve(s.relOid, s.attnum, new Set([oid]));
      if (!base || base.rel.isView) continue;
      const key = `${base.rel.schema}.${base.rel.name}`;
      const m = byBase.get(key) ?? byBase.set(key, new Map()).get(key)!;
      if (!m.has(base.column)) m.set(base.column, s.column);
    }
    for (const [key, mapping] of byBase) (out.get(key) ?? out.set(key, []).get(key)!).push({ view, mapping });
  }
  return out;
}

/** The FKs plus their copies with a view in place of the referencing and/or referenced table. */
export function expandForeignKeysThroughViews(fks: ForeignKey[], relations: Map<number, RelationInfo>): ForeignKey[] {
  const views = viewsByBase(relations);
  const out: ForeignKey[] = [];
  for (const fk of fks) {
    const sources = [{ schema: fk.schema, table: fk.table, columns: fk.columns }];
    for (const s of views.get(`${fk.schema}.${fk.table}`) ?? []) {
      if (fk.columns.every((c) => s.mapping.has(c))) sources.push({ schema: s.view.schema, table: s.view.name, columns: fk.columns.map((c) => s.mapping.get(c)!) });
    }
    const targets = [{ schema: fk.refSchema, table: fk.refTable, columns: fk.refColumns }];
    for (const s of views.get(`${fk.refSchema}.${fk.refTable}`) ?? []) {
      if (fk.refColumns.every((c) => s.mapping.has(c))) targets.push({ schema: s.view.schema, table: s.view.name, columns: fk.refColumns.map((c) => s.mapping.get(c)!) });
    }
    for (const src of sources) {
      for (const tgt of targets) {
        out.push({
          constraint: fk.constraint, schema: src.schema, table: src.table, columns: src.columns,
          refSchema: tgt.schema, refTable: tgt.table, refColumns: tgt.columns,
        });
      }
    }
  }
  return out;
}

/** Gives views the primary key (and unique keys) of their base table when they show all its columns. */
export function inferViewKeys(tables: Map<string, Table>, relations: Map<number, RelationInfo>, uniques: Map<string, string[][]>): void {
  for (const [base, shown] of viewsByBase(relations)) {
    const baseTable = tables.get(base);
    for (const { view, mapping } of shown) {
      const key = `${view.schema}.${view.name}`;
      const t = tables.get(key);
      if (t && baseTable && baseTable.pk.length && baseTable.pk.every((c) => mapping.has(c)) && t.pk.length === 0) {
        t.pk = baseTable.pk.map((c) => mapping.get(c)!);
      }
      for (const u of uniques.get(base) ?? []) {
        if (u.every((c) => mapping.has(c))) (uniques.get(key) ?? uniques.set(key, []).get(key)!).push(u.map((c) => mapping.get(c)!));
      }
    }
  }
}
