// POST /object/copy: copies an object (SELECT on the source, INSERT — or upsert with `x-upsert` — on the destination).
import type { FastifyInstance } from 'fastify';
import { storageFor, type ServiceContext } from '../../context.ts';
import { isUpsert } from '../../upload-body.ts';

const body = {
  type: 'object',
  properties: {
    bucketId: { type: 'string' }, sourceKey: { type: 'string' }, destinationKey: { type: 'string' }, destinationBucket: { type: 'string' },
    copyMetadata: { type: 'boolean' }, metadata: { type: 'object' },
  },
  required: ['bucketId', 'sourceKey', 'destinationKey'],
} as const;

interface Body { bucketId: string; sourceKey: string; destinationKey: string; destinationBucket?: string; copyMetadata?: boolean; metadata?: Record<string, unknown> }

export default function copyObject(app: FastifyInstance, ctx: ServiceContext): void {
  app.post('/object/copy', { schema: { body } }, async (request) => {
    const b = request.body as Body;
    const storage = storageFor(ctx, request);
    const toBucket = b.destinationBucket || b.bucketId;
    const r = await storage.from(b.bucketId).copy(b.sourceKey, toBucket, b.destinationKey, {
      upsert: isUpsert(request), owner: storage.db.caller?.sub, copyMetadata: b.copyMetadata ?? true, metadata: b.metadata,
    });
    return { Id: r.id, Key: `${toBucket}/${b.destinationKey}` };
  });
}
