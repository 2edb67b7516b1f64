import cc from 'currency-codes';
import { DomainError, ErrorCode } from './errors';

const digitsByCode = new Map<string, number | null>();

/** Number of minor-unit digits of an ISO 4217 currency, or null if the code is unknown. */
export function currencyDigits(code: string): number | null {
  // Memoised: currency-codes scans its whole table, and every Money of a response asks.
  let d = digitsByCode.get(code);
  if (d === undefined) {
    d = cc.code(code)?.digits ?? null;
    if (digitsByCode.size < 1000) digitsByCode.set(code, d);
  }
  return d;
}

export function assertCurrency(code: string, field = 'currency'): string {
  const upper = code.toUpperCase();
  if (!/^[A-Z]{3}$/.test(upper) || currencyDigits(upper) === null) {
    throw new DomainError(ErrorCode.INVALID_CURRENCY, `Unknown ISO 4217 currency "${code}".`, field);
  }
  return upper;
}

/** Formats minor units as a decimal string with the currency's precision (no floats). */
export function formatMinor(minor: bigint, currency: string): string {
  const digits = currencyDigits(currency) ?? 2;
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  if (digits === 0) return `${negative ? '-' : ''}${abs}`;
  const s = abs.toString().padStart(digits + 1, '0');
  return `${negative ? '-' : ''}${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** Shape of a non-negative decimal amount input ("1234.50"); precision is checked by parseDecimal. */
export const DECIMAL_AMOUNT = /^\d{1,15}(\.\d+)?$/;

/** Parses a decimal string ("1234.50") into minor units; refuses more precision than the currency has. */
export function parseDecimal(amount: string, currency: string, field = 'amount'): bigint {
  const digits = currencyDigits(currency);
  if (digits === null) throw new DomainError(ErrorCode.INVALID_CURRENCY, `Unknown currency "${currency}".`, field);
  const m = /^(-)?(\d{1,15})(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) throw new DomainError(ErrorCode.INVALID_VALUE, `"${amount}" is not a decimal amount.`, field);
  const frac = m[3] ?? '';
  if (frac.length > digits) {
    throw new DomainError(ErrorCode.INVALID_VALUE, `${currency} has ${digits} decimal places at most.`, field);
  }
  const minor = BigInt(m[2] + frac.padEnd(digits, '0'));
  return m[1] ? -minor : minor;
}

/** Splits `total` by integer weights; remainders go to the first parts so the sum is exact. */
export function allocate(total: bigint, weights: number[]): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0 || weights.some((w) => w < 0 || !Number.isInteger(w))) throw new Error('invalid weights');
  const parts = weights.map((w) => (total * BigInt(w)) / BigInt(sum));
  let rest = total - parts.reduce((a, b) => a + b, 0n);
  for (let i = 0; rest > 0n; i = (i + 1) % parts.length) {
    if (weights[i] === 0) continue;
    parts[i] += 1n;
    rest -= 1n;
  }
  return parts;
}
