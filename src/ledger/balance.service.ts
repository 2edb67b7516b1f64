import type { EntityManager } from '@mikro-orm/postgresql';
import { Money } from '../graphql/money';
import { Fund } from '../funds/fund.entity';
import { Account, LedgerEventKind } from './ledger-entry.entity';
import { AccountBalances, figures } from './ledger.service';
import { convertMinor, parseRate } from './fx';
import { FundBalance } from './ledger.types';
import { required } from '../core/required';

const zero = (): Record<Account, bigint> =>
  Object.fromEntries(Object.values(Account).map((a) => [a, 0n])) as Record<Account, bigint>;

/** `accountBalances` for many funds in one statement (for `Fund.balance` on a list of funds). */
export async function accountBalancesMany(em: EntityManager, fundIds: readonly string[]): Promise<AccountBalances[]> {
  if (fundIds.length === 0) return [];
  const rows = await em.execute<
    { fund_id: string; account: Account; kind: LedgerEventKind; debit: string; credit: string }[]
  >(
    `select fund_id, account, kind, sum(debit_minor)::text as debit, sum(credit_minor)::text as credit
       from ledger_entry where fund_id in (?) group by fund_id, account, kind`,
    [[...fundIds]],
  );
  const out = new Map<string, AccountBalances>(fundIds.map((id) => [id, { net: zero(), byKind: {} }]));
  for (const r of rows) {
    const b = required(out.get(r.fund_id), 'out.get(r.fund_id)');
    const d = BigInt(r.debit);
    const c = BigInt(r.credit);
    b.net[r.account] += d - c;
    const k = (b.byKind[r.kind] ??= { debit: zero(), credit: zero() });
    k.debit[r.account] += d;
    k.credit[r.account] += c;
  }
  return fundIds.map((id) => required(out.get(id), 'out.get(id)'));
}

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
 */
export async function pledgedUnpaidMany(em: EntityManager, funds: readonly Fund[], month: string) {
  const ids = funds.map((f) => f.id);
  if (ids.length === 0) return [];
  const rows = await em.execute<{ fund_id: string; currency: string; unpaid: string; n: string }[]>(
    `select fund_id, currency, sum(amount_minor - paid_minor)::text as unpaid, count(*)::text as n
       from pledge where fund_id in (?) and status in ('PLEDGED', 'PARTIALLY_PAID')
        and amount_minor > paid_minor group by fund_id, currency`,
    [ids],
  );
  const rates = await em.execute<{ currency: string; base_currency: string; rate: string }[]>(
    `select distinct on (currency, base_currency) currency, base_currency, rate::text as rate
       from exchange_rate where month <= ? order by currency, base_currency, month desc`,
    [month],
  );
  const rateOf = new Map(rates.map((r) => [`${r.currency}/${r.base_currency}`, r.rate]));
  const byFund = new Map(funds.map((f) => [f.id, { minor: 0n, withoutRate: 0 } as PledgedUnpaid]));
  const baseOf = new Map(funds.map((f) => [f.id, f.baseCurrency]));
  for (const r of rows) {
    const acc = required(byFund.get(r.fund_id), 'byFund.get(r.fund_id)');
    const base = required(baseOf.get(r.fund_id), 'baseOf.get(r.fund_id)');
    if (r.currency === base) acc.minor += BigInt(r.unpaid);
    else {
      const rate = rateOf.get(`${r.currency}/${base}`);
      if (rate) acc.minor += convertMinor(BigInt(r.unpaid), r.currency, base, parseRate(rate));
      else acc.withoutRate += Number(r.n);
    }
  }
  return funds.map((f) => required(byFund.get(f.id), 'byFund.get(f.id)'));
}
