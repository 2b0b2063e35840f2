// SQL on a project's database as its owner: `POST /v1/projects/{ref}/database/query {query}` (Management API shape).
import { runQuery } from '../../domain/database-query.ts';
import { projectRoute } from '../route.ts';
import * as S from '../schemas.ts';

export const databaseQueryRoutes = [
  projectRoute({
    method: 'POST', url: '/v1/projects/:ref/database/query', operationId: 'runDatabaseQuery', tag: 'database',
    summary: 'Run SQL as the project owner (RLS bypassed); answers the rows of the last statement that returned rows',
    action: 'projects.database.query',
    schema: { params: S.params('ref'), body: S.DatabaseQueryBody, response: { 200: S.arrayOf(S.Row) } },
    handler: (ctx, i) => runQuery(ctx.deps, ctx.project, i.body.query),
  }),
];
