// Streams a body through a byte counter that fails with EntityTooLarge as soon as the limit is passed,
// so an oversized upload is stopped mid-stream and never stored. Source errors (client gone) pass through.
import { Transform, type Readable } from 'node:stream';
import { raise } from '../errors.ts';

export function limitBytes(source: Readable, max: number): Readable {
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > max) return cb(raise('EntityTooLarge'));
      cb(null, chunk);
    },
  });
  // The source may already be flowing (a multipart part) before the backend attaches to the limiter; an early
  // failure is kept as the stream's error and seen by whoever pipes it, not thrown as an unhandled event.
  limiter.on('error', () => {});
  source.on('error', (e) => limiter.destroy(e));
  // A source that closes without ending (request aborted) must fail the write, not end it cleanly.
  source.on('close', () => { if (!source.readableEnded) limiter.destroy(new Error('upload stream closed before it ended')); });
  // Stop reading on failure but leave the source open: the error reply still has to go out on its socket.
  limiter.on('close', () => { if (!source.readableEnded) source.unpipe(limiter); });
  return source.pipe(limiter);
}
