// doc2json: the source's text in token windows (window_size / window_overlap, packed from paragraphs),
// one LLM extraction per window into the KB's json_schema, merged in window order (scalars: last value
// wins, arrays accumulate, objects deep-merge), then one LLM summary of the result, embedded and indexed.
import { randomUUID } from 'node:crypto';
import { embedForIndex } from './embed.ts';
import { Llm, mapLimit } from './llm.ts';
import { describeSchema, PROMPTS } from './prompts.ts';
import type { StrategyOutput, StrategyRun } from './types.ts';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** Paragraph spans packed into windows of at most `size` tokens, each starting with up to `overlap` tokens of the previous one. */
export function packWindows(paras: string[], tokens: number[], size: number, overlap: number): string[] {
  const windows: string[] = [];
  let cur: number[] = [];
  let used = 0;
  for (let i = 0; i < paras.length; i++) {
    if (cur.length && used + tokens[i] > size) {
      windows.push(cur.map((j) => paras[j]).join('\n\n'));
      const keep: number[] = [];
      let kept = 0;
      for (let j = cur.length - 1; j >= 0 && kept + tokens[cur[j]] <= overlap && tokens[cur[j]] + tokens[i] <= size; j--) { keep.unshift(cur[j]); kept += tokens[cur[j]]; }
      cur = keep;
      used = kept;
    }
    cur.push(i);
    used += tokens[i];
  }
  if (cur.length) windows.push(cur.map((j) => paras[j]).join('\n\n'));
  return windows;
}

/** Scalars: the later value wins; arrays accumulate (exact duplicates dropped); objects merge deeply. */
export function mergeExtracted(a: Json, b: Json): Json {
  const out: Json = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (v === null || v === undefined || v === '') continue;
    const prev = out[k];
    if (Array.isArray(prev) && Array.isArray(v)) {
      const seen = new Set(prev.map((x) => JSON.stringify(x)));
      out[k] = [...prev, ...v.filter((x) => !seen.has(JSON.stringify(x)))];
    } else if (isObj(prev) && isObj(v)) out[k] = mergeExtracted(prev, v);
    else out[k] = v;
  }
  return out;
}

/** Paragraphs, with those over `size` tokens cut by characters (about 4 per token). */
async function paragraphs(run: StrategyRun, size: number): Promise<{ paras: string[]; tokens: number[] }> {
  const raw = run.markdown.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  const counts = await run.ctx.pool.countTokens(raw, run.signal);
  const paras: string[] = [];
  const tokens: number[] = [];
  raw.forEach((p, i) => {
    if (counts[i] <= size) { paras.push(p); tokens.push(counts[i]); return; }
    const step = Math.max(200, Math.floor((p.length / counts[i]) * size * 0.9));
    for (let at = 0; at < p.length; at += step) { const part = p.slice(at, at + step); paras.push(part); tokens.push(Math.ceil((counts[i] * part.length) / p.length)); }
  });
  return { paras, tokens };
}

export async function indexDoc2Json(run: StrategyRun): Promise<StrategyOutput> {
  const { ctx, cfg, src, signal } = run;
  const model = String(cfg.extraction_model);
  const llm = await Llm.open(ctx, model);
  const schema = isObj(cfg.json_schema) ? cfg.json_schema : {};
  const size = Number(cfg.window_size);
  const { paras, tokens } = await paragraphs(run, size);
  const windows = packWindows(paras, tokens, size, Number(cfg.window_overlap));
  const schemaText = describeSchema(schema);
  const parts = await mapLimit(windows, run.settings.int('PAGEINDEX_LLM_MAX_CONCURRENT'), (w, i) => llm.json({
    system: PROMPTS.extractJson, maxTokens: 4000, signal,
    user: `${schemaText}\n\nDocument: ${src.name ?? 'untitled'} — window ${i + 1} of ${windows.length}\n\n${w}`,
  }, (v) => (isObj(v) ? { data: isObj(v.data) ? v.data : {}, summary: typeof v.summary === 'string' ? v.summary : '' } : null)));
  const extracted = parts.reduce<Json>((acc, p) => mergeExtracted(acc, p.data), {});
  const windowSummaries = parts.map((p, i) => ({ window: i + 1, summary: p.summary }));
  const summary = await llm.text({
    system: PROMPTS.jsonSummary, maxTokens: 2000, signal,
    user: `Document: ${src.name ?? 'untitled'}\n\nExtracted data:\n${JSON.stringify(extracted, null, 2)}\n\nPart summaries:\n${windowSummaries.map((w) => `- ${w.summary}`).join('\n')}`,
  }) || JSON.stringify(extracted).slice(0, 2000);
  const [summaryTokens] = await ctx.pool.countTokens([summary], signal);
  const { model: embModel, vectors } = await embedForIndex(ctx, String(cfg.embedding_model), [summary], signal);
  const id = randomUUID();
  const meta = { ...(src.metadata ?? {}), source_id: src.id, source_name: src.name, strategy: 'doc2json' };
  const inputTokens = tokens.reduce((a, b) => a + b, 0);
  return {
    items: 1,
    embeddings: { table: 'doc2json_documents', model: embModel, ids: [id], vectors },
    stats: {
      artifact_count: 1, window_count: windows.length, total_chars: run.markdown.length, input_tokens: inputTokens, summary_tokens: summaryTokens,
      total_tokens: summaryTokens, field_count: Object.keys(extracted).length, embedding_dim: vectors[0]?.length ?? 0, embedding_model: embModel,
      extraction_model: model, strategy: 'doc2json', llm_costs: llm.meter.toJSON(),
    },
    insert: async (c) => {
      await c.query(
        `insert into ai.doc2json_documents (id, indexed_source_id, knowledge_base_id, source_id, summary, extracted_json, json_schema, window_summaries,
                                            extraction_model, summary_tokens, input_tokens, window_size, window_overlap, window_count, meta)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [id, run.is.id, run.is.knowledge_base_id, src.id, summary, JSON.stringify(extracted), JSON.stringify(schema), JSON.stringify(windowSummaries),
          model, summaryTokens, inputTokens, size, Number(cfg.window_overlap), windows.length, JSON.stringify(meta)]);
    },
  };
}
