import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { Fund } from '../funds/fund.entity';
import type { Account, LedgerEventKind } from './ledger-entry.entity';

/** The SQL that answers questions about a fund's ledger; services, checks and loaders call these by name. */

/** Locks the fund row until the transaction ends: money decisions on one fund queue here. */
export async function lockFund(tx: EntityManager, fundId: string): Promise<Fund> {
  return tx.findOneOrFail(Fund, { id: fundId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

/**
 * `lockFund` for the fund that `fundIdSql` (a one-value subquery on `params`, e.g. a tranche's
 * award's fund) names: the look-up and the lock in one statement. Null when it names none.
 */
export async function lockFundOf(tx: EntityManager, fundIdSql: string, params: unknown[]): Promise<Fund | null> {
  return tx
    .createQueryBuilder(Fund, 'f')
    .select('*')
    .where(`f.id = (${fundIdSql})`, params)
    .setLockMode(LockMode.PESSIMISTIC_WRITE)
    .getSingleResult();
}

export interface LedgerSum {
  fundId: string;
  account: Account;
  kind: LedgerEventKind;
  debit: bigint;
  credit: bigint;
}

/** Debits and credits per fund, account and event kind, optionally for value dates in [from, before). */
export async function ledgerSums(
  em: EntityManager,
  fundIds: readonly string[],
  period: { from?: string; before?: string } = {},
): Promise<LedgerSum[]> {
  if (fundIds.length === 0) return [];
  const params: unknown[] = [[...fundIds]];
  let where = 'fund_id in (?)';
  if (period.from) {
    where += ' and value_date >= ?';
    params.push(period.from);
  }
  if (period.before) {
    where += ' and value_date < ?';
    params.push(period.before);
  }
  const rows = await em.execute<
    { fund_id: string; account: Account; kind: LedgerEventKind; debit: string; credit: string }[]
  >(
    `select fund_id, account, kind, sum(debit_minor)::text as debit, sum(credit_minor)::text as credit
       from ledger_entry where ${where} group by fund_id, account, kind`,
    params,
  );
  return rows.map((r) => ({
    fundId: r.fund_id,
    account: r.account,
    kind: r.kind,
    debit: BigInt(r.debit),
    credit: BigInt(r.credit),
  }));
}

/** How many lines and balanced groups (transactions) a fund's ledger holds. */
export async function ledgerSize(em: EntityManager, fundId: string): Promise<{ lines: number; groups: number }> {
  const [row] = await em.execute<{ lines: string; groups: string }[]>(
    'select count(*)::text as lines, count(distinct txn_id)::text as groups from ledger_entry where fund_id = ?',
    [fundId],
  );
  return { lines: Number(row?.lines ?? 0), groups: Number(row?.groups ?? 0) };
}

/** Groups whose debits differ from their credits (none, unless the ledger was tampered with). */
export async function unbalancedGroups(em: EntityManager, fundId: string): Promise<string[]> {
  const rows = await em.execute<{ txn_id: string }[]>(
    `select txn_id from ledger_entry where fund_id = ? group by txn_id
      having sum(debit_minor) <> sum(credit_minor) order by txn_id`,
    [fundId],
  );
  return rows.map((r) => r.txn_id);
}

/** Debits and credits per account of a fund, in account order. */
export async function accountTotals(
  em: EntityManager,
  fundId: string,
): Promise<{ account: Account; debit: bigint; credit: bigint }[]> {
  const rows = await em.execute<{ account: Account; debit: string; credit: string }[]>(
    `select account, sum(debit_minor)::text as debit, sum(credit_minor)::text as credit
       from ledger_entry where fund_id = ? group by account order by account`,
    [fundId],
  );
  return rows.map((r) => ({ account: r.account, debit: BigInt(r.debit), credit: BigInt(r.credit) }));
}

/** What the ledger says contributions brought in: cash, support cost payable and income, for the given kinds. */
export async function contributionPostings(
  em: EntityManager,
  fundId: string,
  kinds: readonly LedgerEventKind[],
): Promise<{ cash: bigint; supportCost: bigint; income: bigint }> {
  const [row] = await em.execute<{ cash: string; sc: string; income: string }[]>(
    `select coalesce(sum(case when account = 'CASH' then debit_minor - credit_minor end), 0)::text as cash,
            coalesce(sum(case when account = 'SUPPORT_COST_PAYABLE' then credit_minor - debit_minor end), 0)::text as sc,
            coalesce(sum(case when account = 'CONTRIBUTIONS_INCOME' then credit_minor - debit_minor end), 0)::text as income
       from ledger_entry where fund_id = ? and source_type = 'Contribution' and kind in (?)`,
    [fundId, [...kinds]],
  );
  return { cash: BigInt(row.cash), supportCost: BigInt(row.sc), income: BigInt(row.income) };
}

/** Whether a line of this kind with this description is already booked for the source (a reference booked once). */
export async function isBooked(
  em: EntityManager,
  kind: LedgerEventKind,
  sourceId: string,
  description: string,
): Promise<boolean> {
  const [row] = await em.execute<{ n: string }[]>(
    `select count(*)::text as n from ledger_entry where kind = ? and source_id = ? and description = ?`,
    [kind, sourceId, description],
  );
  return Number(row?.n ?? 0) > 0;
}

/** The latest monthly rate up to `month` for every currency pair, keyed `CUR/BASE`. */
export async function latestRates(em: EntityManager, month: string): Promise<Map<string, string>> {
  const rows = await em.execute<{ currency: string; base_currency: string; rate: string }[]>(
    `select distinct on (currency, base_currency) currency, base_currency, rate::text as rate
       from exchange_rate where month <= ? order by currency, base_currency, month desc`,
    [month],
  );
  return new Map(rows.map((r) => [`${r.currency}/${r.base_currency}`, r.rate]));
}
