import fc from 'fast-check';
import { Account, LedgerEventKind } from '../../src/ledger/ledger-entry.entity';
import type { AccountBalances } from '../../src/ledger/ledger.service';
import { movements, parsePeriod, position } from '../../src/statements/statement.service';

const zero = () => Object.fromEntries(Object.values(Account).map((a) => [a, 0n])) as Record<Account, bigint>;

/** Sums balanced groups the way accountBalances does. */
function balances(
  groups: { kind: LedgerEventKind; debit: Account; credit: Account; minor: bigint }[],
): AccountBalances {
  const b: AccountBalances = { net: zero(), byKind: {} };
  for (const g of groups) {
    const k = (b.byKind[g.kind] ??= { debit: zero(), credit: zero() });
    k.debit[g.debit] += g.minor;
    k.credit[g.credit] += g.minor;
    b.net[g.debit] += g.minor;
    b.net[g.credit] -= g.minor;
  }
  return b;
}

const group = fc.record({
  kind: fc.constantFrom(...Object.values(LedgerEventKind)),
  debit: fc.constantFrom(...Object.values(Account)),
  credit: fc.constantFrom(...Object.values(Account)),
  minor: fc.bigInt({ min: 1n, max: 10n ** 12n }),
});

describe('statement movements', () => {
  it('add up to the change of cash, commitments and support cost payable for any groups of any kind', () => {
    fc.assert(
      fc.property(fc.array(group, { maxLength: 40 }), (groups) => {
        const p = position(balances(groups));
        const m = movements(balances(groups));
        expect(m.receipts + m.grantRefundsReceived + m.otherCashMovements - m.refundsToDonors - m.disbursements).toBe(
          p.cash,
        );
        expect(m.awardsCommitted + m.otherCommitmentChanges - m.commitmentsReleased - m.commitmentsDisbursed).toBe(
          p.commitments,
        );
        expect(m.supportCosts + m.otherSupportCostChanges).toBe(p.supportCostPayable);
      }),
    );
  });

  it('puts each contract event in its own line of the statement', () => {
    const m = movements(
      balances([
        { kind: LedgerEventKind.TRANCHE_PAID, debit: Account.GRANTS_PAYABLE, credit: Account.CASH, minor: 700n },
        { kind: LedgerEventKind.GRANT_REFUND_RECEIVED, debit: Account.CASH, credit: Account.GRANT_EXPENSE, minor: 50n },
        {
          kind: LedgerEventKind.COMMITMENT_RELEASED,
          debit: Account.GRANTS_PAYABLE,
          credit: Account.GRANT_EXPENSE,
          minor: 300n,
        },
        {
          kind: LedgerEventKind.AWARD_COMMITTED,
          debit: Account.GRANT_EXPENSE,
          credit: Account.GRANTS_PAYABLE,
          minor: 1000n,
        },
      ]),
    );
    expect(m).toMatchObject({
      disbursements: 700n,
      commitmentsDisbursed: 700n,
      grantRefundsReceived: 50n,
      commitmentsReleased: 300n,
      awardsCommitted: 1000n,
      otherCashMovements: 0n,
      otherCommitmentChanges: 0n,
    });
  });

  it('accepts a period of one day and refuses impossible dates', () => {
    expect(parsePeriod('2026-02-28', '2026-02-28')).toEqual({ from: '2026-02-28', to: '2026-02-28' });
    expect(() => parsePeriod('2026-02-29', '2026-03-01')).toThrow(/YYYY-MM-DD/);
    expect(() => parsePeriod('2026-03-02', '2026-03-01')).toThrow(/after/);
  });
});
