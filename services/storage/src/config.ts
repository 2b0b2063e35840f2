// The storage service's settings, parsed once by the app and passed down (never read from the environment here).

export interface ImageTransformConfig {
  enabled: boolean;
  /** Source objects larger than this are not transformed (bytes). */
  maxInputBytes: number;
  /** Largest width or height a caller may ask for. */
  maxDimension: number;
  /** sharp's limitInputPixels: decompression-bomb guard. */
  maxInputPixels: number;
}

export interface TusConfig {
  enabled: boolean;
  /** Where partial uploads live (must survive restarts); default: the OS temp folder + project ref. */
  dir?: string;
  /** Upload URL lifetime. */
  urlExpiryMs: number;
  /** Largest resumable upload (bytes). */
  maxSize: number;
}

export interface S3ProtocolConfig {
  enabled: boolean;
  region: string;
  /** Static credentials (bypass RLS, like a service key). Unset: only session-token credentials work. */
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface StorageConfig {
  /** Global limit of a simple (non-resumable) upload, bytes. Supabase self-hosted: 50 MiB. */
  fileSizeLimit: number;
  /** Secret that signs signed-URL tokens; default: the project's JWT secret. */
  signingSecret?: string;
  /** Lifetime of signed upload URLs, seconds. */
  uploadSignedUrlExpirySeconds: number;
  imageTransformation: ImageTransformConfig;
  tus: TusConfig;
  s3Protocol: S3ProtocolConfig;
}

export const GLOBAL_FILE_SIZE_LIMIT = 50 * 1024 * 1024;

export function defaultStorageConfig(overrides: Partial<StorageConfig> = {}): StorageConfig {
  return {
    fileSizeLimit: GLOBAL_FILE_SIZE_LIMIT,
    uploadSignedUrlExpirySeconds: 2 * 3600,
    imageTransformation: { enabled: true, maxInputBytes: 25 * 1024 * 1024, maxDimension: 2500, maxInputPixels: 71_000_000 },
    tus: { enabled: true, urlExpiryMs: 3600_000, maxSize: 50 * 1024 * 1024 * 1024 },
    s3Protocol: { enabled: true, region: 'local' },
    ...overrides,
  };
}
