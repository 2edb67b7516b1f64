/**
 * Statistical disclosure control for public counts of victims (any cell below 5 is suppressed; docs/transparency.md).
 *
 * Rules, per dimension (one breakdown of the same total, e.g. by sex):
 * 1. A count from 1 to 4 is published as "<5" (primary suppression).
 * 2. 0 is published as "0" when the total is at least 5: an empty category singles nobody out, and
 *    hiding zeros would make every small table unreadable.
 * 3. If the total itself is from 1 to 4, everything is "<5", the total and every cell, zeros
 *    included (a zero next to a tiny total would tell what the few victims have in common).
 * 4. Complementary suppression: if exactly one cell of a dimension is suppressed, the total minus
 *    the published cells would give it back, so the smallest other non-zero cell is suppressed too
 *    (ties: the first in the dimension's order). In an additive dimension where no such cell exists
 *    (inconsistent input), every cell is suppressed.
 */

export const THRESHOLD = 5;
export const SUPPRESSED = '<5';

export interface Cell {
  key: string;
  count: number;
}

export interface PublishedCell {
  key: string;
  /** A non-negative integer as a string, or "<5". */
  value: string;
}

export interface PublishedDimension {
  total: string;
  cells: PublishedCell[];
}

const small = (n: number) => n > 0 && n < THRESHOLD;

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer, got ${n}`);
}

export function publishTotal(total: number): string {
  assertCount(total, 'total');
  return small(total) ? SUPPRESSED : String(total);
}

/**
 * Publishes one dimension. `additive`: the cells add up to the total (sex, age group, form of
 * exploitation); false for multi-valued breakdowns (type of assistance), where rule 4 still applies
 * but a missing complement is not a leak.
 */
export function suppressDimension(total: number, cells: Cell[], additive = true): PublishedDimension {
  assertCount(total, 'total');
  cells.forEach((c) => assertCount(c.count, c.key));
  if (small(total)) {
    return { total: SUPPRESSED, cells: cells.map((c) => ({ key: c.key, value: SUPPRESSED })) };
  }
  const hidden = new Set(cells.filter((c) => small(c.count)).map((c) => c.key));
  if (hidden.size === 1) {
    const complement = cells
      .filter((c) => !hidden.has(c.key) && c.count > 0)
      .reduce<Cell | null>((best, c) => (best === null || c.count < best.count ? c : best), null);
    if (complement) hidden.add(complement.key);
    else if (additive) cells.forEach((c) => hidden.add(c.key));
  }
  return {
    total: String(total),
    cells: cells.map((c) => ({ key: c.key, value: hidden.has(c.key) ? SUPPRESSED : String(c.count) })),
  };
}
