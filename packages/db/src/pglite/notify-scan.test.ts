// NotifyScanner: NotificationResponse messages are found whatever the chunking of the backend stream,
// between large DataRows it skips without copying, and from views into memory that is reused later.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NotifyScanner } from './notify-scan.ts';

type Note = [channel: string, payload: string];

function message(tag: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(tag, 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

const cstr = (s: string) => Buffer.from(s + '\0', 'utf8');

function notification(channel: string, payload: string, pid = 4242): Buffer {
  const pidBuf = Buffer.alloc(4);
  pidBuf.writeInt32BE(pid);
  return message('A', Buffer.concat([pidBuf, cstr(channel), cstr(payload)]));
}

/** A one-column DataRow of `size` bytes; filled with 'A' (0x41) so a misaligned scanner would trip on it. */
function dataRow(size: number): Buffer {
  const head = Buffer.alloc(6);
  head.writeInt16BE(1, 0);
  head.writeInt32BE(size, 2);
  return message('D', Buffer.concat([head, Buffer.alloc(size, 0x41)]));
}

const commandComplete = (tag: string) => message('C', cstr(tag));
const readyForQuery = () => message('Z', Buffer.from('I'));

function scan(chunks: Uint8Array[]): Note[] {
  const got: Note[] = [];
  const s = new NotifyScanner((c, p) => got.push([c, p]));
  for (const c of chunks) s.push(c);
  return got;
}

// A response as PGlite streams it: rows bigger than a 64 KiB read, notifications between and after them.
const BIG = 70_000;
const stream = Buffer.concat([
  dataRow(BIG),
  notification('orders', 'first'),
  dataRow(10),
  dataRow(BIG),
  notification('ch', 'ünïcödé payload ✓'),
  notification('empty', ''),
  commandComplete('SELECT 3'),
  readyForQuery(),
]);
const expected: Note[] = [['orders', 'first'], ['ch', 'ünïcödé payload ✓'], ['empty', '']];

describe('NotifyScanner', () => {
  test('finds every notification in one chunk', () => {
    assert.deepEqual(scan([stream]), expected);
  });

  test('finds them when the stream is split in two at every byte offset', () => {
    for (let k = 0; k <= stream.length; k++) {
      assert.deepEqual(scan([stream.subarray(0, k), stream.subarray(k)]), expected, `split at ${k}`);
    }
  });

  test('finds them when a notification is cut in three anywhere', () => {
    const n = notification('three-way', 'cut');
    const pre = dataRow(BIG);
    const s = Buffer.concat([pre, n, readyForQuery()]);
    // every pair of cut points from 8 bytes before the notification to 8 bytes after it
    for (let i = pre.length - 8; i <= pre.length + n.length + 8; i++) {
      for (let j = i; j <= pre.length + n.length + 8; j++) {
        assert.deepEqual(scan([s.subarray(0, i), s.subarray(i, j), s.subarray(j)]), [['three-way', 'cut']], `cuts at ${i}, ${j}`);
      }
    }
  });

  test('finds them when every byte arrives alone', () => {
    const chunks = Array.from({ length: stream.length }, (_, i) => stream.subarray(i, i + 1));
    assert.deepEqual(scan(chunks), expected);
  });

  test('copies what it keeps: a chunk is a view into memory that is reused after push', () => {
    const got: Note[] = [];
    const s = new NotifyScanner((c, p) => got.push([c, p]));
    const n = notification('reused', 'memory');
    const memory = new Uint8Array(1024);
    for (const [from, to] of [[0, 3], [3, 11], [11, n.length]]) {
      memory.fill(0x41);
      memory.set(n.subarray(from, to), 100);
      s.push(memory.subarray(100, 100 + (to - from)));
      memory.fill(0xff); // the producer overwrites its buffer
    }
    assert.deepEqual(got, [['reused', 'memory']]);
  });

  test('ignores streams with no notifications', () => {
    assert.deepEqual(scan([dataRow(BIG), commandComplete('SELECT 1'), readyForQuery()]), []);
    assert.deepEqual(scan([new Uint8Array(0)]), []);
  });

  test('any mix of messages in any chunking gives the notifications in order', () => {
    const text = fc.string({ maxLength: 20 }).map((s) => s.replace(/\0/g, ''));
    const msg = fc.oneof(
      fc.tuple(text, text).map(([c, p]) => ({ bytes: notification(c, p), note: [c, p] as Note })),
      fc.integer({ min: 0, max: 3000 }).map((n) => ({ bytes: dataRow(n), note: null })),
      fc.constant({ bytes: readyForQuery(), note: null }),
    );
    fc.assert(
      fc.property(fc.array(msg, { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1 }), (msgs, sizes) => {
        const all = Buffer.concat(msgs.map((m) => m.bytes));
        const chunks: Buffer[] = [];
        for (let at = 0, i = 0; at < all.length; i++) {
          const n = sizes[i % sizes.length];
          chunks.push(all.subarray(at, at + n));
          at += n;
        }
        assert.deepEqual(scan(chunks), msgs.flatMap((m) => (m.note ? [m.note] : [])));
      }),
      { numRuns: 300 },
    );
  });
});
