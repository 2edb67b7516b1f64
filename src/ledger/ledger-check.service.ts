import type { EntityManager } from '@mikro-orm/postgresql';
import { Money } from '../graphql/money';
import type { Fund } from '../funds/fund.entity';
import { Account } from './ledger-entry.entity';
import { accountBalancesMany, CONTRIBUTION_KINDS, pledgedUnpaidMany, toFundBalance } from './balance.service';
import { AccountLine, LedgerCheck, LedgerDifference } from './ledger.types';

/**
 * Recomputes a fund's balances from its lines and compares them with the sub-ledger (what each
 * contribution says is booked). Any group that does not balance or any difference is reported.
 */
export async function ledgerCheck(em: EntityManager, fund: Fund, month: string): Promise<LedgerCheck> {
  const cur = fund.baseCurrency;
  const [stats] = await em.execute<{ lines: string; groups: string }[]>(
    'select count(*)::text as lines, count(distinct txn_id)::text as groups from ledger_entry where fund_id = ?',
    [fund.id],
  );
  const unbalanced = await em.execute<{ txn_id: string }[]>(
    `select txn_id from ledger_entry where fund_id = ? group by txn_id
      having sum(debit_minor) <> sum(credit_minor) order by txn_id`,
    [fund.id],
  );
  const accounts = await em.execute<{ account: Account; debit: string; credit: string }[]>(
    `select account, sum(debit_minor)::text as debit, sum(credit_minor)::text as credit
       from ledger_entry where fund_id = ? group by account order by account`,
    [fund.id],
  );
  const [fromLines] = await em.execute<{ cash: string; sc: string; income: string }[]>(
    `select coalesce(sum(case when account = 'CASH' then debit_minor - credit_minor end), 0)::text as cash,
            coalesce(sum(case when account = 'SUPPORT_COST_PAYABLE' then credit_minor - debit_minor end), 0)::text as sc,
            coalesce(sum(case when account = 'CONTRIBUTIONS_INCOME' then credit_minor - debit_minor end), 0)::text as income
       from ledger_entry where fund_id = ? and source_type = 'Contribution' and kind in (?)`,
    [fund.id, CONTRIBUTION_KINDS],
  );
  const [fromContributions] = await em.execute<{ base: string; sc: string }[]>(
    `select coalesce(sum(booked_base_minor), 0)::text as base, coalesce(sum(booked_support_cost_minor), 0)::text as sc
       from contribution where fund_id = ?`,
    [fund.id],
  );
  const compare: [string, bigint, bigint][] = [
    ['cash from contributions', BigInt(fromLines.cash), BigInt(fromContributions.base)],
    ['support cost payable from contributions', BigInt(fromLines.sc), BigInt(fromContributions.sc)],
    ['contributions income', BigInt(fromLines.income), BigInt(fromContributions.base) - BigInt(fromContributions.sc)],
  ];
  const totalDebit = accounts.reduce((s, a) => s + BigInt(a.debit), 0n);
  const totalCredit = accounts.reduce((s, a) => s + BigInt(a.credit), 0n);
  compare.push(['total debits vs total credits', totalDebit, totalCredit]);
  const differences = compare
    .filter(([, l, e]) => l !== e)
    .map(([item, l, e]) =>
      Object.assign(new LedgerDifference(), { item, ledger: Money.of(l, cur), expected: Money.of(e, cur) }),
    );
  const [balances] = await accountBalancesMany(em, [fund.id]);
  const [pledged] = await pledgedUnpaidMany(em, [fund], month);
  return Object.assign(new LedgerCheck(), {
    ok: unbalanced.length === 0 && differences.length === 0,
    lineCount: Number(stats.lines),
    groupCount: Number(stats.groups),
    unbalancedGroups: unbalanced.map((u) => u.txn_id),
    accounts: accounts.map((a) =>
      Object.assign(new AccountLine(), {
        account: a.account,
        debits: Money.of(BigInt(a.debit), cur),
        credits: Money.of(BigInt(a.credit), cur),
        net: Money.of(BigInt(a.debit) - BigInt(a.credit), cur),
      }),
    ),
    differences,
    balance: toFundBalance(balances, cur, pledged),
  });
}
