import { currencyDigits } from '../core/money';
import { DomainError, ErrorCode } from '../core/errors';

/** Exchange rates are fixed-point decimals with this many places (numeric(18,8) in the database). */
export const RATE_SCALE = 8;
const RATE_ONE = 10n ** BigInt(RATE_SCALE);

/** Parses "1.0873" into the scaled integer 108730000; refuses zero, negatives and > 8 places. */
export function parseRate(rate: string, field = 'exchangeRate'): bigint {
  const m = /^(\d{1,10})(?:\.(\d{1,8}))?$/.exec(rate.trim());
  if (!m) {
    throw new DomainError(ErrorCode.INVALID_VALUE, `"${rate}" is not a rate (up to 8 decimal places).`, field);
  }
  const scaled = BigInt(m[1] + (m[2] ?? '').padEnd(RATE_SCALE, '0'));
  if (scaled <= 0n) throw new DomainError(ErrorCode.INVALID_VALUE, 'An exchange rate must be positive.', field);
  return scaled;
}

/** The canonical fixed-scale string of a scaled rate, e.g. 108730000n → "1.08730000". */
export function formatRate(scaled: bigint): string {
  const s = scaled.toString().padStart(RATE_SCALE + 1, '0');
  return `${s.slice(0, -RATE_SCALE)}.${s.slice(-RATE_SCALE)}`;
}

/** Rounds num/den to the nearest integer, halves away from zero (den > 0). */
export function divHalfUp(num: bigint, den: bigint): bigint {
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const q = (abs * 2n + den) / (2n * den);
  return neg ? -q : q;
}

/**
 * Converts minor units of `from` into minor units of `to` at a scaled rate, with bigint
 * arithmetic only; the result is rounded half-up on the target minor unit.
 */
export function convertMinor(amountMinor: bigint, from: string, to: string, scaledRate: bigint): bigint {
  const fd = currencyDigits(from);
  const td = currencyDigits(to);
  if (fd === null || td === null) throw new Error(`unknown currency ${from}/${to}`);
  const num = amountMinor * scaledRate * 10n ** BigInt(td);
  const den = RATE_ONE * 10n ** BigInt(fd);
  return divHalfUp(num, den);
}

export const RATE_IDENTITY = formatRate(RATE_ONE);
