import fc from 'fast-check';
import { SUPPRESSED, suppressDimension } from '../../src/statistics/suppression';

const cells = (counts: Record<string, number>) => Object.entries(counts).map(([key, count]) => ({ key, count }));
const values = (d: { cells: { key: string; value: string }[] }) =>
  Object.fromEntries(d.cells.map((c) => [c.key, c.value]));

describe('suppressDimension', () => {
  it('publishes counts of 5 and more and zeros as they are', () => {
    const d = suppressDimension(30, cells({ FEMALE: 20, MALE: 10, OTHER_OR_UNKNOWN: 0 }));
    expect(d).toEqual({
      total: '30',
      cells: [
        { key: 'FEMALE', value: '20' },
        { key: 'MALE', value: '10' },
        { key: 'OTHER_OR_UNKNOWN', value: '0' },
      ],
    });
  });

  it('shows every count from 1 to 4 as "<5"', () => {
    const d = suppressDimension(20, cells({ A: 1, B: 4, C: 15 }));
    expect(values(d)).toEqual({ A: SUPPRESSED, B: SUPPRESSED, C: '15' });
  });

  it('suppresses the next smallest non-zero cell when only one cell is small, so it cannot be subtracted back', () => {
    const d = suppressDimension(40, cells({ FEMALE: 28, MALE: 9, OTHER_OR_UNKNOWN: 3 }));
    expect(values(d)).toEqual({ FEMALE: '28', MALE: SUPPRESSED, OTHER_OR_UNKNOWN: SUPPRESSED });
    expect(d.total).toBe('40');
  });

  it('chooses a non-zero complement, never a zero cell', () => {
    const d = suppressDimension(12, cells({ A: 0, B: 2, C: 10, D: 0 }));
    expect(values(d)).toEqual({ A: '0', B: SUPPRESSED, C: SUPPRESSED, D: '0' });
  });

  it('suppresses the total and every cell, zeros included, when the total is below 5', () => {
    const d = suppressDimension(3, cells({ FEMALE: 3, MALE: 0 }));
    expect(d).toEqual({
      total: SUPPRESSED,
      cells: [
        { key: 'FEMALE', value: SUPPRESSED },
        { key: 'MALE', value: SUPPRESSED },
      ],
    });
  });

  it('publishes an empty dimension as zeros', () => {
    expect(suppressDimension(0, cells({ A: 0, B: 0 }))).toEqual({
      total: '0',
      cells: [
        { key: 'A', value: '0' },
        { key: 'B', value: '0' },
      ],
    });
  });

  it('suppresses everything in an additive dimension whose single small cell has no complement', () => {
    expect(values(suppressDimension(10, cells({ A: 3, B: 0 })))).toEqual({ A: SUPPRESSED, B: SUPPRESSED });
    // Multi-valued breakdowns (assistance) do not add up to the total: nothing to subtract.
    expect(values(suppressDimension(10, cells({ A: 3, B: 0 }), false))).toEqual({ A: SUPPRESSED, B: '0' });
  });

  it('refuses negative or fractional counts', () => {
    expect(() => suppressDimension(5, cells({ A: -1 }))).toThrow(/non-negative integer/);
    expect(() => suppressDimension(5.5, [])).toThrow(/non-negative integer/);
  });

  it('never lets a small cell be recovered from the total and the published cells (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(40), { minLength: 1, maxLength: 7 }), (counts) => {
        const total = counts.reduce((a, b) => a + b, 0);
        const input = counts.map((count, i) => ({ key: `k${i}`, count }));
        const d = suppressDimension(total, input);
        const hidden = d.cells.filter((c) => c.value === SUPPRESSED);
        // No small count is ever published as a number.
        input.forEach((c, i) => {
          if (c.count > 0 && c.count < 5) expect(d.cells[i]!.value).toBe(SUPPRESSED);
        });
        if (d.total === SUPPRESSED) {
          expect(hidden).toHaveLength(input.length);
        } else {
          // Zero or at least two hidden cells: the difference total − published is never one cell.
          expect(hidden.length === 0 || hidden.length >= 2).toBe(true);
        }
      }),
    );
  });
});
