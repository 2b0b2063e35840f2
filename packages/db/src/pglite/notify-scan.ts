// Finds NotificationResponse ('A') messages in a backend byte stream that arrives in arbitrary chunks.
// PGlite hands wire clients raw bytes and never runs its own listeners for them, so the worker scans.
// Other messages are skipped by length without being copied.
export type OnNotify = (channel: string, payload: string) => void;

export class NotifyScanner {
  private head = Buffer.alloc(0); // a partial 5-byte header, or a partial 'A' message
  private skip = 0; // bytes left of a message that is not a notification

  /** onTag sees the tag of every other message once (e.g. CopyInResponse, ReadyForQuery). */
  constructor(private readonly onNotify: OnNotify, private readonly onTag?: (tag: number) => void) {}

  push(chunk: Uint8Array): void {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.skip >= buf.length) { this.skip -= buf.length; return; }
    buf = buf.subarray(this.skip);
    this.skip = 0;
    if (this.head.length) buf = Buffer.concat([this.head, buf]);
    this.head = Buffer.alloc(0);
    let i = 0;
    while (i < buf.length) {
      if (buf.length - i < 5) { this.head = Buffer.from(buf.subarray(i)); return; }
      const total = buf.readInt32BE(i + 1) + 1;
      if (buf[i] !== 0x41) {
        this.onTag?.(buf[i]);
        if (buf.length - i < total) { this.skip = total - (buf.length - i); return; }
        i += total;
        continue;
      }
      if (buf.length - i < total) { this.head = Buffer.from(buf.subarray(i)); return; }
      const body = buf.subarray(i + 9, i + total); // tag, length, sender pid
      const z = body.indexOf(0);
      this.onNotify(body.subarray(0, z).toString('utf8'), body.subarray(z + 1, body.indexOf(0, z + 1)).toString('utf8'));
      i += total;
    }
  }
}
