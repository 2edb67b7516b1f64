import type { EntityManager } from '@mikro-orm/postgresql';
import type { Fund } from '../funds/fund.entity';
import { pledgeReference } from '../pledges/pledge-reference';
import type { PledgeFacts } from './matching';

/** The fund's pledges that still take receipts, with what the matcher compares. */
export async function openPledgeFacts(tx: EntityManager, fund: Fund): Promise<PledgeFacts[]> {
  const rows = await tx.execute<
    { id: string; legal_name: string; amount_minor: string; paid_minor: string; currency: string }[]
  >(
    `select p.id, o.legal_name, p.amount_minor::text, p.paid_minor::text, p.currency
       from pledge p join organization o on o.id = p.donor_organization_id
      where p.fund_id = ? and p.status in ('PLEDGED', 'PARTIALLY_PAID')
      order by p.id`,
    [fund.id],
  );
  return rows.map((r) => ({
    pledgeId: r.id,
    reference: pledgeReference({ id: r.id }, fund.code),
    donorName: r.legal_name,
    amountMinor: BigInt(r.amount_minor),
    paidMinor: BigInt(r.paid_minor),
    currency: r.currency,
  }));
}

/** The fund of a statement line, read without loading it (the fund lock is taken before the line's). */
export async function lineFundId(tx: EntityManager, lineId: string): Promise<string | null> {
  const [row] = await tx.execute<{ fund_id: string }[]>('select fund_id from bank_statement_line where id = ?', [
    lineId,
  ]);
  return row?.fund_id ?? null;
}
