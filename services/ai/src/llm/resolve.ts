// Model id (LiteLLM form) → provider and key: `gpt-…`/`o1…`/`openai/…` → openai, `claude…` → anthropic
// (native Messages API), `gemini/…` → google, `openrouter/…` → openrouter (OpenAI-compatible). Key: the project's BYOK key, else the platform key,
// else `provider_key_decrypt_failed` (402, the documented error). An unrecognised model fails fast.
import type { AiContext } from '../context.ts';
import type { Provider } from '../config.ts';
import { raise } from '../errors.ts';
import { createAnthropicProvider } from './anthropic.ts';
import { createOpenAiCompatibleProvider } from './openai-compatible.ts';
import type { LlmProvider } from './provider.ts';

export interface ResolvedModel { provider: Provider; model: string; llm: LlmProvider }

export function providerOf(model: string): { provider: Provider; model: string } | null {
  const m = model.trim();
  if (m.startsWith('openrouter/')) return { provider: 'openrouter', model: m.slice('openrouter/'.length) };
  if (m.startsWith('gemini/')) return { provider: 'google', model: m.slice('gemini/'.length) };
  if (m.startsWith('anthropic/')) return { provider: 'anthropic', model: m.slice('anthropic/'.length) };
  if (m.startsWith('openai/')) return { provider: 'openai', model: m.slice('openai/'.length) };
  if (/^claude/i.test(m)) return { provider: 'anthropic', model: m };
  if (/^(gpt-|o\d|chatgpt-|ft:gpt)/i.test(m)) return { provider: 'openai', model: m };
  return null;
}

/** The OpenAI-compatible endpoint of each provider under its configured base URL. */
function compatBase(provider: Provider, base: string): string {
  const b = base.replace(/\/+$/, '');
  return provider === 'google' && !b.endsWith('/openai') ? `${b}/openai` : b;
}

export async function resolveModel(ctx: AiContext, model: string): Promise<ResolvedModel> {
  const p = providerOf(model);
  if (!p) throw raise('llm_provider_missing', `No LLM provider serves the model '${model}'. Use an OpenAI (gpt-…), Anthropic (claude-…), Google (gemini/…) or OpenRouter (openrouter/…) model id`);
  const key = await ctx.keys.resolve(p.provider);
  if (!key) {
    throw raise('llm_key_missing', `Model ${model} requires BYOK. Add an API key for ${p.provider} in Settings → LLM Provider Keys (POST /api/ai-provider-keys)`, { provider: p.provider });
  }
  const base = ctx.config.providerBaseUrls[p.provider];
  const llm = p.provider === 'anthropic' ? createAnthropicProvider({ baseUrl: base, apiKey: key })
    : createOpenAiCompatibleProvider({ name: p.provider, baseUrl: compatBase(p.provider, base), apiKey: key });
  return { ...p, llm };
}
