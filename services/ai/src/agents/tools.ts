// The tools an agent run can call: `knowledge_search`, created by the agent's knowledge-base assignments (one
// tool for all its KBs, filterable by name, backed by part 1's KB search), then the builtin, custom and MCP
// tools of src/tools (acting as the run's caller), each bounded by its timeout.
import type { AiContext } from '../context.ts';
import { searchKb } from '../search/search.ts';
import { runTools } from '../tools/build.ts';
import { withTimeout } from '../tools/timeout.ts';
import type { AgentTool, Caller } from '../tools/types.ts';
import { loadAgentBundle, type AgentBundle, type AssignedKb } from './bundle.ts';

export type { AgentTool, ToolOutput } from '../tools/types.ts';


/** The KB search tool over the agent's assigned knowledge bases (none assigned: no tool). */
export function knowledgeSearchTool(ctx: AiContext, kbs: AssignedKb[]): AgentTool | null {
  if (!kbs.length) return null;
  const list = kbs.map((k) => `- ${k.name}${k.description ? `: ${k.description}` : ''}`).join('\n');
  return {
    readOnly: true,
    capResult: false,
    spec: {
      name: 'knowledge_search',
      description: `Search the agent's knowledge bases for passages relevant to a query. Knowledge bases:\n${list}`,
      parameters: {
        type: 'object',
        properties: {
          query: { type: 'string', description: 'What to search for' },
          knowledge_base_names: { type: 'array', items: { type: 'string' }, description: 'Only search these knowledge bases (by name)' },
          top_k: { type: 'integer', minimum: 1, maximum: 50, description: 'How many passages to return (default 5)' },
        },
        required: ['query'],
      },
    },
    async run(args) {
      const query = typeof args.query === 'string' ? args.query.trim() : '';
      if (!query) return { result: { error: 'query is required' } };
      const names = Array.isArray(args.knowledge_base_names) ? new Set(args.knowledge_base_names.map(String)) : null;
      const targets = names ? kbs.filter((k) => names.has(k.name)) : kbs;
      if (!targets.length) return { result: { error: `No assigned knowledge base is named ${[...names!].join(', ')}` } };
      const topK = Number.isInteger(args.top_k) && (args.top_k as number) >= 1 && (args.top_k as number) <= 50 ? args.top_k as number : 5;
      const all: Array<Record<string, unknown>> = [];
      for (const kb of targets) {
        const res = await searchKb(ctx, kb.id, { query, top_k: topK });
        for (const hit of res.results as Array<Record<string, unknown>>) all.push({ ...hit, kb_name: kb.name });
      }
      all.sort((a, b) => Number(b.score) - Number(a.score));
      const top = all.slice(0, topK);
      return {
        result: top.map((h) => ({ text: h.text, score: h.score, source_name: h.source_name, knowledge_base: h.kb_name })),
        retrieved: top.map((h) => ({ ...h, included_in_context: true })),
      };
    },
  };
}

/** The run's tools from the agent's bundle (one statement; see bundle.ts), or loaded by agent id. */
export async function agentTools(ctx: AiContext, agent: string | AgentBundle, caller: Caller = { kind: 'service' }): Promise<AgentTool[]> {
  const bundle = typeof agent === 'string' ? await loadAgentBundle(ctx, agent) : agent;
  const kb = knowledgeSearchTool(ctx, bundle.kbs);
  const all = [...(kb ? [withTimeout(kb, ctx.config.tools.timeoutMs)] : []), ...await runTools(ctx, bundle, caller)];
  const seen = new Set<string>();
  return all.filter((t) => !seen.has(t.spec.name) && !!seen.add(t.spec.name));
}
