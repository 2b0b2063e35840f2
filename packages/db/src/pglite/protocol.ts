// Messages between a PGlite worker and its parent thread.
export interface WorkerInit {
  dataDir: string;
  password: string;
  host?: string;
  port?: number;
  maxConnections?: number;
  postgresqlConf?: string[];
  /** Cut off a client idle in an open transaction while others wait (ms; 0: never). */
  idleInTransactionMs?: number;
}

export type ToWorker =
  | { type: 'listen'; id: number; channel: string }
  | { type: 'unlisten'; id: number; channel: string }
  | { type: 'close' };

export type ToParent =
  | { type: 'ready'; port: number }
  | { type: 'notification'; channel: string; payload: string }
  /** Answers the listen/unlisten with the same id once it took effect (or failed). */
  | { type: 'done'; id: number; error?: string }
  | { type: 'closed' }
  | { type: 'error'; message: string; fatal?: boolean };
