import { describe, expect, it } from 'vitest';
import { compareRate, monthOf, parseRate } from './wire-rate';

describe('a wire rate against the month’s stored rate', () => {
  it('reads rates with up to 8 decimal places and refuses anything else', () => {
    expect(parseRate('1.1')).toBe(110_000_000n);
    expect(parseRate('0.00000001')).toBe(1n);
    expect(parseRate('1.123456789')).toBeNull();
    expect(parseRate('0')).toBeNull();
    expect(parseRate('-1.1')).toBeNull();
    expect(parseRate('1,1')).toBeNull();
  });

  it('uses the stored rate when none is given, and flags a month without one', () => {
    expect(compareRate(null, '1.10000000', 200)).toEqual({ verdict: 'STORED', deviationBps: null });
    expect(compareRate('1.25', null, 200)).toEqual({ verdict: 'NO_STORED_RATE', deviationBps: null });
  });

  it('decides the tolerance as the API does (2 %: 1.12 passes, 1.13 waits, against 1.10)', () => {
    expect(compareRate('1.12', '1.10000000', 200)).toEqual({ verdict: 'WITHIN_TOLERANCE', deviationBps: 182 });
    expect(compareRate('1.13', '1.10000000', 200)).toEqual({ verdict: 'AWAITING_CONFIRMATION', deviationBps: 273 });
    expect(compareRate('1.00', '1.10000000', 200)).toEqual({ verdict: 'AWAITING_CONFIRMATION', deviationBps: -909 });
    expect(compareRate('1.13', '1.10000000', 500).verdict).toBe('WITHIN_TOLERANCE');
  });

  it('counts exactly at the edge: a deviation of exactly the tolerance is within it', () => {
    expect(compareRate('1.02', '1.00', 200).verdict).toBe('WITHIN_TOLERANCE');
    expect(compareRate('1.02000001', '1.00', 200).verdict).toBe('AWAITING_CONFIRMATION');
  });

  it('gives the month of a value date', () => {
    expect(monthOf('2026-11-10')).toBe('2026-11');
    expect(monthOf('2026-11')).toBeNull();
  });
});
