import type { EntityManager } from '@mikro-orm/postgresql';
import { Fund } from '../funds/fund.entity';
import { allocate } from '../graphql/money';
import { accountBalances } from '../ledger/ledger.service';
import { movements } from '../statements/statement.service';
import { publishTotal, suppressDimension, type PublishedDimension } from './suppression';

/** Keys of the beneficiary breakdowns (contract with the post-award branch, wave2.md). */
export const DIMENSIONS = {
  bySex: ['FEMALE', 'MALE', 'OTHER_OR_UNKNOWN'],
  byAgeGroup: ['CHILD', 'ADULT', 'UNKNOWN'],
  byExploitation: [
    'SEXUAL_EXPLOITATION',
    'FORCED_LABOUR',
    'DOMESTIC_SERVITUDE',
    'FORCED_MARRIAGE',
    'ORGAN_REMOVAL',
    'FORCED_CRIMINALITY',
    'OTHER',
  ],
  byAssistance: ['SHELTER', 'MEDICAL', 'PSYCHOLOGICAL', 'LEGAL', 'REINTEGRATION', 'OTHER'],
} as const;
export type Dimension = keyof typeof DIMENSIONS;

export interface GrantGroup {
  key: string;
  count: number;
  amountMinor: bigint;
}

export interface FundStatistics {
  fund: Fund;
  /** Net receipts (gross receipts less refunds to donors), base currency. */
  totalReceivedMinor: bigint;
  donorCount: number;
  publicDonors: string[];
  grantCount: number;
  grantAmountMinor: bigint;
  grantsByCountry: GrantGroup[];
  grantsByYear: GrantGroup[];
  reportsCounted: number;
  victimsTotal: string;
  victims: Record<Dimension, PublishedDimension>;
}

async function donors(em: EntityManager, fundId: string) {
  const rows = await em.execute<{ name: string; public: boolean }[]>(
    `select o.legal_name as name, o.is_public_donor as public from organization o
      where exists (select 1 from contribution c where c.donor_organization_id = o.id and c.fund_id = ? and c.booked_base_minor > 0)
      order by o.legal_name`,
    [fundId],
  );
  return { count: rows.length, publicNames: rows.filter((r) => r.public).map((r) => r.name) };
}

/**
 * Grants by country of the project (the application's `countries`, else the NGO's country) and
 * by year of approval. An award in several countries counts once in each, its amount split
 * exactly between them, so amounts by country add up to the total and counts may exceed it.
 */
async function grants(em: EntityManager, fundId: string) {
  const rows = await em.execute<{ amount: string; year: number; countries: string[] | null; country: string }[]>(
    `select a.amount_minor::text as amount, extract(year from a.approved_at at time zone 'UTC')::int as year,
            ap.countries, o.country
       from award a join application ap on ap.id = a.application_id join organization o on o.id = a.organization_id
      where a.fund_id = ? order by a.id`,
    [fundId],
  );
  const byCountry = new Map<string, GrantGroup>();
  const byYear = new Map<string, GrantGroup>();
  const add = (m: Map<string, GrantGroup>, key: string, amount: bigint) => {
    const g = m.get(key) ?? { key, count: 0, amountMinor: 0n };
    g.count += 1;
    g.amountMinor += amount;
    m.set(key, g);
  };
  let total = 0n;
  for (const r of rows) {
    const amount = BigInt(r.amount);
    total += amount;
    add(byYear, String(r.year), amount);
    const countries = r.countries?.length ? [...new Set(r.countries)] : [r.country];
    const shares = allocate(
      amount,
      countries.map(() => 1),
    );
    countries.forEach((c, i) => add(byCountry, c, shares[i]!));
  }
  const sorted = (m: Map<string, GrantGroup>) => [...m.values()].sort((a, b) => a.key.localeCompare(b.key));
  return { count: rows.length, total, byCountry: sorted(byCountry), byYear: sorted(byYear) };
}

/**
 * Victims assisted: sums over the latest submission of each ACCEPTED INTERIM or FINAL report of
 * the fund's awards (report_submission belongs to the post-award branch; until it exists the
 * counts are zero).
 */
async function victims(em: EntityManager, fundId: string) {
  const [t] = await em.execute<{ present: boolean }[]>(
    `select to_regclass('report_submission') is not null as present`,
  );
  const counts = new Map<string, number>();
  let total = 0;
  let reports = 0;
  if (t?.present) {
    const rows = await em.execute<{ dim: string; key: string; n: string; reports: string | null }[]>(
      `with latest as (
         select distinct on (s.report_id) s.beneficiaries as b
           from report_submission s
           join report r on r.id = s.report_id
           join award a on a.id = r.award_id
          where a.fund_id = ? and r.status = 'ACCEPTED' and r.kind in ('INTERIM', 'FINAL')
          order by s.report_id, s.version desc)
       select 'total' as dim, 'TOTAL' as key,
              coalesce(sum(case when b ->> 'total' ~ '^[0-9]{1,12}$' then (b ->> 'total')::bigint end), 0)::text as n,
              count(*)::text as reports from latest
       union all
       select d.dim, e.key, sum(e.value::bigint)::text as n, null as reports
         from latest
        cross join (values ('bySex'), ('byAgeGroup'), ('byExploitation'), ('byAssistance')) d(dim)
        cross join lateral jsonb_each_text(
                case when jsonb_typeof(latest.b -> d.dim) = 'object' then latest.b -> d.dim else '{}'::jsonb end) e
        -- Counts are validated on submission; a malformed value is skipped rather than failing the page.
        where e.value ~ '^[0-9]{1,12}$'
        group by d.dim, e.key`,
      [fundId],
    );
    for (const r of rows) {
      if (r.dim === 'total') {
        total = Number(r.n);
        reports = Number(r.reports);
      } else counts.set(`${r.dim}.${r.key}`, Number(r.n));
    }
  }
  const published = Object.fromEntries(
    (Object.keys(DIMENSIONS) as Dimension[]).map((dim) => [
      dim,
      suppressDimension(
        total,
        DIMENSIONS[dim].map((key) => ({ key, count: counts.get(`${dim}.${key}`) ?? 0 })),
        dim !== 'byAssistance',
      ),
    ]),
  ) as Record<Dimension, PublishedDimension>;
  return { total: publishTotal(total), reports, published };
}

export async function fundStatistics(em: EntityManager, fund: Fund): Promise<FundStatistics> {
  const m = movements(await accountBalances(em, fund.id));
  const d = await donors(em, fund.id);
  const g = await grants(em, fund.id);
  const v = await victims(em, fund.id);
  return {
    fund,
    totalReceivedMinor: m.receipts - m.refundsToDonors,
    donorCount: d.count,
    publicDonors: d.publicNames,
    grantCount: g.count,
    grantAmountMinor: g.total,
    grantsByCountry: g.byCountry,
    grantsByYear: g.byYear,
    reportsCounted: v.reports,
    victimsTotal: v.total,
    victims: v.published,
  };
}
