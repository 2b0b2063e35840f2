// Image transformations with sharp (native, off the event loop): resize (cover | contain | fill), quality,
// format (origin | webp | avif; WebP when the client accepts it and no format is asked). The source streams
// in from the backend; only the (bounded) output is buffered, so a failure is still a proper error reply.
import sharp from 'sharp';
import { pipeline } from 'node:stream/promises';
import type { ImageTransformConfig } from '../config.ts';
import { raise } from '../errors.ts';
import type { TransformOptions } from '../http/transform-query.ts';
import type { ObjectRow } from '../types.ts';
import type { ObjectStorage } from './object-storage.ts';

export interface TransformedImage { body: Buffer; contentType: string; applied: string }

const FIT = { cover: 'cover', contain: 'inside', fill: 'fill' } as const;

function outputFormat(t: TransformOptions, accept: string | undefined): 'webp' | 'avif' | null {
  if (t.format === 'webp' || t.format === 'avif') return t.format;
  if (t.format === 'origin') return null;
  return accept && /image\/webp/i.test(accept) ? 'webp' : null;
}

export async function transformImage(cfg: ImageTransformConfig, objects: ObjectStorage, row: ObjectRow, t: TransformOptions, accept?: string): Promise<TransformedImage> {
  if (!cfg.enabled) throw raise('ImageTransformationNotEnabled');
  const size = Number(row.metadata?.size ?? 0);
  if (size > cfg.maxInputBytes) throw raise('EntityTooLarge', 'The image exceeded the maximum size for transformations');
  for (const d of [t.width, t.height]) if (d !== undefined && d > cfg.maxDimension) throw raise('InvalidParameter', `Invalid Parameter: width and height must be at most ${cfg.maxDimension}`);
  const source = await objects.read(row);
  let img = sharp({ limitInputPixels: cfg.maxInputPixels, failOn: 'error' }).rotate();
  if (t.width || t.height) img = img.resize({ width: t.width, height: t.height, fit: FIT[t.resize ?? 'cover'] });
  const quality = t.quality ?? 80;
  const format = outputFormat(t, accept);
  if (format === 'webp') img = img.webp({ quality });
  else if (format === 'avif') img = img.avif({ quality });
  else img = img.jpeg({ quality, force: false }).png({ force: false }).webp({ quality, force: false });
  try {
    const [, out] = await Promise.all([pipeline(source.body, img), img.toBuffer({ resolveWithObject: true })]);
    const applied = [t.width && `width:${t.width}`, t.height && `height:${t.height}`, `resize:${t.resize ?? 'cover'}`, `quality:${quality}`, `format:${format ?? 'origin'}`]
      .filter(Boolean).join(',');
    return { body: out.data, contentType: `image/${out.info.format === 'heif' ? 'avif' : out.info.format}`, applied };
  } catch (e) {
    source.body.destroy();
    throw raise('InvalidRequest', `The object could not be transformed as an image: ${(e as Error).message.split('\n')[0]}`);
  }
}
