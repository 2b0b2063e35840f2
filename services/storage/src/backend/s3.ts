// S3 backend: one bucket shared by projects, each under its own key prefix (`projects/<ref>/`). Bodies are
// streamed with @aws-sdk/lib-storage (multipart above one part, aborted and cleaned up on failure).
import {
  CopyObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Transform, type Readable } from 'node:stream';
import {
  assertSafeBackendKey, BackendNotFound,
  type ByteRange, type GetResult, type ListEntry, type ObjectBackend, type ObjectStat, type PutOptions,
} from './adapter.ts';

export interface S3BackendOptions {
  /** Passed to `new S3Client()`: endpoint, region, credentials, forcePathStyle … */
  client: S3ClientConfig;
  bucket: string;
  /** Per-project key prefix, e.g. `projects/<ref>/`; a trailing slash is added when missing. */
  prefix: string;
  /** Multipart part size (bytes, ≥ 5 MiB); bodies up to one part are sent as a single PutObject. */
  partSize?: number;
  /** Parts uploaded in parallel. */
  queueSize?: number;
}

const isMissing = (e: unknown) => {
  const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
  return err?.name === 'NoSuchKey' || err?.name === 'NotFound' || err?.$metadata?.httpStatusCode === 404;
};

function counter(): { tap: Transform; size(): number } {
  let n = 0;
  return { tap: new Transform({ transform(c: Buffer, _e, cb) { n += c.length; cb(null, c); } }), size: () => n };
}

export function createS3Backend(opts: S3BackendOptions): ObjectBackend {
  const client = new S3Client(opts.client);
  const Bucket = opts.bucket;
  const prefix = opts.prefix === '' || opts.prefix.endsWith('/') ? opts.prefix : `${opts.prefix}/`;
  const full = (key: string) => { assertSafeBackendKey(key); return prefix + key; };

  async function head(key: string): Promise<ObjectStat | null> {
    try {
      const r = await client.send(new HeadObjectCommand({ Bucket, Key: full(key) }));
      return { size: r.ContentLength ?? 0, etag: r.ETag ?? '""', lastModified: r.LastModified ?? new Date() };
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  return {
    kind: 's3',

    async put(key, body: Readable, o?: PutOptions): Promise<ObjectStat> {
      const { tap, size } = counter();
      body.on('error', (e) => tap.destroy(e));
      const upload = new Upload({
        client,
        params: { Bucket, Key: full(key), Body: body.pipe(tap), ContentType: o?.contentType, CacheControl: o?.cacheControl },
        partSize: opts.partSize ?? 8 * 1024 * 1024,
        queueSize: opts.queueSize ?? 4,
        leavePartsOnError: false,
      });
      const onAbort = () => { void upload.abort().catch(() => {}); };
      o?.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        const r = await upload.done();
        return { size: size(), etag: r.ETag ?? '""', lastModified: new Date() };
      } finally {
        o?.signal?.removeEventListener('abort', onAbort);
      }
    },

    async get(key, o?: { range?: ByteRange; signal?: AbortSignal }): Promise<GetResult> {
      const range = o?.range;
      try {
        const r = await client.send(new GetObjectCommand({
          Bucket, Key: full(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }), { abortSignal: o?.signal });
        const total = r.ContentRange ? Number(r.ContentRange.split('/')[1]) : (r.ContentLength ?? 0);
        return { body: r.Body as Readable, size: total, etag: r.ETag, lastModified: r.LastModified ?? new Date(), range };
      } catch (e) {
        if (isMissing(e)) throw new BackendNotFound(key);
        throw e;
      }
    },

    head,

    async delete(keys): Promise<void> {
      for (let i = 0; i < keys.length; i += 1000) {
        const chunk = keys.slice(i, i + 1000).map((k) => ({ Key: full(k) }));
        if (chunk.length) await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: chunk, Quiet: true } }));
      }
    },

    async copy(from, to): Promise<ObjectStat> {
      const source = `${Bucket}/${full(from)}`.split('/').map(encodeURIComponent).join('/');
      try {
        await client.send(new CopyObjectCommand({ Bucket, Key: full(to), CopySource: source }));
      } catch (e) {
        if (isMissing(e)) throw new BackendNotFound(from);
        throw e;
      }
      const st = await head(to);
      if (!st) throw new BackendNotFound(to);
      return st;
    },

    async *list(p): AsyncIterable<ListEntry> {
      let ContinuationToken: string | undefined;
      do {
        const r = await client.send(new ListObjectsV2Command({ Bucket, Prefix: prefix + p, ContinuationToken }));
        for (const o of r.Contents ?? []) {
          if (o.Key) yield { key: o.Key.slice(prefix.length), size: o.Size ?? 0, lastModified: o.LastModified ?? new Date() };
        }
        ContinuationToken = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },

    async close() { client.destroy(); },
  };
}
