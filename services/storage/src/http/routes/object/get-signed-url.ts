// POST /object/sign/:bucketName/*: a signed download URL (the caller must be able to SELECT the object).
import type { FastifyInstance } from 'fastify';
import { bucketParam, keyParam, storageFor, type ServiceContext } from '../../context.ts';
import { transformationsOf } from '../../transform-query.ts';

const body = {
  type: 'object',
  properties: { expiresIn: { type: 'integer', minimum: 1 }, transform: { type: 'object' } },
  required: ['expiresIn'],
} as const;

export default function getSignedUrl(app: FastifyInstance, ctx: ServiceContext): void {
  app.post('/object/sign/:bucketName/*', { schema: { body } }, async (request) => {
    const b = request.body as { expiresIn: number; transform?: Record<string, unknown> };
    const t = b.transform ? transformationsOf(b.transform) : undefined;
    const signedURL = await storageFor(ctx, request).from(bucketParam(request)).signUrl(keyParam(request), b.expiresIn, t || undefined);
    return { signedURL };
  });
}
