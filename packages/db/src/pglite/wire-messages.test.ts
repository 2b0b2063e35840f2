// The worker's own wire messages: a simple Query, and reading the first error of a response.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstError, simpleQuery } from './wire-messages.ts';

function message(tag: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(tag, 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

test('simpleQuery frames the SQL as a Query message', () => {
  const m = simpleQuery('listen "ä"');
  assert.equal(String.fromCharCode(m[0]), 'Q');
  assert.equal(m.readInt32BE(1), m.length - 1);
  assert.equal(m.subarray(5).toString('utf8'), 'listen "ä"\0');
});

test('firstError finds the message of an ErrorResponse after other messages', () => {
  const err = message('E', Buffer.from('SERROR\0VERROR\0C42601\0Msyntax error at or near "x"\0\0'));
  const ok = message('C', Buffer.from('LISTEN\0'));
  const ready = message('Z', Buffer.from('E'));
  assert.equal(firstError(Buffer.concat([ok, err, ready])), 'syntax error at or near "x"');
  assert.equal(firstError(Buffer.concat([ok, message('Z', Buffer.from('I'))])), null);
  assert.equal(firstError(Buffer.alloc(0)), null);
});
