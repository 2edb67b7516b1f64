import { Check, Entity, Enum, Index, ManyToOne, OneToOne, Property, Unique } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity, Minor } from '../db/base.entity';
import { Fund } from '../funds/fund.entity';
import { Pledge } from '../pledges/pledge.entity';
import { Contribution } from '../contributions/contribution.entity';
import { globalId } from '../graphql/relay';
import { StatementFormat } from './statement-parsers';

registerEnumType(StatementFormat, { name: 'StatementFormat', description: 'camt.053 (ISO 20022 XML) or SWIFT MT940.' });

/** Where a credit line of a statement stands in the secretariat's queue. */
export enum BankLineStatus {
  /** No pledge proposed: waits for the secretariat to name one (or to confirm a wire without pledge). */
  UNMATCHED = 'UNMATCHED',
  /** A pledge is proposed (exact or fuzzy, with its score): waits for confirmation or rejection. */
  PROPOSED = 'PROPOSED',
  /** Recorded as a wire contribution. */
  CONFIRMED = 'CONFIRMED',
  /** Not a donation (interest, a transfer between the fund's own accounts…): set aside with a reason. */
  IGNORED = 'IGNORED',
}
registerEnumType(BankLineStatus, { name: 'BankLineStatus' });

export enum MatchKind {
  /** The pledge's reference, its donor and its outstanding amount all agree. */
  EXACT = 'EXACT',
  /** The best candidate above the threshold; the score says how sure. */
  FUZZY = 'FUZZY',
}
registerEnumType(MatchKind, { name: 'MatchKind' });

/** An imported bank statement of a fund's account; imported once (fund, account, statement id). */
@ObjectType({ description: "A bank statement of the fund's account, imported once." })
@Entity({ tableName: 'bank_statement' })
@Unique({ name: 'bank_statement_once', properties: ['fund', 'account', 'statementRef'] })
export class BankStatement extends BaseEntity {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return globalId('BankStatement', this.id);
  }

  @ManyToOne(() => Fund)
  fund: Fund;

  @Field(() => StatementFormat)
  @Enum({ items: () => StatementFormat })
  format: StatementFormat;

  @Field(() => String, { description: "The statement's own identification (camt Stmt/Id; MT940 tags 20 and 28C)." })
  @Property({ type: 'string', length: 100 })
  statementRef: string;

  @Field(() => String, { description: 'The account the statement is for (IBAN or bank account id).' })
  @Property({ type: 'string', length: 100 })
  account: string;

  /** sha256 of the file as imported, for the audit trail. */
  @Field(() => String)
  @Property({ type: 'string', length: 64 })
  sha256: string;

  @Field(() => Int, { description: 'Debits and reversals in the statement (not receipts, not imported).' })
  @Property({ type: 'integer', default: 0 })
  skippedCount = 0;

  @Property({ type: 'uuid' })
  importedById: string;

  @Field(() => Date)
  get importedAt(): Date {
    return this.createdAt;
  }

  constructor(init: {
    fund: Fund;
    format: StatementFormat;
    statementRef: string;
    account: string;
    sha256: string;
    importedById: string;
  }) {
    super();
    this.fund = init.fund;
    this.format = init.format;
    this.statementRef = init.statementRef;
    this.account = init.account;
    this.sha256 = init.sha256;
    this.importedById = init.importedById;
  }
}

/**
 * One credit of a statement, in the reconciliation queue until it is confirmed as a wire
 * contribution. A line is keyed by its statement and the bank's reference, so importing the same
 * statement again adds nothing.
 */
@ObjectType({ description: 'A credit on a bank statement, matched (or not) to a pledge.' })
@Entity({ tableName: 'bank_statement_line' })
@Unique({ name: 'bank_statement_line_once', properties: ['statement', 'lineRef'] })
@Index({ properties: ['fund', 'status'] })
@Check({ name: 'bank_statement_line_amount_positive', expression: 'amount_minor > 0' })
@Check({
  name: 'bank_statement_line_confirmed_has_contribution',
  expression: "(status = 'CONFIRMED') = (contribution_id is not null)",
})
export class BankStatementLine extends BaseEntity {
  @Field(() => ID, { name: 'id' })
  get nodeId(): string {
    return globalId('BankStatementLine', this.id);
  }

  @ManyToOne(() => BankStatement)
  statement: BankStatement;

  @ManyToOne(() => Fund)
  fund: Fund;

  @Field(() => String, { description: "The bank's reference of the booking." })
  @Property({ type: 'string', length: 100 })
  lineRef: string;

  @Property({ type: Minor() })
  amountMinor: bigint;

  @Property({ type: 'string', length: 3 })
  currency: string;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  @Property({ type: 'date' })
  valueDate: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @Property({ type: 'date', nullable: true })
  bookingDate: string | null = null;

  @Field(() => String, { description: 'Remittance information as the donor wrote it.' })
  @Property({ type: 'text', default: '' })
  remittance = '';

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 300, nullable: true })
  debtorName: string | null = null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', length: 100, nullable: true })
  debtorAccount: string | null = null;

  @Field(() => BankLineStatus)
  @Enum({ items: () => BankLineStatus, default: BankLineStatus.UNMATCHED })
  status: BankLineStatus = BankLineStatus.UNMATCHED;

  @ManyToOne(() => Pledge, { nullable: true })
  proposedPledge: Pledge | null = null;

  @Field(() => MatchKind, { nullable: true })
  @Enum({ items: () => MatchKind, nullable: true })
  matchKind: MatchKind | null = null;

  @Field(() => Int, { nullable: true, description: 'How sure the proposal is, 0 to 100.' })
  @Property({ type: 'integer', nullable: true })
  matchScore: number | null = null;

  @Field(() => [String], { description: 'What agreed and what did not, in words.' })
  @Property({ type: 'json', default: '[]' })
  matchReasons: string[] = [];

  @OneToOne(() => Contribution, { nullable: true, owner: true, unique: 'bank_statement_line_contribution_unique' })
  contribution: Contribution | null = null;

  @Property({ type: 'uuid', nullable: true })
  decidedById: string | null = null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  decidedAt: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Why the last proposal was rejected.' })
  @Property({ type: 'text', nullable: true })
  rejectReason: string | null = null;

  /** Pledges the secretariat rejected for this credit: never proposed again by a re-match. */
  @Property({ type: 'json', default: '[]' })
  rejectedPledgeIds: string[] = [];

  @Field(() => String, { nullable: true, description: 'Why the credit was set aside as not a donation.' })
  @Property({ type: 'text', nullable: true })
  ignoreReason: string | null = null;

  constructor(
    statement: BankStatement,
    init: {
      lineRef: string;
      amountMinor: bigint;
      currency: string;
      valueDate: string;
    },
  ) {
    super();
    if (init.amountMinor <= 0n) throw new Error('a statement credit must be positive');
    this.statement = statement;
    this.fund = statement.fund;
    this.lineRef = init.lineRef;
    this.amountMinor = init.amountMinor;
    this.currency = init.currency;
    this.valueDate = init.valueDate;
  }
}
