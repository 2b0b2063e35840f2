// The shared shape of every upload route: refuse what can be refused before reading, then read the body
// (multipart or raw) and stream it through the uploader.
import type { FastifyRequest } from 'fastify';
import type { Storage } from '../storage/storage.ts';
import type { UploadRequest, UploadResult } from '../storage/uploader.ts';
import { declaredLength, uploadSourceFrom } from './upload-body.ts';

export async function runUpload(storage: Storage, request: FastifyRequest, req: Omit<UploadRequest, 'declaredLength'>): Promise<UploadResult> {
  const full: UploadRequest = { ...req, declaredLength: declaredLength(request) };
  const prepared = await storage.uploader.prepare(storage.db, full);
  const source = await uploadSourceFrom(request);
  return storage.uploader.store(storage.db, full, prepared, source);
}
