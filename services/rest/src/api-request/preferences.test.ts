// The Prefer header: every category, first value wins, spaces, unknown tokens, tx override, and
// the Preference-Applied list per action.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { appliedPreferences, parsePreferences } from './preferences.ts';
import type { Preferences } from './types.ts';

describe('Prefer parsing', () => {
  const cases: [string | undefined, Preferences, boolean?][] = [
    [undefined, { invalid: [] }],
    ['return=representation', { return: 'representation', invalid: [] }],
    ['return=minimal', { return: 'minimal', invalid: [] }],
    ['return=headers-only', { return: 'headers-only', invalid: [] }],
    ['resolution=merge-duplicates, count=exact, return=representation',
      { resolution: 'merge-duplicates', count: 'exact', return: 'representation', invalid: [] }],
    ['count=planned', { count: 'planned', invalid: [] }],
    ['count=estimated', { count: 'estimated', invalid: [] }],
    ['resolution=ignore-duplicates', { resolution: 'ignore-duplicates', invalid: [] }],
    ['missing=default', { missing: 'default', invalid: [] }],
    ['missing=null', { missing: 'null', invalid: [] }],
    ['handling=strict,   max-affected=5', { handling: 'strict', maxAffected: 5, invalid: [] }],
    ['handling=lenient', { handling: 'lenient', invalid: [] }],
    ['timezone=America/Los_Angeles', { timezone: 'America/Los_Angeles', invalid: [] }],
    ['tx=rollback', { invalid: [] }],
    ['tx=rollback', { tx: 'rollback', invalid: [] }, true],
    ['tx=commit, tx=rollback', { tx: 'commit', invalid: [] }, true],
    ['return=minimal, return=representation', { return: 'minimal', invalid: [] }],
    ['count=bogus, count=exact', { count: 'exact', invalid: ['count=bogus'] }],
    ['foo, bar=1', { invalid: ['foo', 'bar=1'] }],
    ['params=single-object', { params: 'single-object', invalid: ['params=single-object'] }],
    ['max-affected=abc', { invalid: [] }],
    ['return=minimal,', { return: 'minimal', invalid: [] }],
  ];
  for (const [header, expected, tx] of cases) {
    test(`parses ${JSON.stringify(header)}`, () => {
      assert.deepStrictEqual(parsePreferences(header, { txAllowOverride: tx ?? false }), expected);
    });
  }
});

describe('Preference-Applied', () => {
  const all = parsePreferences(
    'max-affected=3, timezone=UTC, handling=strict, tx=commit, count=exact, return=representation, missing=default, resolution=merge-duplicates',
    { txAllowOverride: true },
  );
  test('insert reports everything but max-affected, in PostgREST order', () => {
    assert.deepStrictEqual(appliedPreferences(all, 'insert'), [
      'resolution=merge-duplicates', 'missing=default', 'return=representation', 'count=exact', 'tx=commit',
      'handling=strict', 'timezone=UTC',
    ]);
  });
  test('update reports missing and max-affected but not resolution', () => {
    assert.deepStrictEqual(appliedPreferences(all, 'update'), [
      'missing=default', 'return=representation', 'count=exact', 'tx=commit', 'handling=strict', 'timezone=UTC', 'max-affected=3',
    ]);
  });
  test('reads report no mutation preferences', () => {
    assert.deepStrictEqual(appliedPreferences(all, 'read'), ['count=exact', 'tx=commit', 'handling=strict', 'timezone=UTC']);
  });
  test('calls report max-affected with strict handling', () => {
    assert.ok(appliedPreferences(all, 'call').includes('max-affected=3'));
    const lenient = parsePreferences('max-affected=3');
    assert.deepStrictEqual(appliedPreferences(lenient, 'delete'), []);
  });
  test('resolution is dropped when the table has no PK and no on_conflict', () => {
    assert.ok(!appliedPreferences(all, 'insert', { resolutionApplies: false }).some((t) => t.startsWith('resolution')));
  });
});
