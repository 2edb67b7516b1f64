import { describe, expect, it } from 'vitest';
import { tokenOfHash } from './reset-token';

describe('tokenOfHash', () => {
  it('reads the token of the e-mail link’s fragment', () => {
    expect(tokenOfHash('#token=abc_DEF-123')).toBe('abc_DEF-123');
    expect(tokenOfHash('token=abc')).toBe('abc');
    expect(tokenOfHash('#other=1&token=xyz')).toBe('xyz');
  });
  it('is empty when the fragment has no token', () => {
    expect(tokenOfHash('')).toBe('');
    expect(tokenOfHash('#')).toBe('');
    expect(tokenOfHash('#token=')).toBe('');
    expect(tokenOfHash('#tok=abc')).toBe('');
  });
});
