// DELETE /object/:bucketName with `{prefixes}`: deletes what the caller may (DELETE + SELECT); returns the deleted rows.
import type { FastifyInstance } from 'fastify';
import { bucketParam, storageFor, type ServiceContext } from '../../context.ts';

const body = {
  type: 'object',
  properties: {
    prefixes: {
      type: 'array', minItems: 1, maxItems: 1000,
      items: { anyOf: [{ type: 'string' }, { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] }] },
    },
  },
  required: ['prefixes'],
} as const;

export default function deleteObjects(app: FastifyInstance, ctx: ServiceContext): void {
  app.delete('/object/:bucketName', { schema: { body } }, async (request) => {
    const { prefixes } = request.body as { prefixes: (string | { path: string })[] };
    const names = prefixes.map((p) => (typeof p === 'string' ? p : p.path));
    return storageFor(ctx, request).from(bucketParam(request)).remove(names);
  });
}
