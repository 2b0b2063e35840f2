// The compute thread: everything CPU-heavy the AI worker does (extraction, chunking, token counting,
// local embeddings) runs here, never on the request thread. Answers plain data; permanent extraction
// failures come back as values so their message survives the thread boundary.
import { extractorFor } from '../extract/registry.ts';
import { ExtractionError, type ExtractInput, type ExtractResult } from '../extract/types.ts';
import { chunkMarkdown, pageStartsIn, type Chunk } from '../kb/chunker.ts';
import { countTokens } from '../kb/tokenizer.ts';
import { embedUseLite } from '../embed/use-lite.ts';

export type ComputeTask =
  | { op: 'extract'; input: ExtractInput }
  | { op: 'chunk'; markdown: string; pages: string[]; chunkSize: number; overlap: number }
  | { op: 'count-tokens'; texts: string[] }
  | { op: 'embed-local'; texts: string[]; windowWords: number; batchSize: number }
  | { op: 'busy'; ms: number };

export type ExtractOutcome = { ok: true; result: ExtractResult } | { ok: false; error: string };

export default async function compute(task: ComputeTask): Promise<unknown> {
  switch (task.op) {
    case 'extract': {
      const ex = extractorFor(task.input.fileType);
      if (!ex) return { ok: false, error: `Unsupported file type ${task.input.fileType}` } satisfies ExtractOutcome;
      try {
        return { ok: true, result: await ex.extract(task.input) } satisfies ExtractOutcome;
      } catch (e) {
        if (e instanceof ExtractionError) return { ok: false, error: e.message } satisfies ExtractOutcome;
        throw e;
      }
    }
    case 'chunk':
      return chunkMarkdown(task.markdown, { chunkSize: task.chunkSize, overlap: task.overlap }, pageStartsIn(task.markdown, task.pages)) satisfies Chunk[];
    case 'count-tokens':
      return task.texts.map(countTokens);
    case 'embed-local':
      return embedUseLite(task.texts, { windowWords: task.windowWords, batchSize: task.batchSize });
    case 'busy': {
      const end = Date.now() + task.ms;
      while (Date.now() < end) { /* test helper: occupies the thread */ }
      return true;
    }
  }
}
