// Which LLM providers have a key in this project (BYOK, else the platform key), as the synchronous
// check the KB config validation uses: create and PATCH refuse LLM-built strategies without one (400).
import type { AiContext } from '../../context.ts';
import { providerOf } from '../../llm/resolve.ts';
import { PROVIDERS } from '../../provider-keys/store.ts';
import type { LlmCheck } from '../config.ts';

export async function llmCheck(ctx: AiContext): Promise<LlmCheck> {
  const keyed = new Set<string>();
  for (const p of PROVIDERS) if (await ctx.keys.resolve(p).catch(() => null)) keyed.add(p);
  return (model) => {
    const p = providerOf(model);
    if (!p) return { ok: false, provider: null };
    return keyed.has(p.provider) ? { ok: true } : { ok: false, provider: p.provider };
  };
}
