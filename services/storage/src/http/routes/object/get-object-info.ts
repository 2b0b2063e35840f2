// GET /object/info/:bucketName/* (also /info/authenticated/… and /info/public/…): an object's stored facts.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bucketParam, keyParam, serviceStorage, storageFor, type ServiceContext } from '../../context.ts';
import type { ObjectRow } from '../../../types.ts';

export function objectInfo(row: ObjectRow) {
  const m = row.metadata;
  return {
    id: row.id, name: row.name, version: row.version, bucket_id: row.bucket_id,
    size: m?.size ?? null, content_type: m?.mimetype ?? null, cache_control: m?.cacheControl ?? null, etag: m?.eTag ?? null,
    metadata: row.user_metadata ?? {}, last_modified: row.updated_at, created_at: row.created_at,
  };
}

export default function getObjectInfo(app: FastifyInstance, ctx: ServiceContext): void {
  const authenticated = async (request: FastifyRequest) =>
    objectInfo(await storageFor(ctx, request).from(bucketParam(request)).findObject(keyParam(request), 'storage.object.info'));
  app.get('/object/info/:bucketName/*', authenticated);
  app.get('/object/info/authenticated/:bucketName/*', authenticated);
  app.get('/object/info/public/:bucketName/*', async (request) =>
    objectInfo(await serviceStorage(ctx).from(bucketParam(request)).findPublicObject(keyParam(request))));
}
