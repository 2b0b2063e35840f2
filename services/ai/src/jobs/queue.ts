// The durable job queue on the project database (table ai.jobs): enqueue, claim with FOR UPDATE SKIP
// LOCKED under a lease, renew, finish, retry with backoff, cancel. Every operation is one short statement.
import type pg from 'pg';
import type { Db } from '@powabase/db';

export const JOBS_CHANNEL = 'ai_jobs';

export interface Job {
  id: string;
  kind: string;
  payload: { ref?: string } & Record<string, unknown>;
  status: string;
  attempts: number;
  max_attempts: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Runner = { query<R extends pg.QueryResultRow = any>(text: string, params?: unknown[]): Promise<pg.QueryResult<R>> };

export type LeaseState = 'ok' | 'cancelled' | 'lost';

export class JobQueue {
  constructor(private readonly db: Db, private readonly defaults: { maxAttempts: number }) {}

  /** Adds a job (inside the caller's transaction when `client` is given) and wakes the workers. */
  async enqueue(kind: string, payload: Job['payload'], o: { client?: Runner; maxAttempts?: number } = {}): Promise<string> {
    const r = await (o.client ?? this.db).query<{ id: string }>(
      'insert into ai.jobs (kind, payload, max_attempts) values ($1, $2, $3) returning id',
      [kind, JSON.stringify(payload), o.maxAttempts ?? this.defaults.maxAttempts],
    );
    await (o.client ?? this.db).query(`select pg_notify('${JOBS_CHANNEL}', $1)`, [kind]);
    return r.rows[0].id;
  }

  /** Claims the oldest ready job: queued and due, or running with an expired lease (its worker died). */
  async claim(workerId: string, leaseMs: number): Promise<Job | null> {
    const r = await this.db.query<Job>(
      `update ai.jobs j set status = 'running', attempts = j.attempts + 1, locked_by = $1,
              leased_until = now() + ($2::int * interval '1 millisecond'), updated_at = now()
         where j.id = (
           select id from ai.jobs
            where (status = 'queued' and run_at <= now()) or (status = 'running' and leased_until < now())
            order by run_at, created_at
            limit 1
            for update skip locked)
       returning j.id, j.kind, j.payload, j.status, j.attempts, j.max_attempts`,
      [workerId, leaseMs],
    );
    return r.rows[0] ?? null;
  }

  /** Extends the lease; tells whether the job was cancelled or taken over meanwhile. */
  async renew(job: Job, workerId: string, leaseMs: number): Promise<LeaseState> {
    const r = await this.db.query<{ status: string; locked_by: string | null }>(
      `update ai.jobs set leased_until = case when status = 'running' and locked_by = $2
                                            then now() + ($3::int * interval '1 millisecond') else leased_until end
        where id = $1 returning status, locked_by`,
      [job.id, workerId, leaseMs],
    );
    const row = r.rows[0];
    if (!row || row.status === 'cancelled') return 'cancelled';
    return row.status === 'running' && row.locked_by === workerId ? 'ok' : 'lost';
  }

  async complete(job: Job, workerId: string): Promise<void> {
    await this.finish(job, workerId, 'succeeded', null);
  }

  async fail(job: Job, workerId: string, error: string): Promise<void> {
    await this.finish(job, workerId, 'failed', error);
  }

  /** Puts the job back in the queue, due after `delayMs`. */
  async retry(job: Job, workerId: string, error: string | null, delayMs: number): Promise<void> {
    await this.db.query(
      `update ai.jobs set status = 'queued', run_at = now() + ($3::int * interval '1 millisecond'), leased_until = null,
              locked_by = null, last_error = coalesce($4, last_error), updated_at = now()
        where id = $1 and status = 'running' and locked_by = $2`,
      [job.id, workerId, delayMs, error],
    );
  }

  /** Hands a job back untouched (its worker is stopping): queued again at once, the attempt not counted. */
  async release(job: Job, workerId: string): Promise<void> {
    await this.db.query(
      `update ai.jobs set status = 'queued', run_at = now(), leased_until = null, locked_by = null,
              attempts = greatest(attempts - 1, 0), updated_at = now()
        where id = $1 and status = 'running' and locked_by = $2`,
      [job.id, workerId],
    );
  }

  /** Cancels the queued or running jobs about `ref` (a source or indexed source id). */
  async cancelByRef(ref: string, client?: Runner): Promise<number> {
    const r = await (client ?? this.db).query(
      `update ai.jobs set status = 'cancelled', finished_at = now(), updated_at = now(), leased_until = null
        where payload ->> 'ref' = $1 and status in ('queued', 'running')`,
      [ref],
    );
    return r.rowCount ?? 0;
  }

  private async finish(job: Job, workerId: string, status: 'succeeded' | 'failed', error: string | null): Promise<void> {
    await this.db.query(
      `update ai.jobs set status = $3, finished_at = now(), leased_until = null, last_error = coalesce($4, last_error), updated_at = now()
        where id = $1 and status = 'running' and locked_by = $2`,
      [job.id, workerId, status, error],
    );
  }
}
