// Hooks for the table editor's writes: insert, update and delete one row over /rest/v1 (service-role key),
// and create a table (DDL through the query route). Each refreshes the database queries it affects.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as rest from '../api/fetchers/rest.ts';
import { createTable, type NewTable } from '../api/fetchers/table-ddl.ts';
import type { Row } from '../api/types.ts';
import { keys } from './keys.ts';
import { need, useProjectTarget } from './project-target.ts';

/** The table a row mutation writes to, with its primary-key columns (the match of one row). */
export interface RowTarget extends rest.RestTable { pk: string[] }

function useRowMutation<V>(ref: string, run: (t: ReturnType<typeof need>, v: V) => Promise<Row>) {
  const qc = useQueryClient();
  const target = useProjectTarget(ref);
  return useMutation({
    mutationFn: (v: V) => run(need(target), v),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.database.all(ref) }),
  });
}

export const useInsertRowMutation = (ref: string, table: RowTarget) =>
  useRowMutation(ref, (t, values: Row) => rest.insertRestRow(t, table, values));

export const useUpdateRowMutation = (ref: string, table: RowTarget) =>
  useRowMutation(ref, (t, v: { row: Row; changes: Row }) => rest.updateRestRow(t, table, table.pk, v.row, v.changes));

export const useDeleteRowMutation = (ref: string, table: RowTarget) =>
  useRowMutation(ref, (t, row: Row) => rest.deleteRestRow(t, table, table.pk, row));

export function useCreateTableMutation(ref: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (t: NewTable) => createTable(ref, t),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.database.all(ref) }),
  });
}
