// S3 wire format: XML documents and the S3 error renderer (real HTTP statuses, `<Error><Code>…`), with the
// mapping from storage error codes to S3 ones.
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { isPowabaseError } from '@powabase/core';
import { fromPgError } from '../../../errors.ts';
import { SigV4Error } from './sigv4.ts';

const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false, processEntities: true });
const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => ['Part', 'Object'].includes(name) });

export const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function xml(root: string, body: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build({ [root]: { '@_xmlns': S3_NS, ...body } })}`;
}

export function parseXml(text: string): Record<string, any> {
  return parser.parse(text);
}

const S3_CODES: Record<string, [string, number]> = {
  NoSuchBucket: ['NoSuchBucket', 404],
  NoSuchKey: ['NoSuchKey', 404],
  NoSuchUpload: ['NoSuchUpload', 404],
  ResourceAlreadyExists: ['BucketAlreadyOwnedByYou', 409],
  ResourceNotEmpty: ['BucketNotEmpty', 409],
  AccessDenied: ['AccessDenied', 403],
  InvalidJWT: ['AccessDenied', 403],
  InvalidKey: ['InvalidKey', 400],
  InvalidBucketName: ['InvalidBucketName', 400],
  EntityTooLarge: ['EntityTooLarge', 400],
  InvalidMimeType: ['InvalidArgument', 400],
  InvalidRange: ['InvalidRange', 416],
  InvalidRequest: ['InvalidRequest', 400],
  InvalidParameter: ['InvalidArgument', 400],
  MissingParameter: ['InvalidArgument', 400],
  NotImplemented: ['NotImplemented', 501],
  BadDigest: ['XAmzContentSHA256Mismatch', 400],
};

export interface S3ErrorOut { status: number; code: string; message: string }

export function toS3Error(err: unknown): S3ErrorOut | null {
  if (err instanceof SigV4Error) return { status: err.s3Code === 'AuthorizationQueryParametersError' ? 400 : 403, code: err.s3Code, message: err.message };
  const e = isPowabaseError(err) ? err : fromPgError(err);
  if (e) {
    const [code, status] = S3_CODES[e.code] ?? (e.code === 'ResourceAlreadyExists' ? ['BucketAlreadyExists', 409] : ['InternalError', 500]);
    if (status === 500) return null;
    return { status, code, message: e.message };
  }
  return null;
}

export function errorXml(e: S3ErrorOut, resource: string): string {
  return xml('Error', { Code: e.code, Message: e.message, Resource: resource, RequestId: '' }).replace(` xmlns="${S3_NS}"`, '');
}
