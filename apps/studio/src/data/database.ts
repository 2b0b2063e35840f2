// Hooks for a project's database: the SQL editor's run, and the table editor's schemas, tables, columns, rows
// (rows over /rest/v1 with the service-role key; writes and table creation are in table-editor.ts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { runQuery } from '../api/fetchers/database.ts';
import { ApiError } from '../api/http.ts';
import * as t from '../api/fetchers/tables.ts';
import { keys } from './keys.ts';
import { need, useProjectTarget } from './project-target.ts';

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

/** PostgREST's "not in the schema cache": a table created a moment ago, before the cache reloaded. */
const notCachedYet = (e: unknown) => e instanceof ApiError && e.code === 'PGRST205';

export function useTableRowsQuery(ref: string, q: t.RowsRequest) {
  const target = useProjectTarget(ref);
  return useQuery({
    queryKey: keys.database.rows(ref, q),
    queryFn: ({ signal }) => t.fetchRows(ref, need(target), q, signal),
    enabled: !!q.table && target.state === 'ready',
    placeholderData: keepPreviousData,
    // The schema cache reloads on the DDL's NOTIFY within moments: ask again a few times, quickly.
    retry: (n, e) => (notCachedYet(e) ? n < 6 : !(e instanceof ApiError && e.status < 500) && n < 2),
    retryDelay: (n) => Math.min(200 * 2 ** n, 2000),
  });
}
