// Frontend/backend messages the worker builds or reads itself: a simple Query, and the first error in a
// complete backend response. Pure helpers; the wire clients' own traffic is never parsed here.

/** A simple-protocol Query message ('Q') for one SQL text. */
export function simpleQuery(sql: string): Buffer {
  const text = Buffer.from(sql + '\0', 'utf8');
  const msg = Buffer.alloc(5 + text.length);
  msg.write('Q', 0);
  msg.writeInt32BE(4 + text.length, 1);
  text.copy(msg, 5);
  return msg;
}

/** The message ('M' field) of the first ErrorResponse in a complete backend response, or null. */
export function firstError(buf: Buffer): string | null {
  for (let i = 0; i + 5 <= buf.length; i += 1 + buf.readInt32BE(i + 1)) {
    if (buf[i] !== 0x45) continue; // 'E'
    const end = Math.min(buf.length, i + 1 + buf.readInt32BE(i + 1));
    for (let f = i + 5; f < end && buf[f] !== 0; ) {
      const z = buf.indexOf(0, f + 1);
      if (z < 0 || z > end) break;
      if (buf[f] === 0x4d) return buf.subarray(f + 1, z).toString('utf8'); // 'M'
      f = z + 1;
    }
    return 'unknown error';
  }
  return null;
}
