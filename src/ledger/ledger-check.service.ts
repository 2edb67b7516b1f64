import type { EntityManager } from '@mikro-orm/postgresql';
import { Money } from '../graphql/money';
import type { Fund } from '../funds/fund.entity';
import { CONTRIBUTION_KINDS, pledgedUnpaidMany, toFundBalance } from './balance.service';
import { accountBalancesMany } from './ledger.service';
import { accountTotals, contributionPostings, ledgerSize, unbalancedGroups } from './ledger.repository';
import { bookedTotals } from '../contributions/contribution.repository';
import { AccountLine, LedgerCheck, LedgerDifference } from './ledger.types';

/**
 * Recomputes a fund's balances from its lines and compares them with the sub-ledger (what each
 * contribution says is booked). Any group that does not balance or any difference is reported.
 */
export async function ledgerCheck(em: EntityManager, fund: Fund, month: string): Promise<LedgerCheck> {
  const cur = fund.baseCurrency;
  const size = await ledgerSize(em, fund.id);
  const unbalanced = await unbalancedGroups(em, fund.id);
  const accounts = await accountTotals(em, fund.id);
  const fromLines = await contributionPostings(em, fund.id, CONTRIBUTION_KINDS);
  const fromContributions = await bookedTotals(em, fund.id);
  const compare: [string, bigint, bigint][] = [
    ['cash from contributions', fromLines.cash, fromContributions.base],
    ['support cost payable from contributions', fromLines.supportCost, fromContributions.supportCost],
    ['contributions income', fromLines.income, fromContributions.base - fromContributions.supportCost],
  ];
  const totalDebit = accounts.reduce((s, a) => s + a.debit, 0n);
  const totalCredit = accounts.reduce((s, a) => s + a.credit, 0n);
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
    lineCount: size.lines,
    groupCount: size.groups,
    unbalancedGroups: unbalanced,
    accounts: accounts.map((a) =>
      Object.assign(new AccountLine(), {
        account: a.account,
        debits: Money.of(a.debit, cur),
        credits: Money.of(a.credit, cur),
        net: Money.of(a.debit - a.credit, cur),
      }),
    ),
    differences,
    balance: toFundBalance(balances, cur, pledged),
  });
}
