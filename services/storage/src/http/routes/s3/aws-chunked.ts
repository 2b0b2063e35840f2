// Decodes `aws-chunked` request bodies (STREAMING-* payloads): `<hex size>[;chunk-signature=…]\r\n<data>\r\n`
// repeated, a zero-size chunk, then optional trailer headers. Chunk signatures and trailing checksums are
// not verified (the seed signature authenticates the request; see README).
import { Transform } from 'node:stream';

export function awsChunkedDecoder(): Transform {
  let buf: Buffer = Buffer.alloc(0);
  let remaining = 0; // data bytes left in the current chunk
  let state: 'header' | 'data' | 'crlf' | 'done' = 'header';
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      try {
        for (;;) {
          if (state === 'done') { buf = Buffer.alloc(0); break; }
          if (state === 'header') {
            const nl = buf.indexOf('\r\n');
            if (nl < 0) { if (buf.length > 4096) throw new Error('aws-chunked header too long'); break; }
            const size = parseInt(buf.subarray(0, nl).toString('latin1').split(';')[0], 16);
            if (!Number.isFinite(size) || size < 0) throw new Error('invalid aws-chunked size');
            buf = buf.subarray(nl + 2);
            if (size === 0) { state = 'done'; continue; }
            remaining = size;
            state = 'data';
          }
          if (state === 'data') {
            if (!buf.length) break;
            const take = Math.min(remaining, buf.length);
            this.push(buf.subarray(0, take));
            buf = buf.subarray(take);
            remaining -= take;
            if (remaining === 0) state = 'crlf';
            else break;
          }
          if (state === 'crlf') {
            if (buf.length < 2) break;
            buf = buf.subarray(2);
            state = 'header';
          }
        }
        cb();
      } catch (e) {
        cb(e as Error);
      }
    },
    flush(cb) {
      cb(state === 'done' ? null : new Error('aws-chunked body ended early'));
    },
  });
}
