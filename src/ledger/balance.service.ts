import type { EntityManager } from '@mikro-orm/postgresql';
import { Money } from '../graphql/money';
import { Fund } from '../funds/fund.entity';
import { Account, LedgerEventKind } from './ledger-entry.entity';
import { type AccountBalances, figures } from './ledger.service';
import { latestRates } from './ledger.repository';
import { openPledgeRemainders } from '../pledges/pledge.repository';
import { convertMinor, parseRate } from './fx';
import { FundBalance } from './ledger.types';
import { required } from '../core/required';

export const CONTRIBUTION_KINDS = [
  LedgerEventKind.CONTRIBUTION_RECEIVED,
  LedgerEventKind.CONTRIBUTION_REFUNDED,
  LedgerEventKind.CONTRIBUTION_DISPUTED,
  LedgerEventKind.CONTRIBUTION_DISPUTE_WON,
];

export interface PledgedUnpaid {
  minor: bigint;
  withoutRate: number;
}

/** The derived figures of a fund, in base-currency minor units. */
export function balanceFigures(b: AccountBalances) {
  const k = (kind: LedgerEventKind, side: 'debit' | 'credit', account: Account) =>
    b.byKind[kind]?.[side][account] ?? 0n;
  const f = figures(b);
  const supportCosts = CONTRIBUTION_KINDS.reduce(
    (sum, kind) =>
      sum + k(kind, 'credit', Account.SUPPORT_COST_PAYABLE) - k(kind, 'debit', Account.SUPPORT_COST_PAYABLE),
    0n,
  );
  return {
    received: k(LedgerEventKind.CONTRIBUTION_RECEIVED, 'debit', Account.CASH),
    supportCosts,
    refunded:
      k(LedgerEventKind.CONTRIBUTION_REFUNDED, 'credit', Account.CASH) +
      k(LedgerEventKind.CONTRIBUTION_DISPUTED, 'credit', Account.CASH) -
      k(LedgerEventKind.CONTRIBUTION_DISPUTE_WON, 'debit', Account.CASH),
    cash: f.cash,
    committed: f.committed,
    disbursed: k(LedgerEventKind.TRANCHE_PAID, 'credit', Account.CASH),
    available: f.available,
  };
}

export function toFundBalance(b: AccountBalances, currency: string, pledged: PledgedUnpaid): FundBalance {
  const f = balanceFigures(b);
  return Object.assign(new FundBalance(), {
    received: Money.of(f.received, currency),
    supportCosts: Money.of(f.supportCosts, currency),
    refunded: Money.of(f.refunded, currency),
    cash: Money.of(f.cash, currency),
    committed: Money.of(f.committed, currency),
    disbursed: Money.of(f.disbursed, currency),
    available: Money.of(f.available, currency),
    pledgedUnpaid: Money.of(pledged.minor, currency),
    pledgesWithoutRate: pledged.withoutRate,
  });
}

/**
 * Unpaid part of open pledges per fund, in its base currency: pledges in another currency
 * convert at the latest monthly rate up to `month`; those without any rate are counted apart.
 * `createdBefore` (a date) leaves out pledges made later (a statement's period end).
 */
export async function pledgedUnpaidMany(
  em: EntityManager,
  funds: readonly Fund[],
  month: string,
  createdBefore?: string,
): Promise<PledgedUnpaid[]> {
  if (funds.length === 0) return [];
  const rows = await openPledgeRemainders(
    em,
    funds.map((f) => f.id),
    createdBefore,
  );
  const rateOf = await latestRates(em, month);
  const byFund = new Map(funds.map((f) => [f.id, { minor: 0n, withoutRate: 0 } as PledgedUnpaid]));
  const baseOf = new Map(funds.map((f) => [f.id, f.baseCurrency]));
  for (const r of rows) {
    const acc = required(byFund.get(r.fundId), 'byFund.get(r.fundId)');
    const base = required(baseOf.get(r.fundId), 'baseOf.get(r.fundId)');
    if (r.currency === base) acc.minor += r.unpaid;
    else {
      const rate = rateOf.get(`${r.currency}/${base}`);
      if (rate) acc.minor += convertMinor(r.unpaid, r.currency, base, parseRate(rate));
      else acc.withoutRate += r.pledges;
    }
  }
  return funds.map((f) => required(byFund.get(f.id), 'byFund.get(f.id)'));
}
