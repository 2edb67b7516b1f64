import type { EntityManager } from '@mikro-orm/postgresql';
import type { Fund } from '../funds/fund.entity';

/**
 * What the open-data exports publish about a fund, read in a few set-based statements.
 * Deliberately narrow: no bank details, no people, no victims' data; donors are named only when
 * they agreed to be public.
 */
export interface AwardRecord {
  id: string;
  title: string;
  description: string;
  currency: string;
  amountMinor: bigint;
  disbursedMinor: bigint;
  status: string;
  approvedAt: Date;
  updatedAt: Date;
  startDate: string;
  endDate: string;
  durationMonths: number;
  countries: string[];
  recipient: { id: string; name: string; country: string };
  call: { id: string; title: string };
  /** Tranche payments (TRANCHE_PAID groups) in value-date order. */
  payments: { valueDate: string; minor: bigint }[];
}

export interface MoneyIn {
  kind: 'PLEDGE' | 'RECEIPT' | 'REFUND';
  date: string;
  minor: bigint;
  currency: string;
  /** Null unless the donor agreed to be named. */
  donorName: string | null;
}

export interface OpenData {
  fund: Fund;
  awards: AwardRecord[];
  moneyIn: MoneyIn[];
}

const day = (d: Date | string) => (typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

export async function loadOpenData(em: EntityManager, fund: Fund): Promise<OpenData> {
  const awards = await em.execute<
    {
      id: string;
      title: string;
      summary: string;
      currency: string;
      amount: string;
      status: string;
      approved_at: Date;
      updated_at: Date;
      start_date: string;
      end_date: string;
      duration_months: number;
      countries: string[] | null;
      org_id: string;
      org_name: string;
      org_country: string;
      call_id: string;
      call_title: string;
    }[]
  >(
    `select a.id::text, ap.project_title as title, ap.summary, a.currency, a.amount_minor::text as amount, a.status,
            a.approved_at, a.updated_at, to_char(a.start_date, 'YYYY-MM-DD') as start_date,
            to_char(a.end_date, 'YYYY-MM-DD') as end_date, ap.duration_months, ap.countries,
            o.id::text as org_id, o.legal_name as org_name, o.country as org_country,
            c.id::text as call_id, c.title as call_title
       from award a
       join application ap on ap.id = a.application_id
       join organization o on o.id = a.organization_id
       join grant_call c on c.id = a.call_id
      where a.fund_id = ? order by a.approved_at, a.id`,
    [fund.id],
  );
  const payments = await em.execute<{ award_id: string; value_date: string; minor: string }[]>(
    `select t.award_id::text, to_char(l.value_date, 'YYYY-MM-DD') as value_date, sum(l.credit_minor)::text as minor
       from ledger_entry l join tranche t on l.source_type = 'Tranche' and t.id::text = l.source_id
      where l.fund_id = ? and l.kind = 'TRANCHE_PAID' and l.account = 'CASH'
      group by t.award_id, l.txn_id, l.value_date order by l.value_date`,
    [fund.id],
  );
  const moneyIn = await em.execute<
    { kind: MoneyIn['kind']; date: string; minor: string; currency: string; donor_name: string | null }[]
  >(
    `select 'PLEDGE' as kind, to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD') as date, p.amount_minor::text as minor,
            p.currency, case when o.is_public_donor then o.legal_name end as donor_name, p.created_at as at
       from pledge p join organization o on o.id = p.donor_organization_id
      where p.fund_id = ? and p.status <> 'CANCELLED'
     union all
     select case when l.kind = 'CONTRIBUTION_RECEIVED' or l.kind = 'CONTRIBUTION_DISPUTE_WON' then 'RECEIPT' else 'REFUND' end,
            to_char(l.value_date, 'YYYY-MM-DD'), (l.debit_minor + l.credit_minor)::text, l.currency,
            case when o.is_public_donor then o.legal_name end, l.value_date::timestamptz
       from ledger_entry l
       left join contribution c on l.source_type = 'Contribution' and c.id::text = l.source_id
       left join organization o on o.id = c.donor_organization_id
      where l.fund_id = ? and l.account = 'CASH'
        and l.kind in ('CONTRIBUTION_RECEIVED', 'CONTRIBUTION_REFUNDED', 'CONTRIBUTION_DISPUTED', 'CONTRIBUTION_DISPUTE_WON')
      order by at, kind`,
    [fund.id, fund.id],
  );
  const paidBy = new Map<string, AwardRecord['payments']>();
  for (const p of payments) {
    const list = paidBy.get(p.award_id) ?? [];
    list.push({ valueDate: p.value_date, minor: BigInt(p.minor) });
    paidBy.set(p.award_id, list);
  }
  return {
    fund,
    awards: awards.map((a) => {
      const paid = paidBy.get(a.id) ?? [];
      return {
        id: a.id,
        title: a.title,
        description: a.summary,
        currency: a.currency,
        amountMinor: BigInt(a.amount),
        disbursedMinor: paid.reduce((s, p) => s + p.minor, 0n),
        status: a.status,
        approvedAt: new Date(a.approved_at),
        updatedAt: new Date(a.updated_at),
        startDate: a.start_date,
        endDate: a.end_date,
        durationMonths: a.duration_months,
        countries: a.countries?.length ? [...new Set(a.countries)] : [a.org_country],
        recipient: { id: a.org_id, name: a.org_name, country: a.org_country },
        call: { id: a.call_id, title: a.call_title },
        payments: paid,
      };
    }),
    moneyIn: moneyIn.map((m) => ({
      kind: m.kind,
      date: day(m.date),
      minor: BigInt(m.minor),
      currency: m.currency,
      donorName: m.donor_name,
    })),
  };
}
