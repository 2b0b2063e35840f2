// Who calls the S3 endpoint: static S3 keys (the service itself, no RLS) or a session credential
// (access key = project ref, secret = anon key, session token = a user JWT: RLS as that user).
import type { FastifyRequest } from 'fastify';
import { verifyJwt } from '@powabase/keys';
import { StorageDb } from '../../../database/scope.ts';
import { Storage } from '../../../storage/storage.ts';
import { serviceStorage, type ServiceContext } from '../../context.ts';
import { parseCredential, SigV4Error, verifySignature, type SigV4Credential } from './sigv4.ts';

export interface S3Caller {
  storage: Storage;
  /** Identifies who may continue a multipart upload. */
  callerKey: string;
  owner?: string;
  credential: SigV4Credential;
}

export async function authenticateS3(ctx: ServiceContext, request: FastifyRequest): Promise<S3Caller> {
  const signed = { method: request.method, url: request.raw.url ?? request.url, headers: request.headers };
  const credential = parseCredential(signed);
  if (!credential) throw new SigV4Error('AccessDenied', 'Anonymous access is not allowed');
  const cfg = ctx.config.s3Protocol;
  if (cfg.accessKeyId && cfg.secretAccessKey && credential.accessKeyId === cfg.accessKeyId) {
    verifySignature(signed, credential, cfg.secretAccessKey);
    return { storage: serviceStorage(ctx), callerKey: `key:${credential.accessKeyId}`, credential };
  }
  if (credential.accessKeyId === ctx.project.ref && credential.sessionToken) {
    verifySignature(signed, credential, ctx.project.anonKey);
    const claims = await verifyJwt(ctx.project.jwtSecret, credential.sessionToken).catch((e: Error) => {
      throw new SigV4Error('AccessDenied', e.message);
    });
    const role = typeof claims.role === 'string' && claims.role ? claims.role : 'anon';
    const sub = typeof claims.sub === 'string' && claims.sub ? claims.sub : undefined;
    const db = new StorageDb(ctx.db, { role, claims, sub }, { method: request.method, path: request.url.split('?')[0] });
    return { storage: new Storage(db, ctx), callerKey: sub ?? `role:${role}`, owner: sub, credential };
  }
  throw new SigV4Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
}
