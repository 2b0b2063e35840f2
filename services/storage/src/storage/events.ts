// The storage service's typed log events.
import type { Logger } from '@powabase/core';

export type StorageEvent =
  | { event: 'storage_file_cleanup_failed'; keys: number; error: string }
  | { event: 'storage_request_failed'; method: string; route: string; error: { name: string; message: string; stack?: string } }
  | { event: 'storage_tus_upload_failed'; upload: string; error: string };

export function emit(log: Logger, e: StorageEvent): void {
  if (e.event === 'storage_request_failed') log.error(e, e.event);
  else log.warn(e, e.event);
}
