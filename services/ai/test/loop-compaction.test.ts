// Compaction stages as functions over chat messages: prune tool results older than the last 3 user turns,
// then summarise the turns before those through the summariser's LLM, then prune inside the kept turns
// except the latest step; null when nothing is left. Also the token estimate and prompt-too-long detection.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compact, estimateTokens, PRUNED } from '../src/llm/compaction.ts';
import { isPromptTooLong, LlmError, type ChatMessage, type CompletionRequest, type LlmProvider } from '../src/llm/provider.ts';

function fakeLlm(answer: string): LlmProvider & { seen: CompletionRequest[] } {
  const seen: CompletionRequest[] = [];
  return { name: 'fake', seen, async complete(req) { seen.push(req); return { content: answer, toolCalls: [], finishReason: 'stop', usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }; } };
}
const toolStep = (id: string, result: string): ChatMessage[] => [
  { role: 'assistant', content: null, tool_calls: [{ id, name: 'search', arguments: '{"q":"x"}' }] },
  { role: 'tool', tool_call_id: id, name: 'search', content: result },
];

describe('compact', () => {
  test('stage 1 prunes only tool results before the last 3 user turns', async () => {
    const msgs: ChatMessage[] = [
      { role: 'system', content: 'sys' }, { role: 'user', content: 'u1' }, ...toolStep('a', 'old result '.repeat(50)), { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'u2' }, { role: 'assistant', content: 'a2' }, { role: 'user', content: 'u3' }, ...toolStep('b', 'recent result'),
      { role: 'assistant', content: 'a3' }, { role: 'user', content: 'u4' },
    ];
    const llm = fakeLlm('summary');
    const r = (await compact(msgs, { llm, model: 'small', maxTokens: 100 }))!;
    assert.equal(r.stage, 'prune');
    const tools = r.messages.filter((m) => m.role === 'tool').map((m) => m.content);
    assert.deepEqual(tools, [PRUNED, 'recent result']);
    assert.equal(llm.seen.length, 0);
    assert.ok(r.tokensAfter < r.tokensBefore);

    // stage 2: summarise u1..a1 (the pruned turn) into a system note after the system prompt
    const s = (await compact(r.messages, { llm, model: 'small', maxTokens: 100 }))!;
    assert.equal(s.stage, 'summarize');
    assert.equal(llm.seen[0].model, 'small');
    assert.equal(llm.seen[0].maxTokens, 100);
    assert.match(llm.seen[0].messages[1].content as string, /\[user\]\nu1/);
    assert.deepEqual(s.messages.map((m) => m.role), ['system', 'system', 'user', 'assistant', 'user', 'assistant', 'tool', 'assistant', 'user']);
    assert.match(s.messages[1].content as string, /summary$/);

    // stage 3: nothing older; the kept turns' tool results except the latest step's
    const t = await compact(s.messages, { llm, model: 'small', maxTokens: 100 });
    assert.equal(t, null, 'the only tool result left belongs to the latest step');
  });

  test('within one long turn: earlier steps are pruned, the latest kept; then nothing', async () => {
    const msgs: ChatMessage[] = [{ role: 'user', content: 'do it' }, ...toolStep('1', 'r1'), ...toolStep('2', 'r2'), ...toolStep('3', 'r3')];
    const r = (await compact(msgs, { llm: fakeLlm('x'), model: 'm', maxTokens: 10 }))!;
    assert.equal(r.stage, 'truncate');
    assert.deepEqual(r.messages.filter((m) => m.role === 'tool').map((m) => m.content), [PRUNED, PRUNED, 'r3']);
    assert.equal(await compact(r.messages, { llm: fakeLlm('x'), model: 'm', maxTokens: 10 }), null);
  });

  test('token estimate counts content and tool-call arguments', () => {
    assert.equal(estimateTokens([{ role: 'user', content: 'x'.repeat(392) }]), 100);
    assert.ok(estimateTokens(toolStep('a', '')) > estimateTokens([{ role: 'tool', tool_call_id: 'a', name: 's', content: '' }]));
  });
});

describe('prompt too long', () => {
  const cases: Array<[LlmError, boolean]> = [
    [new LlmError('x', 400, 'context_length_exceeded'), true],
    [new LlmError('anthropic answered HTTP 400: prompt is too long: 210000 tokens > 200000 maximum', 400, 'invalid_request_error'), true],
    [new LlmError("This model's maximum context length is 8192 tokens", 400), true],
    [new LlmError('Request too large: too many tokens', 413), true],
    [new LlmError('bad request', 400, 'invalid_request_error'), false],
    [new LlmError('maximum context length', 500), false],
  ];
  for (const [e, expected] of cases) test(`${e.status} ${e.code ?? ''} ${e.message.slice(0, 40)} → ${expected}`, () => assert.equal(isPromptTooLong(e), expected));
});
