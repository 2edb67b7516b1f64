import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../graphql/money';
import type { Fund } from '../funds/fund.entity';
import type { Award } from './award.entity';

/**
 * What a grantee owes back at close-out (issue 18): paid − spent (the accepted final report's
 * spending) − already returned. Until the final report is accepted the spending is not known.
 */
export enum UnspentStatus {
  /** The final report is not accepted yet: nothing is computed. */
  AWAITING_FINAL_REPORT = 'AWAITING_FINAL_REPORT',
  /** Unspent money is to be sent back. */
  DUE = 'DUE',
  /** What was unspent has come back (refunds recorded by the secretariat). */
  RETURNED = 'RETURNED',
  /** Everything paid was spent. */
  NONE = 'NONE',
}
registerEnumType(UnspentStatus, { name: 'UnspentStatus' });

@ObjectType({ description: "How to send unspent funds back: the fund's account and the reference to quote." })
export class ReturnInstructions {
  @Field(() => String, { description: 'Quote it on the transfer; the secretariat records the return by it.' })
  reference!: string;
  @Field(() => String) accountHolder!: string;
  @Field(() => String) bankName!: string;
  @Field(() => String, { nullable: true }) bankCountry!: string | null;
  @Field(() => String, { nullable: true }) iban!: string | null;
  @Field(() => String, { nullable: true }) accountNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'SWIFT/BIC of the bank.' }) swift!: string | null;
  @Field(() => Money, { description: 'What is still to be returned.' }) amount!: Money;
}

@ObjectType({ description: 'A return of unspent funds the secretariat recorded (the confirmation the grantee sees).' })
export class GrantReturn {
  @Field(() => Money) amount!: Money;
  @Field(() => String, { description: 'YYYY-MM-DD the money arrived.' }) valueDate!: string;
  @Field(() => String, { description: 'Bank reference of the transfer.' }) reference!: string;
}

@ObjectType({ description: "The grantee's unspent funds at close-out: what is due, how to pay it, what came back." })
export class UnspentFunds {
  @Field(() => UnspentStatus) status!: UnspentStatus;
  @Field(() => Money, { description: 'Paid to the grantee.' }) paid!: Money;
  @Field(() => Money, { nullable: true, description: "Spent, per the accepted final report's spending." })
  spent!: Money | null;
  @Field(() => Money, { description: 'Returned so far (recorded refunds).' }) returned!: Money;
  @Field(() => Money, { nullable: true, description: 'Still to be returned; null before the final report.' })
  due!: Money | null;
  @Field(() => ReturnInstructions, {
    nullable: true,
    description: 'Where to send it; null when nothing is due or the fund has not set its account.',
  })
  howToReturn!: ReturnInstructions | null;
  @Field(() => [GrantReturn], { description: 'Returns recorded, oldest first.' }) returns!: GrantReturn[];
}

export interface UnspentFacts {
  paid: bigint;
  /** Sum of the accepted final report's spending lines; null when there is none. */
  spent: bigint | null;
  returns: { amountMinor: bigint; valueDate: string; reference: string }[];
}

const REF_PREFIX = 'Refund of unspent funds, ref ';

/** The facts of many awards in three statements (payments, accepted final reports, refunds). */
export async function unspentFactsOf(em: EntityManager, ids: readonly string[]): Promise<UnspentFacts[]> {
  const paid = await em.execute<{ award_id: string; s: string }[]>(
    `select t.award_id, sum(p.amount_minor)::text as s from tranche_payment p join tranche t on t.id = p.tranche_id
      where t.award_id in (?) group by t.award_id`,
    [[...ids]],
  );
  const spent = await em.execute<{ award_id: string; spending: { amountMinor: string }[] }[]>(
    `select r.award_id, s.spending from report r join report_submission s on s.id = r.current_submission_id
      where r.award_id in (?) and r.kind = 'FINAL' and r.status = 'ACCEPTED'`,
    [[...ids]],
  );
  const back = await em.execute<{ source_id: string; debit_minor: string; value_date: string; description: string }[]>(
    `select source_id, debit_minor::text, to_char(value_date, 'YYYY-MM-DD') as value_date, description
       from ledger_entry where kind = 'GRANT_REFUND_RECEIVED' and account = 'CASH' and source_type = 'Award'
        and source_id in (?) order by seq`,
    [[...ids]],
  );
  return ids.map((id) => {
    const s = spent.filter((r) => r.award_id === id);
    return {
      paid: BigInt(paid.find((r) => r.award_id === id)?.s ?? '0'),
      spent: s.length ? s.flatMap((r) => r.spending).reduce((a, l) => a + BigInt(l.amountMinor), 0n) : null,
      returns: back
        .filter((r) => r.source_id === id)
        .map((r) => ({
          amountMinor: BigInt(r.debit_minor),
          valueDate: r.value_date,
          reference: r.description.startsWith(REF_PREFIX) ? r.description.slice(REF_PREFIX.length) : r.description,
        })),
    };
  });
}

/** The reference a grantee quotes when it sends unspent funds back: the fund's code, R, the award's random digits. */
export function returnReference(award: Pick<Award, 'id'>, fundCode: string): string {
  return `${fundCode}-R-${award.id.replace(/-/g, '').slice(-10).toUpperCase()}`;
}

/** The figures and the instructions, from the facts (pure). */
export function unspentFunds(award: Award, fund: Fund, f: UnspentFacts): UnspentFunds {
  const c = award.currency;
  const returned = f.returns.reduce((a, r) => a + r.amountMinor, 0n);
  const due = f.spent === null ? null : f.paid - f.spent - returned > 0n ? f.paid - f.spent - returned : 0n;
  let status = UnspentStatus.AWAITING_FINAL_REPORT;
  if (due !== null) status = due > 0n ? UnspentStatus.DUE : returned > 0n ? UnspentStatus.RETURNED : UnspentStatus.NONE;
  const account = fund.receivingAccount;
  return Object.assign(new UnspentFunds(), {
    status,
    paid: Money.of(f.paid, c),
    spent: f.spent === null ? null : Money.of(f.spent, c),
    returned: Money.of(returned, c),
    due: due === null ? null : Money.of(due, c),
    howToReturn:
      due && due > 0n && account
        ? Object.assign(new ReturnInstructions(), {
            reference: returnReference(award, fund.code),
            accountHolder: account.accountHolder,
            bankName: account.bankName,
            bankCountry: account.bankCountry ?? null,
            iban: account.iban,
            accountNumber: account.accountNumber ?? null,
            swift: account.swift,
            amount: Money.of(due, c),
          })
        : null,
    returns: f.returns.map((r) =>
      Object.assign(new GrantReturn(), {
        amount: Money.of(r.amountMinor, c),
        valueDate: r.valueDate,
        reference: r.reference,
      }),
    ),
  });
}
