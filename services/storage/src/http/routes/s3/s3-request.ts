// An S3 request as the operations see it: bucket, key and query from the path-style URL.
import type { FastifyRequest } from 'fastify';

export interface S3Request {
  bucket: string;
  key: string;
  query: Record<string, string>;
  ref: string;
  region: string;
  resource: string;
}

export function s3Request(request: FastifyRequest, ref: string, region: string): S3Request {
  const rest = ((request.params as Record<string, string>)['*'] ?? '');
  const slash = rest.indexOf('/');
  const bucket = slash < 0 ? rest : rest.slice(0, slash);
  const key = slash < 0 ? '' : rest.slice(slash + 1);
  const query: Record<string, string> = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) query[k] = Array.isArray(v) ? String(v[0]) : String(v ?? '');
  return { bucket, key, query, ref, region, resource: `/${rest}` };
}
