import type { EntityManager } from '@mikro-orm/postgresql';
import type { Fund } from '../funds/fund.entity';
import { Account, LedgerEntry, LedgerEventKind, newTxnId } from './ledger-entry.entity';
import { ledgerSums, type LedgerSum } from './ledger.repository';

export interface Line {
  account: Account;
  debit?: bigint;
  credit?: bigint;
}

export interface Posting {
  fund: Fund;
  kind: LedgerEventKind;
  sourceType: string;
  sourceId: string;
  description: string;
  /** ISO date the money moved (value date). */
  valueDate: string;
  lines: Line[];
}

/**
 * Writes one balanced group of lines in the caller's transaction. Checked here for a clear
 * error, and again by the database at commit (deferred constraint trigger).
 */
export function post(tx: EntityManager, p: Posting): LedgerEntry[] {
  if (!tx.isInTransaction()) throw new Error('ledger postings must run inside a transaction');
  let debits = 0n;
  let credits = 0n;
  for (const l of p.lines) {
    const d = l.debit ?? 0n;
    const c = l.credit ?? 0n;
    if (d < 0n || c < 0n || (d === 0n) === (c === 0n)) throw new Error(`invalid ledger line ${l.account} ${d}/${c}`);
    debits += d;
    credits += c;
  }
  if (debits !== credits) throw new Error(`unbalanced ledger group: debits ${debits} ≠ credits ${credits}`);
  const txnId = newTxnId();
  const entries = p.lines.map(
    (l) =>
      new LedgerEntry({
        txnId,
        fund: p.fund,
        account: l.account,
        debitMinor: l.debit ?? 0n,
        creditMinor: l.credit ?? 0n,
        currency: p.fund.baseCurrency,
        kind: p.kind,
        sourceType: p.sourceType,
        sourceId: p.sourceId,
        description: p.description,
        valueDate: p.valueDate,
      }),
  );
  tx.persist(entries);
  return entries;
}

export interface AccountBalances {
  /** debit − credit per account (asset/expense sign); liabilities and income are negative. */
  net: Record<Account, bigint>;
  /** Sums by event kind, for derived figures. */
  byKind: Partial<Record<LedgerEventKind, { debit: Record<Account, bigint>; credit: Record<Account, bigint> }>>;
}

const zero = (): Record<Account, bigint> =>
  Object.fromEntries(Object.values(Account).map((a) => [a, 0n])) as Record<Account, bigint>;

/** Folds summed lines into balances, one per fund in the order asked. */
export function balancesOf(fundIds: readonly string[], sums: readonly LedgerSum[]): AccountBalances[] {
  const out = new Map<string, AccountBalances>(fundIds.map((id) => [id, { net: zero(), byKind: {} }]));
  for (const r of sums) {
    const b = out.get(r.fundId);
    if (!b) continue;
    b.net[r.account] += r.debit - r.credit;
    const k = (b.byKind[r.kind] ??= { debit: zero(), credit: zero() });
    k.debit[r.account] += r.debit;
    k.credit[r.account] += r.credit;
  }
  return fundIds.map((id) => out.get(id) ?? { net: zero(), byKind: {} });
}

/** Sums the lines of a fund (optionally for value dates in [from, before)). */
export async function accountBalances(
  em: EntityManager,
  fundId: string,
  period: { before?: string; from?: string } = {},
): Promise<AccountBalances> {
  const [b] = balancesOf([fundId], await ledgerSums(em, [fundId], period));
  return b;
}

/** `accountBalances` for many funds in one statement (for `Fund.balance` on a list of funds). */
export async function accountBalancesMany(em: EntityManager, fundIds: readonly string[]): Promise<AccountBalances[]> {
  return balancesOf(fundIds, await ledgerSums(em, fundIds));
}

/** The figures a fund manager steers by, all in base-currency minor units. */
export interface FundFigures {
  cash: bigint;
  /** Outstanding award commitments (grants payable). */
  committed: bigint;
  /** Programme support cost booked and not yet paid over. */
  supportCostPayable: bigint;
  /** cash − committed − support cost payable: what can still be awarded. */
  available: bigint;
}

export function figures(b: AccountBalances): FundFigures {
  const cash = b.net[Account.CASH];
  const committed = -b.net[Account.GRANTS_PAYABLE];
  const supportCostPayable = -b.net[Account.SUPPORT_COST_PAYABLE];
  return { cash, committed, supportCostPayable, available: cash - committed - supportCostPayable };
}
