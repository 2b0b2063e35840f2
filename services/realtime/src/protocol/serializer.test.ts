// The serialisers: vsn 1.0.0 objects, vsn 2.0.0 arrays, binary kinds 0/3 in and 4 out, and refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrame, encodeBinaryBroadcast, encodeFrame, encodeText } from './serializer.ts';

function userBroadcastPush(joinRef: string, ref: string, topic: string, event: string, meta: string, encoding: number, payload: Buffer): Buffer {
  const parts = [joinRef, ref, topic, event, meta].map((s) => Buffer.from(s));
  return Buffer.concat([Buffer.from([3, ...parts.map((p) => p.length), encoding]), ...parts, payload]);
}

test('vsn 2.0.0 text: arrays in, arrays out', () => {
  const d = decodeFrame('["1","2","realtime:a","phx_join",{"x":1}]', false, '2.0.0');
  assert.deepEqual(d, { ok: true, frame: { joinRef: '1', ref: '2', topic: 'realtime:a', event: 'phx_join', payload: { x: 1 } } });
  assert.equal(encodeFrame('2.0.0', { joinRef: null, ref: '3', topic: 'phoenix', event: 'phx_reply', payload: { status: 'ok' } }),
    '[null,"3","phoenix","phx_reply",{"status":"ok"}]');
});

test('vsn 1.0.0 text: objects in, objects out', () => {
  const d = decodeFrame('{"topic":"realtime:a","event":"heartbeat","payload":{},"ref":"5"}', false, '1.0.0');
  assert.deepEqual(d, { ok: true, frame: { joinRef: null, ref: '5', topic: 'realtime:a', event: 'heartbeat', payload: {} } });
  assert.deepEqual(JSON.parse(encodeText('1.0.0', '1', null, 't', 'e', '{"a":1}')), { join_ref: '1', ref: null, topic: 't', event: 'e', payload: { a: 1 } });
});

test('bad text frames are refused with a reason', () => {
  for (const [text, vsn] of [['nope', '2.0.0'], ['[1,2,3]', '2.0.0'], ['{"topic":1,"event":"x"}', '1.0.0'], ['["1","2","t","e",{}]', '1.0.0']] as const) {
    assert.equal(decodeFrame(text, false, vsn).ok, false, text);
  }
});

test('kind 3 user broadcast push: JSON and binary payloads, metadata, UTF-8 lengths', () => {
  const json = decodeFrame(userBroadcastPush('1', '2', 'realtime:é', 'cursor', '', 1, Buffer.from('{"x":1}')), true, '2.0.0');
  assert.deepEqual(json, { ok: true, frame: { joinRef: '1', ref: '2', topic: 'realtime:é', event: 'broadcast', payload: { type: 'broadcast', event: 'cursor', payload: { x: 1 } } } });
  const bin = decodeFrame(userBroadcastPush('1', '', 'realtime:a', 'b', '{"persist":true}', 0, Buffer.from([1, 2])), true, '2.0.0');
  assert.ok(bin.ok);
  const p = bin.frame.payload as { payload: Buffer; meta: unknown };
  assert.deepEqual([...p.payload], [1, 2]);
  assert.deepEqual(p.meta, { persist: true });
  assert.equal(bin.frame.ref, null);
});

test('kind 0 push carries its payload as bytes; truncated or unknown binary frames are refused', () => {
  const parts = ['1', '2', 't', 'e'].map((s) => Buffer.from(s));
  const push = Buffer.concat([Buffer.from([0, 1, 1, 1, 1]), ...parts, Buffer.from([7])]);
  const d = decodeFrame(push, true, '2.0.0');
  assert.ok(d.ok && Buffer.isBuffer(d.frame.payload));
  assert.equal(decodeFrame(Buffer.from([3, 5, 5]), true, '2.0.0').ok, false);
  assert.equal(decodeFrame(Buffer.from([9]), true, '2.0.0').ok, false);
  assert.equal(decodeFrame(Buffer.from([3, 0, 0, 0, 0, 0, 7]), true, '2.0.0').ok, false);
  assert.equal(decodeFrame(push, true, '1.0.0').ok, false);
});

test('kind 4 user broadcast out: header, fields, raw payload; over-long fields give null', () => {
  const b = encodeBinaryBroadcast('realtime:a', 'ev', Buffer.from([5, 6]), { id: 'x' })!;
  const meta = Buffer.from('{"id":"x"}');
  assert.deepEqual([...b.subarray(0, 5)], [4, 10, 2, meta.length, 0]);
  assert.equal(b.subarray(5, 15).toString(), 'realtime:a');
  assert.deepEqual([...b.subarray(b.length - 2)], [5, 6]);
  assert.equal(encodeBinaryBroadcast('t'.repeat(256), 'e', Buffer.alloc(0)), null);
});
