// Sends several statements to Postgres in one round trip: Parse/Bind/Describe/Execute for each, then one
// Sync. A node-postgres "submittable" (the same hook pg-cursor uses). Rows come back as raw text arrays.
// On the first error the backend skips to the Sync, so later statements never run.
import type pg from 'pg';

export interface Statement {
  text: string;
  values?: readonly unknown[];
  /** Prepared-statement name: parsed once per connection, then only bound. */
  name?: string;
  /** Skip Describe: rows still arrive, without field names. */
  noDescribe?: boolean;
}

export interface StatementResult {
  /** Column names of the row description (empty for commands). */
  fields: string[];
  /** Text values as the server sent them (null for SQL NULL). */
  rows: (string | null)[][];
  /** Command tag, e.g. `SELECT 1`, `COMMIT`. */
  command: string;
}

/** The error as the server reported it, with its SQLSTATE and fields. */
export interface PipelineError extends Error {
  code?: string;
  detail?: string;
  hint?: string;
  /** Index of the statement that failed. */
  statement?: number;
}

interface Connection {
  parse(q: { text: string; name?: string; types?: unknown[] }): void;
  bind(c: { portal?: string; statement?: string; values?: readonly unknown[]; valueMapper?: (v: unknown) => unknown }): void;
  describe(m: { type: 'P' | 'S'; name: string }): void;
  close(m: { type: 'P' | 'S'; name: string }): void;
  execute(c: { portal?: string; rows?: number }): void;
  sync(): void;
  stream: { cork?: () => void; uncork?: () => void };
}

interface Field { name: string }

function toText(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (Array.isArray(v)) return `{${v.map((i) => (i === null ? 'NULL' : `"${String(i).replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** One pipelined batch; use with `client.query(new Pipeline(stmts))`. */
export class Pipeline {
  readonly results: StatementResult[] = [];
  private current: StatementResult = { fields: [], rows: [], command: '' };
  private error: PipelineError | null = null;
  private resolve!: (r: StatementResult[]) => void;
  private reject!: (e: PipelineError) => void;
  readonly done: Promise<StatementResult[]>;

  constructor(private readonly statements: readonly Statement[], private readonly prepared?: Set<string>) {
    this.done = new Promise((res, rej) => { this.resolve = res; this.reject = rej; });
    this.done.catch(() => {});
  }

  submit(connection: Connection): void {
    connection.stream.cork?.();
    try {
      for (const s of this.statements) {
        if (!s.name || !this.prepared?.has(s.name)) {
          // A failed earlier attempt may have left the name behind: closing a missing statement is no error.
          if (s.name) connection.close({ type: 'S', name: s.name });
          connection.parse({ text: s.text, name: s.name ?? '' });
          if (s.name) this.prepared?.add(s.name);
        }
        connection.bind({ statement: s.name ?? '', values: s.values ?? [], valueMapper: toText });
        if (!s.noDescribe) connection.describe({ type: 'P', name: '' });
        connection.execute({ rows: 0 });
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
  }

  handleRowDescription(msg: { fields: Field[] }): void {
    this.current.fields = msg.fields.map((f) => f.name);
  }

  handleDataRow(msg: { fields: (string | null)[] }): void {
    this.current.rows.push(msg.fields);
  }

  handleCommandComplete(msg: { text?: string; command?: string }): void {
    this.current.command = msg.text ?? msg.command ?? '';
    this.results.push(this.current);
    this.current = { fields: [], rows: [], command: '' };
  }

  handleEmptyQuery(): void {
    this.handleCommandComplete({ text: '' });
  }

  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}

  /** pg calls this on an ErrorResponse (and then no handleReadyForQuery) or a socket error. */
  handleError(err: PipelineError): void {
    if (this.error) return;
    this.error = err;
    err.statement = this.results.length;
    // The failed statement and everything after it may not be prepared: prepare them again next time.
    for (const s of this.statements.slice(this.results.length)) if (s.name) this.prepared?.delete(s.name);
    this.reject(err);
  }

  handleReadyForQuery(): void {
    if (!this.error) this.resolve(this.results);
  }
}

/** Runs the statements on `client` in one round trip; `prepared` tracks the named statements of its connection. */
export function runPipelineOn(client: pg.PoolClient, statements: readonly Statement[], prepared?: Set<string>): Promise<StatementResult[]> {
  const p = new Pipeline(statements, prepared);
  void client.query(p as never);
  return p.done;
}
