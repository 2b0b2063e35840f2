// Streams an original file into the `sources` bucket with a byte limit (413 file_too_large) and a sha256.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { AiContext } from '../context.ts';
import { raise } from '../errors.ts';
import { SOURCES_BUCKET } from '../files/layout.ts';

export interface StoredOriginal { size: number; contentHash: string }

/** Passes `body` through, counting and hashing; fails with file_too_large past `limit` bytes. */
export function limitAndHash(body: Readable, limit: number, onDone: (r: StoredOriginal) => void): Readable {
  async function* pass() {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) throw raise('file_too_large', `File exceeds the maximum upload size of ${limit} bytes`);
      hash.update(chunk);
      yield chunk;
    }
    onDone({ size, contentHash: hash.digest('hex') });
  }
  return Readable.from(pass(), { objectMode: false });
}

export async function storeOriginal(ctx: AiContext, path: string, body: Readable, contentType?: string): Promise<StoredOriginal> {
  let out: StoredOriginal | null = null;
  await ctx.files.put(SOURCES_BUCKET, path, limitAndHash(body, ctx.config.maxUploadBytes, (r) => { out = r; }), { contentType });
  if (!out) throw raise('invalid_file', 'The upload ended early');
  return out;
}
