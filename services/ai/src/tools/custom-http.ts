// A custom HTTP tool (ai.tools) as an agent tool: the model's arguments go to `config.endpoint` as a JSON
// body (GET/DELETE: as query parameters), with `config.headers`; the URL passes the SSRF guard; a non-2xx
// answer is a tool error; the response text is cut at 10,000 characters. Registered under the tool's name.
import type { AiContext } from '../context.ts';
import { guardedFetch, jsonOrText, responseText } from './http.ts';
import { HTTP_OUTPUT_CHARS, isObject, ToolError, type AgentTool, type CustomToolRow } from './types.ts';

export const endpointOf = (config: Record<string, unknown>): string | null => {
  const v = config.endpoint ?? config.endpoint_url ?? config.url;
  return typeof v === 'string' && v ? v : null;
};

/** OpenAI function names: letters, digits, _ and -, at most 64. */
export const toolName = (s: string) => s.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64) || 'tool';

export function customHttpTool(ctx: AiContext, row: CustomToolRow): AgentTool {
  const config = row.config ?? {};
  const method = typeof config.method === 'string' ? config.method.toUpperCase() : 'POST';
  return {
    readOnly: false,
    capResult: true,
    spec: { name: toolName(row.name), description: row.description, parameters: isObject(row.input_schema) ? row.input_schema : { type: 'object', properties: {} } },
    async run(args, signal) {
      const endpoint = endpointOf(config);
      if (!endpoint) throw new ToolError(`Custom tool ${row.name} has no endpoint configured`);
      const headers = new Headers();
      if (isObject(config.headers)) for (const [k, v] of Object.entries(config.headers)) headers.set(k, String(v));
      let url = endpoint;
      let body: string | undefined;
      if (method === 'GET' || method === 'HEAD' || method === 'DELETE') {
        const u = new URL(endpoint);
        for (const [k, v] of Object.entries(args)) u.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
        url = u.toString();
      } else {
        body = JSON.stringify(args);
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
      const res = await guardedFetch(ctx, url, { method, headers, body }, signal);
      return { result: jsonOrText(await responseText(res, HTTP_OUTPUT_CHARS, `Custom tool ${row.name}`)) };
    },
  };
}
