import { describe, expect, it } from 'vitest';
import { changes, show } from './diff';

describe('changes', () => {
  it('lists changed, added and removed fields, leaving the unchanged ones out', () => {
    expect(
      changes({ status: 'REQUESTED', amount: '100', note: 'x' }, { status: 'APPROVED', amount: '100', by: 'u1' }),
    ).toEqual([
      { field: 'status', before: 'REQUESTED', after: 'APPROVED', kind: 'changed' },
      { field: 'note', before: 'x', after: undefined, kind: 'removed' },
      { field: 'by', before: undefined, after: 'u1', kind: 'added' },
    ]);
  });

  it('treats a creation (no before) as every field added, and compares nested values by content', () => {
    expect(changes(null, { a: 1 })).toEqual([{ field: 'a', before: undefined, after: 1, kind: 'added' }]);
    expect(changes({ l: [1, { x: 2 }] }, { l: [1, { x: 2 }] })).toEqual([]);
  });
});

describe('show', () => {
  it('shows strings as they are and other values as JSON', () => {
    expect(show('VERIFIED')).toBe('VERIFIED');
    expect(show({ a: [1] })).toBe('{"a":[1]}');
    expect(show(undefined)).toBe('');
    expect(show(null)).toBe('null');
  });
});
