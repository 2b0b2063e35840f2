import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { stripApiKeyParam } from '../src/auth-hook.ts';

const strip = (url: string) => stripApiKeyParam({ url } as IncomingMessage);

test('apikey is taken off the query string and the rest is kept byte for byte', () => {
  assert.equal(strip('/rest/v1/t?apikey=k&select=a,b&name=eq.%22x%22'), '/rest/v1/t?select=a,b&name=eq.%22x%22');
  assert.equal(strip('/rest/v1/t?select=*&apikey=k'), '/rest/v1/t?select=*');
  assert.equal(strip('/realtime/v1/websocket?apikey=k'), '/realtime/v1/websocket');
  assert.equal(strip('/rest/v1/t?myapikey=eq.1'), '/rest/v1/t?myapikey=eq.1');
  assert.equal(strip('/rest/v1/t'), '/rest/v1/t');
});
