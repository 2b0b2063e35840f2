// The S3 backend against the conformance suite, over the wire to an S3-protocol server (s3rver) on loopback.
import { after, before, describe } from 'node:test';
import { ListMultipartUploadsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createS3Backend } from '../src/index.ts';
import { backendConformance, type BackendFixture } from './backend-conformance.ts';
import { startS3 } from './helpers.ts';

describe('s3 backend', () => {
  let s3: Awaited<ReturnType<typeof startS3>>;
  let fx: BackendFixture;
  let client: S3Client;
  before(async () => {
    s3 = await startS3();
    client = new S3Client(s3.client);
    const opts = { client: s3.client, bucket: s3.bucket, partSize: 5 * 1024 * 1024 };
    fx = {
      backend: createS3Backend({ ...opts, prefix: 'projects/p1' }),
      neighbour: createS3Backend({ ...opts, prefix: 'projects/p2/' }),
      async everything() {
        const r = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
        return (r.Contents ?? []).map((o) => o.Key!).sort();
      },
      async leftovers() {
        const r = await client.send(new ListMultipartUploadsCommand({ Bucket: s3.bucket })).catch(() => ({ Uploads: [] }));
        return (r.Uploads ?? []).length;
      },
    };
  });
  after(async () => { await fx.backend.close?.(); await fx.neighbour.close?.(); client.destroy(); await s3.close(); });
  backendConformance(() => fx);
});
