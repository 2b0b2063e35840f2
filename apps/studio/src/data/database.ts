// Hooks for a project's database: the SQL editor's run, and the table editor's schemas, tables, columns, rows.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { runQuery } from '../api/fetchers/database.ts';
import * as t from '../api/fetchers/tables.ts';
import { keys } from './keys.ts';

export function useRunSqlMutation(ref: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (sql: string) => runQuery(ref, sql),
    // The SQL may have changed any table: the table editor reads afresh.
    onSettled: () => qc.invalidateQueries({ queryKey: keys.database.all(ref) }),
  });
}

export const useSchemasQuery = (ref: string) =>
  useQuery({ queryKey: keys.database.schemas(ref), queryFn: () => t.listSchemas(ref) });

export const useTablesQuery = (ref: string, schema: string) =>
  useQuery({ queryKey: keys.database.tables(ref, schema), queryFn: () => t.listTables(ref, schema), enabled: !!schema });

export const useColumnsQuery = (ref: string, schema: string, table: string) =>
  useQuery({ queryKey: keys.database.columns(ref, schema, table), queryFn: () => t.listColumns(ref, schema, table), enabled: !!table });

export const useTableRowsQuery = (ref: string, q: t.RowsRequest) =>
  useQuery({
    queryKey: keys.database.rows(ref, q),
    queryFn: () => t.fetchTableRows(ref, q),
    enabled: !!q.table,
    placeholderData: keepPreviousData,
  });
