// The compute pool (piscina worker threads) the AI worker hands CPU-heavy steps to.
import { Piscina } from 'piscina';
import type { ExtractInput } from '../extract/types.ts';
import type { Chunk } from '../kb/chunker.ts';
import type { ComputeTask, ExtractOutcome } from './compute.ts';

export class ComputePool {
  private readonly pool: Piscina;
  /** Threads this pool runs at most (work is split so that all of them get some). */
  readonly size: number;

  /** `minThreads`: threads kept alive when idle (the query pool keeps its one thread, and its loaded model, warm). */
  constructor(o: { maxThreads: number; idleTimeoutMs: number; minThreads?: number }) {
    this.size = Math.max(1, o.maxThreads);
    this.pool = new Piscina({
      filename: new URL('./entry.mjs', import.meta.url).href,
      minThreads: Math.min(Math.max(0, o.minThreads ?? 0), Math.max(1, o.maxThreads)),
      maxThreads: Math.max(1, o.maxThreads),
      idleTimeout: o.idleTimeoutMs,
      // the local embedding model and PDF.js want room
      resourceLimits: { maxOldGenerationSizeMb: 2048 },
    });
  }

  private run<T>(task: ComputeTask, signal?: AbortSignal): Promise<T> {
    return this.pool.run(task, signal ? { signal } : {}) as Promise<T>;
  }

  extract(input: ExtractInput, signal?: AbortSignal): Promise<ExtractOutcome> {
    return this.run({ op: 'extract', input }, signal);
  }

  chunk(markdown: string, pages: string[], chunkSize: number, overlap: number, signal?: AbortSignal): Promise<Chunk[]> {
    return this.run({ op: 'chunk', markdown, pages, chunkSize, overlap }, signal);
  }

  countTokens(texts: string[], signal?: AbortSignal): Promise<number[]> {
    return this.run({ op: 'count-tokens', texts }, signal);
  }

  embedLocal(texts: string[], o: { windowWords: number; batchSize: number }, signal?: AbortSignal): Promise<Float32Array[]> {
    return this.run({ op: 'embed-local', texts, ...o }, signal);
  }

  busy(ms: number): Promise<boolean> {
    return this.run({ op: 'busy', ms });
  }

  get threads(): number {
    return this.pool.threads.length;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
