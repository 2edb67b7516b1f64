import 'reflect-metadata';
import { convertMinor, divHalfUp, formatRate, parseRate } from '../../src/ledger/fx';

describe('exchange-rate arithmetic', () => {
  it('parses rates to 8 fixed places and formats them back', () => {
    expect(parseRate('1.0873')).toBe(108_730_000n);
    expect(formatRate(parseRate('1.0873'))).toBe('1.08730000');
    expect(formatRate(parseRate('0.00666667'))).toBe('0.00666667');
    expect(formatRate(parseRate('12'))).toBe('12.00000000');
  });

  it('refuses zero, negatives, more than 8 places and junk', () => {
    for (const bad of ['0', '0.00000000', '-1', '1.123456789', 'abc', '1e3', '']) {
      expect(() => parseRate(bad)).toThrow();
    }
  });

  it('rounds half-up on the target minor unit', () => {
    expect(divHalfUp(5n, 10n)).toBe(1n);
    expect(divHalfUp(4n, 10n)).toBe(0n);
    expect(divHalfUp(15n, 10n)).toBe(2n);
    expect(divHalfUp(-15n, 10n)).toBe(-2n);
  });

  it('converts between currencies with different minor units without floats', () => {
    expect(convertMinor(10_000_000n, 'EUR', 'USD', parseRate('1.0873'))).toBe(10_873_000n);
    expect(convertMinor(1n, 'EUR', 'USD', parseRate('1.5'))).toBe(2n);
    expect(convertMinor(12_345n, 'JPY', 'USD', parseRate('0.00666667'))).toBe(8_230n);
    expect(convertMinor(100n, 'USD', 'JPY', parseRate('150.255'))).toBe(150n);
    expect(convertMinor(1_000n, 'USD', 'KWD', parseRate('0.3071'))).toBe(3_071n);
    // 2^63-scale amounts stay exact.
    expect(convertMinor(9_000_000_000_000_000n, 'USD', 'USD', parseRate('1'))).toBe(9_000_000_000_000_000n);
  });
});
