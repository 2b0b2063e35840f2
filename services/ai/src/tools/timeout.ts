// Bounds every tool call: the call gets a signal that aborts at the deadline (or when the run is aborted)
// and is abandoned there even if it ignores the signal; a timeout becomes a ToolError the model sees.
import { ToolError, type AgentTool } from './types.ts';

export function withTimeout(tool: AgentTool, timeoutMs: number): AgentTool {
  return {
    ...tool,
    async run(args, signal) {
      const ctl = new AbortController();
      const onAbort = () => ctl.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const err = new ToolError(`Tool ${tool.spec.name} timed out after ${timeoutMs} ms`);
          ctl.abort(err);
          reject(err);
        }, timeoutMs);
      });
      try {
        return await Promise.race([tool.run(args, ctl.signal), deadline]);
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}

/** Arguments the assignment fixes (config_override keys that are parameters of the tool) win over the model's. */
export function withForcedArgs(tool: AgentTool, override: Record<string, unknown>): AgentTool {
  const props = (tool.spec.parameters as { properties?: Record<string, unknown> }).properties ?? {};
  const forced = Object.fromEntries(Object.entries(override).filter(([k]) => k in props));
  if (!Object.keys(forced).length) return tool;
  return { ...tool, run: (args, signal) => tool.run({ ...args, ...forced }, signal) };
}
