// ai.sources rows and their API shape (the column `celery_task_id` holds the id of the source's job).
export interface SourceRow {
  id: string;
  name: string | null;
  file_type: string;
  storage_path: string;
  extraction_status: string;
  derivatives: Record<string, DerivativeRef[]>;
  metadata: Record<string, unknown>;
  auto_metadata: Record<string, unknown>;
  error_message: string | null;
  error_code: string | null;
  celery_task_id: string | null;
  content_hash: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DerivativeRef { storage_path: string; format: string; page?: number; metadata?: Record<string, unknown> }

export const SOURCE_COLUMNS = 'id, name, file_type, storage_path, extraction_status, derivatives, metadata, auto_metadata, error_message, error_code, celery_task_id, content_hash, created_at, updated_at';
export const TERMINAL = new Set(['extracted', 'attention_required', 'failed', 'cancelled']);
export const STATUSES = ['pending', 'extracting', 'extracted', 'attention_required', 'failed', 'cancelled'];

export function sourceJson(r: SourceRow, o: { list?: boolean } = {}) {
  const base = {
    id: r.id, name: r.name, file_type: r.file_type, storage_path: r.storage_path, extraction_status: r.extraction_status,
    derivatives: r.derivatives ?? {}, metadata: r.metadata ?? {}, auto_metadata: r.auto_metadata ?? {},
    error_message: r.error_message, error_code: r.error_code, content_hash: r.content_hash,
    created_at: r.created_at, updated_at: r.updated_at,
  };
  return o.list ? base : { ...base, celery_task_id: r.celery_task_id, task_id: r.celery_task_id };
}
