// The AI service's error registry: every code with its HTTP status and default message, grouped by stage.
// Rendered as `{"error": <message>, "code": <code>}`; the three codes the docs label (`invalid_file`,
// `file_too_large`, `duplicate_source`) put the code in `error` and the text in `message`.
import { errorRegistry, PowabaseError } from '@powabase/core';

const table = {
  // access
  invalid_token: { status: 401, message: 'Invalid token' },
  forbidden_fields: { status: 403, message: 'These fields need the service role key' },
  service_role_required: { status: 403, message: "This endpoint requires the project's service role key" },
  vector_unavailable: { status: 503, message: 'The AI service needs the pgvector extension ("vector"), which is not installed in this project\'s database' },
  // request validation
  invalid_request: { status: 400, message: 'Invalid request' },
  invalid_file: { status: 400, message: 'Unsupported or invalid file' },
  file_too_large: { status: 413, message: 'File exceeds the maximum upload size' },
  invalid_config: { status: 400, message: 'Invalid configuration' },
  llm_provider_missing: { status: 400, message: 'This operation needs an LLM provider, which is not configured' },
  crawler_key_missing: { status: 400, message: 'URL import in crawl or sitemap mode needs a crawler key (FIRECRAWL_API_KEY)' },
  validation_failed: { status: 400, message: 'Validation failed' },
  unknown_setting: { status: 404, message: 'Unknown setting' },
  // lookups
  source_not_found: { status: 404, message: 'Source not found' },
  knowledge_base_not_found: { status: 404, message: 'Knowledge base not found' },
  indexed_source_not_found: { status: 404, message: 'Indexed source not found' },
  derivative_not_found: { status: 404, message: 'Derivative not found' },
  page_not_found: { status: 404, message: 'Page not found' },
  provider_key_not_found: { status: 404, message: 'Provider key not found' },
  agent_not_found: { status: 404, message: 'Agent not found' },
  session_not_found: { status: 404, message: 'Session not found' },
  run_not_found: { status: 404, message: 'Run not found' },
  hook_not_found: { status: 404, message: 'Hook not found' },
  approval_not_pending: { status: 404, message: 'Run not found or not waiting for approval' },
  assignment_not_found: { status: 404, message: 'Assignment not found' },
  storage_object_not_found: { status: 404, message: 'Storage object not found' },
  tool_not_found: { status: 404, message: 'Tool not found' },
  mcp_server_not_found: { status: 404, message: 'MCP server not found' },
  // state
  duplicate_source: { status: 409, message: 'A source with the same content already exists' },
  already_assigned: { status: 409, message: 'Already assigned to this agent' },
  duplicate_name: { status: 409, message: 'The name is already taken' },
  invalid_state: { status: 409, message: 'The operation is not allowed in the current state' },
  source_not_indexable: { status: 400, message: 'The source is not extracted yet' },
  // embedding and providers
  llm_failed: { status: 502, message: 'The LLM provider failed' },
  embedding_failed: { status: 502, message: 'The embedding provider failed' },
  mcp_failed: { status: 502, message: 'The MCP server failed' },
  provider_key_missing: { status: 400, message: 'No API key is configured for the provider' },
  provider_key_decrypt_failed: { status: 400, message: 'The stored provider key cannot be decrypted' },
  /** No BYOK and no platform key for a run's model: the documented 402, rendered with code provider_key_decrypt_failed. */
  llm_key_missing: { status: 402, message: 'No API key is configured for the model\'s provider' },
  internal: { status: 500, message: 'Internal server error' },
} as const;

export type AiErrorCode = keyof typeof table;
export const aiErrors = errorRegistry(table);
/** Codes rendered under another (documented) code name. */
export const RENDERED_CODE: Record<string, string> = { llm_key_missing: 'provider_key_decrypt_failed' };
export const LABELLED_CODES = new Set<string>(['invalid_file', 'file_too_large', 'duplicate_source']);

export function raise(code: AiErrorCode, message?: string, details?: unknown): PowabaseError {
  return aiErrors.raise(code, message, details);
}

export function isCode(e: unknown, code: AiErrorCode): boolean {
  return e instanceof PowabaseError && e.code === code;
}
