// Builtin `code_execute`: Python or JavaScript in an external sandbox (config.tools.codeSandboxUrl, optional
// API key). Without a sandbox the model is told so.
import type { AiContext } from '../../context.ts';
import { jsonOrText, responseText } from '../http.ts';
import { HTTP_OUTPUT_CHARS, ToolError, type AgentTool } from '../types.ts';

export function codeExecuteTool(ctx: AiContext): AgentTool {
  return {
    readOnly: false,
    capResult: true,
    spec: {
      name: 'code_execute',
      description: 'Run Python or JavaScript code in a sandbox and return its output.',
      parameters: {
        type: 'object',
        properties: {
          language: { type: 'string', enum: ['python', 'javascript'] },
          code: { type: 'string' },
          timeout: { type: 'integer', minimum: 1, maximum: 300, description: 'Seconds, default 30' },
        },
        required: ['language', 'code'],
      },
    },
    async run(args, signal) {
      const { codeSandboxUrl: url, codeSandboxApiKey: key } = ctx.config.tools;
      if (!url) throw new ToolError('Code sandbox is not configured');
      if (args.language !== 'python' && args.language !== 'javascript') throw new ToolError('language must be python or javascript');
      if (typeof args.code !== 'string' || !args.code) throw new ToolError('code is required');
      const timeout = Number.isInteger(args.timeout) ? args.timeout : 30;
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST', signal,
          headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
          body: JSON.stringify({ language: args.language, code: args.code, timeout }),
        });
      } catch (e) {
        if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new ToolError('Code execution aborted');
        throw new ToolError(`Code sandbox request failed: ${(e as Error).message}`);
      }
      return { result: jsonOrText(await responseText(res, HTTP_OUTPUT_CHARS, 'Code sandbox')) };
    },
  };
}
