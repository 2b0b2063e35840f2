// @powabase/storage: a Supabase Storage-compatible /storage/v1 service (buckets, objects, signed URLs,
// resumable uploads, image transforms, S3 protocol) over a filesystem or S3 backend.
import { loadMigrations, type MigrationSet } from '@powabase/db';

export { createStorageService, type StorageServiceOptions, type StorageMount } from './service.ts';
export { createFileBackend, type FileBackendOptions } from './backend/file.ts';
export { createS3Backend, type S3BackendOptions } from './backend/s3.ts';
export { BackendNotFound, BackendKeyRefused, objectPath, type ObjectBackend, type ObjectStat, type GetResult, type ByteRange, type PutOptions, type ListEntry } from './backend/adapter.ts';
export { defaultStorageConfig, GLOBAL_FILE_SIZE_LIMIT, type StorageConfig } from './config.ts';
export { storageErrors } from './errors.ts';
export { createServiceObjects, type ServiceObjects } from './storage/service-objects.ts';

/** The storage schema (scope 'storage'); apply after baseMigrations(). */
export function storageMigrations(): MigrationSet {
  return loadMigrations('storage', new URL('../migrations/', import.meta.url));
}
