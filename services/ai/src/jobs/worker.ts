// The background worker: claims jobs from the queue up to its concurrency, runs each kind's handler with
// an AbortSignal, renews the lease while it runs (aborting when the job is cancelled or taken over), and
// retries failures with exponential backoff. On stop, running jobs are aborted and handed back to the queue.
import { randomUUID } from 'node:crypto';
import type { Logger } from '@powabase/core';
import type { Db, Unlisten } from '@powabase/db';
import type { AiConfig } from '../config.ts';
import { emit } from '../events.ts';
import { JOBS_CHANNEL, type Job, type JobQueue } from './queue.ts';

export interface JobContext { signal: AbortSignal; attempt: number; final: boolean }

export interface JobHandler {
  run(job: Job, ctx: JobContext): Promise<void>;
  /** Called once when the job has failed for the last time (or its attempts ran out after crashes). */
  giveUp?(job: Job, error: string): Promise<void>;
}

/** A failure that retrying cannot fix: the handler recorded it; the job ends `failed` at once. */
export class PermanentJobError extends Error {
  constructor(message: string) { super(message); this.name = 'PermanentJobError'; }
}

export class JobWorker {
  readonly id = `ai-worker-${randomUUID().slice(0, 8)}`;
  private running = new Map<string, { job: Job; abort: AbortController; done: Promise<void> }>();
  private stopped = true;
  private wake: (() => void) | null = null;
  private unlisten: Unlisten | null = null;
  private loop: Promise<void> | null = null;

  constructor(private readonly o: {
    db: Db; queue: JobQueue; handlers: Record<string, JobHandler>; config: AiConfig['worker']; log: Logger;
  }) {}

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.unlisten = await this.o.db.listen(JOBS_CHANNEL, () => this.poke()).catch(() => null);
    this.loop = this.run();
    emit(this.o.log, { event: 'ai_worker_started', workerId: this.id, concurrency: this.o.config.concurrency });
  }

  /** Stops claiming, aborts running jobs and puts them back in the queue so the next worker resumes them. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.poke();
    for (const r of this.running.values()) r.abort.abort(new Error('worker stopping'));
    await Promise.allSettled([...this.running.values()].map((r) => r.done));
    await this.loop;
    await this.unlisten?.().catch(() => {});
    emit(this.o.log, { event: 'ai_worker_stopped', workerId: this.id });
  }

  /** Wakes the loop (a job was enqueued or finished). */
  poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let claimed = false;
      if (this.running.size < this.o.config.concurrency) {
        try {
          const job = await this.o.queue.claim(this.id, this.o.config.leaseMs);
          if (job && !this.stopped) { this.launch(job); claimed = true; }
          else if (job) await this.o.queue.release(job, this.id);
        } catch (e) {
          emit(this.o.log, { event: 'ai_poll_failed', error: (e as Error).message });
        }
      }
      if (claimed) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.o.config.pollMs);
        this.wake = () => { clearTimeout(t); resolve(); };
      });
    }
  }

  private launch(job: Job): void {
    const abort = new AbortController();
    const done = this.execute(job, abort).finally(() => {
      this.running.delete(job.id);
      this.poke();
    });
    this.running.set(job.id, { job, abort, done });
  }

  private async execute(job: Job, abort: AbortController): Promise<void> {
    const { queue, log, config } = this.o;
    const handler = this.o.handlers[job.kind];
    const started = Date.now();
    const final = job.attempts >= job.max_attempts;
    if (!handler) return queue.fail(job, this.id, `no handler for job kind ${job.kind}`);
    if (job.attempts > job.max_attempts) {
      const msg = `gave up after ${job.max_attempts} attempts (the worker running it stopped)`;
      await handler.giveUp?.(job, msg).catch(() => {});
      return queue.fail(job, this.id, msg);
    }
    emit(log, { event: 'job_started', jobId: job.id, kind: job.kind, attempt: job.attempts });
    let lease: 'ok' | 'cancelled' | 'lost' = 'ok';
    const timer = setInterval(() => {
      queue.renew(job, this.id, config.leaseMs).then((s) => {
        if (s !== 'ok' && lease === 'ok') {
          lease = s;
          emit(log, s === 'cancelled' ? { event: 'job_cancelled', jobId: job.id, kind: job.kind } : { event: 'job_lease_lost', jobId: job.id, kind: job.kind });
          abort.abort(new Error(`job ${s}`));
        }
      }, () => {});
    }, Math.max(50, Math.floor(config.leaseMs / 3)));
    try {
      await handler.run(job, { signal: abort.signal, attempt: job.attempts, final });
      if (abort.signal.aborted) throw abort.signal.reason ?? new Error('aborted');
      await queue.complete(job, this.id);
      emit(log, { event: 'job_done', jobId: job.id, kind: job.kind, ms: Date.now() - started });
    } catch (e) {
      const msg = (e as Error)?.message ?? String(e);
      if (lease !== 'ok') return; // cancelled or taken over: the queue row already says so
      if (this.stopped && abort.signal.aborted) return queue.release(job, this.id);
      const permanent = e instanceof PermanentJobError;
      emit(log, { event: 'job_failed', jobId: job.id, kind: job.kind, attempt: job.attempts, final: permanent || final, error: msg });
      if (permanent) return queue.fail(job, this.id, msg);
      if (final) {
        await handler.giveUp?.(job, msg).catch(() => {});
        return queue.fail(job, this.id, msg);
      }
      const delay = Math.min(config.backoffMaxMs, config.backoffMs * 2 ** (job.attempts - 1));
      await queue.retry(job, this.id, msg, delay);
    } finally {
      clearInterval(timer);
    }
  }
}
