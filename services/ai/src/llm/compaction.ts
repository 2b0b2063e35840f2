// Context compaction for a conversation that no longer fits the model (agents.md §10): first prune old tool
// results to placeholders, keeping the last 3 user turns intact; then summarise the turns before those with
// a light model into one system note; last resort, prune tool results inside the kept turns except the
// latest step's. Each call does one stage, the cheapest that still changes something.
import type { ChatMessage, LlmProvider } from './provider.ts';

export const KEEP_USER_TURNS = 3;
export const PRUNED = '[tool result pruned to save context]';
const SUMMARY_PREFIX = 'Summary of the earlier conversation (older turns were compacted to fit the context):\n';
const SUMMARISE_PROMPT = 'Summarise the conversation below for the assistant that will continue it. Keep facts, decisions, '
  + 'names, numbers, open questions and what the user asked for; drop chit-chat. Answer with the summary only.';

export type CompactionStage = 'prune' | 'summarize' | 'truncate';

export interface CompactionResult { messages: ChatMessage[]; stage: CompactionStage; tokensBefore: number; tokensAfter: number; messageCount: number }

export interface Summarizer { llm: LlmProvider; model: string; maxTokens: number }

export function estimateTokens(messages: ChatMessage[], charsPerToken = 4): number {
  let chars = 0;
  for (const m of messages) {
    chars += (m.content ?? '').length + 8;
    if (m.role === 'assistant') for (const c of m.tool_calls ?? []) chars += c.name.length + c.arguments.length;
  }
  return Math.ceil(chars / charsPerToken);
}

/** Index of the first message of the last `keep` user turns (0 when there are no more turns than that). */
function keptFrom(messages: ChatMessage[], keep: number): number {
  let seen = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role === 'user' && ++seen === keep) return i;
  }
  return 0;
}

function pruneRange(messages: ChatMessage[], from: number, to: number): ChatMessage[] | null {
  let changed = false;
  const out = messages.map((m, i) => {
    if (i < from || i >= to || m.role !== 'tool' || m.content === PRUNED) return m;
    changed = true;
    return { ...m, content: PRUNED };
  });
  return changed ? out : null;
}

function transcript(messages: ChatMessage[]): string {
  return messages.map((m) => {
    if (m.role === 'tool') return `[tool ${m.name} result]\n${m.content}`;
    if (m.role === 'assistant' && m.tool_calls?.length) return `[assistant called ${m.tool_calls.map((c) => `${c.name}(${c.arguments})`).join(', ')}]${m.content ? `\n${m.content}` : ''}`;
    return `[${m.role}]\n${m.content ?? ''}`;
  }).join('\n\n');
}

async function summarise(messages: ChatMessage[], keepFrom: number, s: Summarizer, signal?: AbortSignal): Promise<ChatMessage[] | null> {
  let head = 0;
  while (head < messages.length && messages[head].role === 'system' && !(messages[head].content as string).startsWith(SUMMARY_PREFIX)) head++;
  const older = messages.slice(head, keepFrom);
  // a lone earlier summary is not worth summarising again
  if (!older.some((m) => !(m.role === 'system' && m.content.startsWith(SUMMARY_PREFIX)))) return null;
  const res = await s.llm.complete({
    model: s.model, maxTokens: s.maxTokens, signal,
    messages: [{ role: 'system', content: SUMMARISE_PROMPT }, { role: 'user', content: transcript(older) }],
  });
  const summary = res.content.trim();
  if (!summary) return null;
  return [...messages.slice(0, head), { role: 'system', content: SUMMARY_PREFIX + summary }, ...messages.slice(keepFrom)];
}

/** The last assistant message calling tools, and the tool results after it, form the latest step. */
function latestStepStart(messages: ChatMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.role === 'assistant' && m.tool_calls?.length) return i;
  }
  return messages.length;
}

/** One compaction stage over `messages`, or null when nothing is left to compact. */
export async function compact(messages: ChatMessage[], s: Summarizer, o: { charsPerToken?: number; signal?: AbortSignal } = {}): Promise<CompactionResult | null> {
  const before = estimateTokens(messages, o.charsPerToken);
  const from = keptFrom(messages, KEEP_USER_TURNS);
  const done = (out: ChatMessage[], stage: CompactionStage): CompactionResult =>
    ({ messages: out, stage, tokensBefore: before, tokensAfter: estimateTokens(out, o.charsPerToken), messageCount: out.length });
  const pruned = pruneRange(messages, 0, from);
  if (pruned) return done(pruned, 'prune');
  const summarised = await summarise(messages, from, s, o.signal);
  if (summarised) return done(summarised, 'summarize');
  const truncated = pruneRange(messages, from, latestStepStart(messages));
  return truncated ? done(truncated, 'truncate') : null;
}
