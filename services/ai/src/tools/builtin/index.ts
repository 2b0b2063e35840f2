// The eight documented builtin tools: their catalogue entries and how an assignment becomes an agent tool.
// The data tools need a table scope (`config_override.schemas`); without one they are left out of the run.
import type { AiContext } from '../../context.ts';
import { resolveScope, type Scope } from '../data-scope.ts';
import type { AgentTool, Caller } from '../types.ts';
import { codeExecuteTool } from './code-execute.ts';
import { databaseQueryTool } from './database-query.ts';
import { databaseWriteTool } from './database-write.ts';
import { httpRequestTool } from './http-request.ts';
import { storageReadTool, storageWriteTool } from './storage.ts';
import { webScrapeTool, webSearchTool } from './web.ts';

export const BUILTIN_NAMES = ['database_query', 'database_write', 'http_request', 'code_execute', 'storage_read', 'storage_write', 'web_search', 'web_scrape'] as const;
export type BuiltinName = typeof BUILTIN_NAMES[number];
export const isBuiltin = (n: unknown): n is BuiltinName => BUILTIN_NAMES.includes(n as BuiltinName);

const SCOPE_NOTE = ' Needs config_override.schemas in its assignment ({"public": ["table", …]}).';

function make(ctx: AiContext, name: BuiltinName, caller: Caller, scope: Awaited<ReturnType<typeof resolveScope>>, timeoutMs: number): AgentTool {
  switch (name) {
    case 'database_query': return databaseQueryTool(ctx, caller, scope, timeoutMs);
    case 'database_write': return databaseWriteTool(ctx, caller, scope, timeoutMs);
    case 'http_request': return httpRequestTool(ctx);
    case 'code_execute': return codeExecuteTool(ctx);
    case 'storage_read': return storageReadTool(ctx, caller);
    case 'storage_write': return storageWriteTool(ctx, caller);
    case 'web_search': return webSearchTool(ctx);
    case 'web_scrape': return webScrapeTool(ctx);
  }
}

/** Catalogue entries (GET /api/tools): `{id: null, name, description, type: "builtin", input_schema, config: {}}`. */
export function builtinCatalogue(ctx: AiContext) {
  return BUILTIN_NAMES.map((name) => {
    const spec = make(ctx, name, { kind: 'service' }, [], 0).spec;
    const data = name === 'database_query' || name === 'database_write';
    return { id: null, name, description: data ? `${spec.description.split('. Tables')[0]}.${SCOPE_NOTE}` : spec.description, type: 'builtin', input_schema: spec.parameters, config: {} };
  });
}

/** The run's tool for a builtin assignment, or null when it cannot be offered (a data tool without tables). */
export async function builtinTool(ctx: AiContext, name: BuiltinName, caller: Caller, scope: Scope | undefined, timeoutMs: number): Promise<AgentTool | null> {
  const data = name === 'database_query' || name === 'database_write';
  const tables = data ? await resolveScope(ctx.db, scope ?? {}) : [];
  if (data && !tables.length) return null;
  return make(ctx, name, caller, tables, timeoutMs);
}
