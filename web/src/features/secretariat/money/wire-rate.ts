/**
 * A wire's exchange rate against the month's stored rate, as `recordWireContribution` checks it
 * (src/contributions/wire.service.ts `checkRate`): exact integers with 8 decimal places, beyond the
 * tolerance when |given − stored| × 10 000 > toleranceBps × stored.
 */

const PLACES = 8;

/** A rate as an integer of 10⁻⁸ units; null when it is not a positive decimal with at most 8 places. */
export function parseRate(rate: string): bigint | null {
  const m = /^\s*(\d+)(?:\.(\d{0,8}))?\s*$/.exec(rate);
  if (!m) return null;
  const scaled = BigInt(m[1]) * 10n ** BigInt(PLACES) + BigInt((m[2] ?? '').padEnd(PLACES, '0') || '0');
  return scaled > 0n ? scaled : null;
}

export type RateVerdict = 'STORED' | 'NO_STORED_RATE' | 'WITHIN_TOLERANCE' | 'AWAITING_CONFIRMATION';

export interface RateComparison {
  verdict: RateVerdict;
  /** Signed deviation of the given rate from the stored one, in basis points (rounded), when both exist. */
  deviationBps: number | null;
}

/** What the API will decide for this rate (null given: the month's rate is used). */
export function compareRate(given: string | null, stored: string | null, toleranceBps: number): RateComparison {
  if (!given) return { verdict: 'STORED', deviationBps: null };
  if (!stored) return { verdict: 'NO_STORED_RATE', deviationBps: null };
  const g = parseRate(given);
  const s = parseRate(stored);
  if (g === null || s === null) return { verdict: 'NO_STORED_RATE', deviationBps: null };
  const diff = g > s ? g - s : s - g;
  const beyond = diff * 10_000n > BigInt(toleranceBps) * s;
  // Rounded half away from zero, for display only; the verdict above is exact.
  const bps = Number(((g - s) * 10_000n * 2n + (g >= s ? s : -s)) / (2n * s));
  return { verdict: beyond ? 'AWAITING_CONFIRMATION' : 'WITHIN_TOLERANCE', deviationBps: bps };
}

/** The month (YYYY-MM) of a YYYY-MM-DD value date, or null. */
export function monthOf(valueDate: string): string | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(valueDate) ? valueDate.slice(0, 7) : null;
}
