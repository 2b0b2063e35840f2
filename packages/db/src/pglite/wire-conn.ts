// One authenticated wire client: splits its byte stream into frontend messages and hands the session
// queue one unit per sync point. Terminate closes the socket instead of reaching the shared session.
// The client's output passes a scanner that finds notifications and notices COPY IN, which must keep
// the session for this client until CopyDone.
import type net from 'node:net';
import type { SessionQueue } from './session-queue.ts';
import { NotifyScanner, type OnNotify } from './notify-scan.ts';

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const FLUSH = 0x48; // 'H'
const COPY_DONE = 0x63; // 'c'
const COPY_FAIL = 0x66; // 'f'
const TERMINATE = 0x58; // 'X'
const COPY_IN_RESPONSE = 0x47; // 'G'
const READY_FOR_QUERY = 0x5a; // 'Z'

export function serveClient(socket: net.Socket, client: number, startup: Buffer, rest: Buffer, queue: SessionQueue, onNotify: OnNotify): void {
  let buf: Buffer = Buffer.alloc(0);
  let pending: Buffer[] = [];
  let copyIn = false;
  const scanner = new NotifyScanner(onNotify, (tag) => {
    if (tag === COPY_IN_RESPONSE) copyIn = true;
    else if (tag === READY_FOR_QUERY) copyIn = false;
  });
  const write = (d: Uint8Array) => {
    scanner.push(d);
    if (socket.writable) socket.write(d);
  };
  const submit = (bytes: Buffer, flush: boolean) => {
    queue.submit(client, bytes, write, () => flush || copyIn).catch(() => socket.destroy());
  };
  const onData = (chunk: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (buf.length >= 5) {
      const total = buf.readInt32BE(1) + 1;
      if (total < 5) return void socket.destroy();
      if (buf.length < total) break;
      const tag = buf[0];
      const msg = buf.subarray(0, total);
      buf = buf.subarray(total);
      if (tag === TERMINATE) return void socket.end();
      pending.push(msg);
      if (tag === SYNC || tag === QUERY || tag === FLUSH || tag === COPY_DONE || tag === COPY_FAIL) {
        const unit = Buffer.concat(pending);
        pending = [];
        submit(unit, tag === FLUSH);
      }
    }
  };
  socket.once('close', () => void queue.release(client));
  // The startup packet (already authenticated) is its own unit: PGlite answers AuthenticationOk and ReadyForQuery.
  submit(startup, false);
  socket.on('data', onData);
  if (rest.length) onData(rest);
}
