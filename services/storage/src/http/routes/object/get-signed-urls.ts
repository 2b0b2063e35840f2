// POST /object/sign/:bucketName with `{paths, expiresIn}`: signed URLs for many objects, an error per missing one.
import type { FastifyInstance } from 'fastify';
import { bucketParam, storageFor, type ServiceContext } from '../../context.ts';

const body = {
  type: 'object',
  properties: { expiresIn: { type: 'integer', minimum: 1 }, paths: { type: 'array', items: { type: 'string' }, minItems: 1 } },
  required: ['expiresIn', 'paths'],
} as const;

export default function getSignedUrls(app: FastifyInstance, ctx: ServiceContext): void {
  app.post('/object/sign/:bucketName', { schema: { body } }, async (request) => {
    const b = request.body as { expiresIn: number; paths: string[] };
    return storageFor(ctx, request).from(bucketParam(request)).signUrls(b.paths, b.expiresIn);
  });
}
