// Builtin `http_request`: an HTTP call the model describes (url, method, headers, body); the response text is
// cut at 10,000 characters and returned with its status, whatever the status. Unlike the docs' "no SSRF protection", the URL-import guard applies here too.
import type { AiContext } from '../../context.ts';
import { guardedFetch, jsonOrText } from '../http.ts';
import { cut, HTTP_OUTPUT_CHARS, isObject, ToolError, type AgentTool } from '../types.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export function httpRequestTool(ctx: AiContext): AgentTool {
  return {
    readOnly: false,
    capResult: true,
    spec: {
      name: 'http_request',
      description: 'Make an HTTP request to a public URL and return the response body (at most 10,000 characters).',
      parameters: {
        type: 'object',
        properties: {
          url: { type: 'string' },
          method: { type: 'string', enum: METHODS, description: 'Default GET' },
          headers: { type: 'object', additionalProperties: { type: 'string' } },
          body: { description: 'Request body: a string, or JSON' },
        },
        required: ['url'],
      },
    },
    async run(args, signal) {
      if (typeof args.url !== 'string' || !args.url) throw new ToolError('url is required');
      const method = typeof args.method === 'string' ? args.method.toUpperCase() : 'GET';
      if (!METHODS.includes(method)) throw new ToolError(`method must be one of ${METHODS.join(', ')}`);
      const headers = new Headers();
      if (isObject(args.headers)) for (const [k, v] of Object.entries(args.headers)) headers.set(k, String(v));
      let body: string | undefined;
      if (args.body !== undefined && args.body !== null && method !== 'GET') {
        body = typeof args.body === 'string' ? args.body : JSON.stringify(args.body);
        if (typeof args.body !== 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
      }
      const res = await guardedFetch(ctx, args.url, { method, headers, body }, signal);
      const text = cut(await res.text(), HTTP_OUTPUT_CHARS);
      return { result: { status: res.status, body: jsonOrText(text) } };
    },
  };
}
