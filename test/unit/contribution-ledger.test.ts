import 'reflect-metadata';
import fc from 'fast-check';
import { CONTRIBUTION_TRANSITIONS, supportCostOf } from '../../src/contributions/contribution.ledger';
import { ContributionStatus } from '../../src/contributions/contribution.entity';

describe('support cost on a net receipt', () => {
  it('is the rate of the amount with the remainder cent to support cost', () => {
    expect(supportCostOf(10_873_000n, 1300)).toBe(1_413_490n);
    expect(supportCostOf(1n, 1300)).toBe(1n);
    expect(supportCostOf(10_001n, 1300)).toBe(1_301n);
    expect(supportCostOf(0n, 1300)).toBe(0n);
    expect(supportCostOf(12_345n, 0)).toBe(0n);
    expect(supportCostOf(12_345n, 10_000)).toBe(12_345n);
  });

  it('never decreases with the net and moves at most one cent per cent, so partial reversals never turn a line negative', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 10_000 }), (net, bps) => {
        const a = supportCostOf(net, bps);
        const b = supportCostOf(net + 1n, bps);
        expect(b - a === 0n || b - a === 1n).toBe(true);
        expect(a >= 0n && a <= net).toBe(true);
      }),
    );
  });
});

describe('contribution status table', () => {
  it('has no way out of nothing and no self-loops', () => {
    for (const [from, tos] of Object.entries(CONTRIBUTION_TRANSITIONS)) {
      expect(tos).not.toContain(from as ContributionStatus);
    }
    expect(CONTRIBUTION_TRANSITIONS[ContributionStatus.PENDING]).toContain(ContributionStatus.RECEIVED);
  });
});
