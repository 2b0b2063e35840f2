// POST /object/move: renames an object, optionally into another bucket (SELECT + UPDATE as the caller).
import type { FastifyInstance } from 'fastify';
import { storageFor, type ServiceContext } from '../../context.ts';

const body = {
  type: 'object',
  properties: {
    bucketId: { type: 'string' }, sourceKey: { type: 'string' }, destinationKey: { type: 'string' }, destinationBucket: { type: 'string' },
  },
  required: ['bucketId', 'sourceKey', 'destinationKey'],
} as const;

export default function moveObject(app: FastifyInstance, ctx: ServiceContext): void {
  app.post('/object/move', { schema: { body } }, async (request) => {
    const b = request.body as { bucketId: string; sourceKey: string; destinationKey: string; destinationBucket?: string };
    await storageFor(ctx, request).from(b.bucketId).move(b.sourceKey, b.destinationBucket || b.bucketId, b.destinationKey);
    return { message: 'Successfully moved' };
  });
}
