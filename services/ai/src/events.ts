// Typed log events of the AI service: one sink (the logger) turns them into lines and metrics.
import type { Logger } from '@powabase/core';

export type AiEvent =
  | { event: 'ai_request_failed'; method: string; route: string; error: { name: string; message: string; stack?: string } }
  | { event: 'ai_worker_started'; workerId: string; concurrency: number }
  | { event: 'ai_worker_stopped'; workerId: string }
  | { event: 'job_started'; jobId: string; kind: string; attempt: number }
  | { event: 'job_done'; jobId: string; kind: string; ms: number }
  | { event: 'job_failed'; jobId: string; kind: string; attempt: number; final: boolean; error: string }
  | { event: 'job_cancelled'; jobId: string; kind: string }
  | { event: 'job_lease_lost'; jobId: string; kind: string }
  | { event: 'extraction_done'; sourceId: string; status: string; method: string; pages: number; ms: number }
  | { event: 'indexing_done'; indexedSourceId: string; chunks: number; ms: number }
  | { event: 'ai_vector_unavailable'; reason: string }
  | { event: 'ai_poll_failed'; error: string }
  | { event: 'search_step_skipped'; step: string; reason: string }
  | { event: 'mcp_discovery_failed'; agentId: string; server: string; error: string }
  | { event: 'agent_run_crashed'; runId: string; error: { name: string; message: string; stack?: string } }
  | { event: 'stale_runs_failed'; count: number }
  | { event: 'stale_run_sweep_failed'; error: string };

export function emit(log: Logger, e: AiEvent): void {
  const level = e.event === 'ai_request_failed' || e.event === 'ai_poll_failed' || e.event === 'agent_run_crashed' ? 'error'
    : e.event === 'job_failed' || e.event === 'job_lease_lost' || e.event === 'ai_vector_unavailable' || e.event === 'search_step_skipped' || e.event === 'mcp_discovery_failed' || e.event === 'stale_run_sweep_failed' ? 'warn'
      : 'info';
  log[level](e, e.event);
}
