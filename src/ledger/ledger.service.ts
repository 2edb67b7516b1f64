import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Fund } from '../funds/fund.entity';
import { Account, LedgerEntry, LedgerEventKind, newTxnId } from './ledger-entry.entity';

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

/** Locks the fund row until the transaction ends: money decisions on one fund queue here. */
export async function lockFund(tx: EntityManager, fundId: string): Promise<Fund> {
  return tx.findOneOrFail(Fund, { id: fundId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

export interface AccountBalances {
  /** debit − credit per account (asset/expense sign); liabilities and income are negative. */
  net: Record<Account, bigint>;
  /** Sums by event kind, for derived figures. */
  byKind: Partial<Record<LedgerEventKind, { debit: Record<Account, bigint>; credit: Record<Account, bigint> }>>;
}

const zero = (): Record<Account, bigint> =>
  Object.fromEntries(Object.values(Account).map((a) => [a, 0n])) as Record<Account, bigint>;

/** Sums the lines of a fund (optionally up to a value date, exclusive end). */
export async function accountBalances(
  em: EntityManager,
  fundId: string,
  opts: { before?: string; from?: string } = {},
): Promise<AccountBalances> {
  const params: unknown[] = [fundId];
  let where = 'fund_id = ?';
  if (opts.from) {
    where += ' and value_date >= ?';
    params.push(opts.from);
  }
  if (opts.before) {
    where += ' and value_date < ?';
    params.push(opts.before);
  }
  const rows = await em.execute<{ account: Account; kind: LedgerEventKind; debit: string; credit: string }[]>(
    `select account, kind, coalesce(sum(debit_minor), 0)::text as debit, coalesce(sum(credit_minor), 0)::text as credit
       from ledger_entry where ${where} group by account, kind`,
    params,
  );
  const net = zero();
  const byKind: AccountBalances['byKind'] = {};
  for (const r of rows) {
    const d = BigInt(r.debit);
    const c = BigInt(r.credit);
    net[r.account] += d - c;
    const k = (byKind[r.kind] ??= { debit: zero(), credit: zero() });
    k.debit[r.account] += d;
    k.credit[r.account] += c;
  }
  return { net, byKind };
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

export async function fundFigures(em: EntityManager, fundId: string): Promise<FundFigures> {
  return figures(await accountBalances(em, fundId));
}
