import { BigIntType, Check, Entity, Enum, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../core/ids';
import { Fund } from '../funds/fund.entity';
import { Minor } from '../db/base.entity';

/** The fund's accounts (all in its base currency). */
export enum Account {
  CASH = 'CASH',
  CONTRIBUTIONS_INCOME = 'CONTRIBUTIONS_INCOME',
  SUPPORT_COST_PAYABLE = 'SUPPORT_COST_PAYABLE',
  GRANT_EXPENSE = 'GRANT_EXPENSE',
  GRANTS_PAYABLE = 'GRANTS_PAYABLE',
}

/** What caused a group of lines; one group per money event. */
export enum LedgerEventKind {
  CONTRIBUTION_RECEIVED = 'CONTRIBUTION_RECEIVED',
  CONTRIBUTION_REFUNDED = 'CONTRIBUTION_REFUNDED',
  CONTRIBUTION_DISPUTED = 'CONTRIBUTION_DISPUTED',
  CONTRIBUTION_DISPUTE_WON = 'CONTRIBUTION_DISPUTE_WON',
  AWARD_COMMITTED = 'AWARD_COMMITTED',
  AWARD_ADJUSTED = 'AWARD_ADJUSTED',
  COMMITMENT_RELEASED = 'COMMITMENT_RELEASED',
  TRANCHE_PAID = 'TRANCHE_PAID',
  GRANT_REFUND_RECEIVED = 'GRANT_REFUND_RECEIVED',
  REVERSAL = 'REVERSAL',
}

/**
 * One double-entry line. Lines of one `txnId` balance (a deferred constraint trigger checks at
 * commit) and are never updated or deleted (trigger): corrections are reversing entries.
 */
@Entity({ tableName: 'ledger_entry' })
@Check({
  name: 'ledger_entry_one_side',
  expression: '(debit_minor > 0 and credit_minor = 0) or (credit_minor > 0 and debit_minor = 0)',
})
@Index({ properties: ['fund', 'account'] })
@Index({ properties: ['txnId'] })
@Index({ properties: ['sourceType', 'sourceId'] })
export class LedgerEntry {
  @PrimaryKey({ type: new BigIntType('bigint'), autoincrement: true })
  seq!: bigint;

  @Property({ type: 'uuid' })
  txnId: string;

  @ManyToOne(() => Fund)
  fund: Fund;

  @Enum({ items: () => Account })
  account: Account;

  @Property({ type: Minor(), default: 0 })
  debitMinor: bigint;

  @Property({ type: Minor(), default: 0 })
  creditMinor: bigint;

  @Property({ type: 'string', length: 3 })
  currency: string;

  @Enum({ items: () => LedgerEventKind })
  kind: LedgerEventKind;

  @Property({ type: 'string', length: 64 })
  sourceType: string;

  @Property({ type: 'string', length: 64 })
  sourceId: string;

  @Property({ type: 'text' })
  description: string;

  @Property({ type: 'date' })
  valueDate: string;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  postedAt: Date = new Date();

  constructor(init: Omit<LedgerEntry, 'seq' | 'postedAt'>) {
    this.txnId = init.txnId;
    this.fund = init.fund;
    this.account = init.account;
    this.debitMinor = init.debitMinor;
    this.creditMinor = init.creditMinor;
    this.currency = init.currency;
    this.kind = init.kind;
    this.sourceType = init.sourceType;
    this.sourceId = init.sourceId;
    this.description = init.description;
    this.valueDate = init.valueDate;
  }
}

export const newTxnId = (): string => newId();
