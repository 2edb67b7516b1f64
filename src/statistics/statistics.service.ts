import type { EntityManager } from '@mikro-orm/postgresql';
import { Fund } from '../funds/fund.entity';
import { allocate } from '../core/money';
import { accountBalances } from '../ledger/ledger.service';
import { movements } from '../statements/statement.service';
import { StatisticsPublication, type PublishedVictims } from './statistics-publication.entity';
import { publishTotal, suppressDimension, type PublishedDimension } from './suppression';
import { DIMENSIONS, type Dimension } from './dimensions';
import { required } from '../core/required';

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
  /** Net receipts (booked base amount) and donors with money received, by year of value date. */
  contributionsByYear: ContributionYear[];
  /** Tranches paid to NGOs and their amount, base currency (paid in the award's currency, the fund's). */
  tranchesPaid: number;
  disbursedMinor: bigint;
  /** The latest publication of the victim figures; null before the first. */
  publication: StatisticsPublication | null;
  victims: PublishedVictims;
}

export interface ContributionYear {
  year: string;
  amountMinor: bigint;
  donors: number;
}

/** What the ledger holds now for each contribution (refunds deducted), grouped by the year the money arrived. */
async function contributionsByYear(em: EntityManager, fundId: string): Promise<ContributionYear[]> {
  const rows = await em.execute<{ year: number; amount: string; donors: number }[]>(
    `select extract(year from c.value_date)::int as year, sum(c.booked_base_minor)::text as amount,
            count(distinct c.donor_organization_id)::int as donors
       from contribution c
      where c.fund_id = ? and c.value_date is not null and c.booked_base_minor > 0
      group by 1 order by 1`,
    [fundId],
  );
  return rows.map((r) => ({ year: String(r.year), amountMinor: BigInt(r.amount), donors: r.donors }));
}

async function disbursements(em: EntityManager, fundId: string) {
  const [row] = await em.execute<{ n: number; amount: string }[]>(
    `select count(*)::int as n, coalesce(sum(t.paid_minor), 0)::text as amount
       from tranche t join award a on a.id = t.award_id
      where a.fund_id = ? and t.status = 'PAID'`,
    [fundId],
  );
  return { count: row?.n ?? 0, amountMinor: BigInt(row?.amount ?? '0') };
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
    countries.forEach((c, i) => add(byCountry, c, required(shares[i], 'shares[i]')));
  }
  const sorted = (m: Map<string, GrantGroup>) => [...m.values()].sort((a, b) => a.key.localeCompare(b.key));
  return { count: rows.length, total, byCountry: sorted(byCountry), byYear: sorted(byYear) };
}

/** Suppressed figures of no report at all: what is public before the first publication. */
export function emptyVictims(): PublishedVictims {
  return victimFigures(0, new Map());
}

/**
 * The accepted INTERIM and FINAL reports of a fund accepted before `before` (the day after a
 * period's end), sorted by id: the reports a publication for that period may count.
 */
export async function acceptedReportIds(em: EntityManager, fundId: string, before: Date): Promise<string[]> {
  const rows = await em.execute<{ id: string }[]>(
    `select r.id::text as id from report r join award a on a.id = r.award_id
      where a.fund_id = ? and r.status = 'ACCEPTED' and r.kind in ('INTERIM', 'FINAL')
        and r.accepted_at < ?
      order by r.id`,
    [fundId, before],
  );
  return rows.map((r) => r.id);
}

/**
 * Victims assisted: sums over the latest submission of each of the given reports, then suppresses
 * small cells (suppression.ts). Only publishStatistics calls this; the public reads the stored
 * result.
 */
export async function victimsOf(em: EntityManager, reportIds: string[]): Promise<PublishedVictims> {
  const counts = new Map<string, number>();
  let total = 0;
  if (reportIds.length) {
    const rows = await em.execute<{ dim: string; key: string; n: string }[]>(
      `with latest as (
         select distinct on (s.report_id) s.beneficiaries as b
           from report_submission s
          where s.report_id = any(?::uuid[])
          order by s.report_id, s.version desc)
       select 'total' as dim, 'TOTAL' as key,
              coalesce(sum(case when b ->> 'total' ~ '^[0-9]{1,12}$' then (b ->> 'total')::bigint end), 0)::text as n
         from latest
       union all
       select d.dim, e.key, sum(e.value::bigint)::text as n
         from latest
        cross join (values ('bySex'), ('byAgeGroup'), ('byExploitation'), ('byAssistance')) d(dim)
        cross join lateral jsonb_each_text(
                case when jsonb_typeof(latest.b -> d.dim) = 'object' then latest.b -> d.dim else '{}'::jsonb end) e
        -- Counts are validated on submission; a malformed value is skipped rather than failing the publication.
        where e.value ~ '^[0-9]{1,12}$'
        group by d.dim, e.key`,
      [`{${reportIds.join(',')}}`],
    );
    for (const r of rows) {
      if (r.dim === 'total') total = Number(r.n);
      else counts.set(`${r.dim}.${r.key}`, Number(r.n));
    }
  }
  return victimFigures(total, counts);
}

function victimFigures(total: number, counts: Map<string, number>): PublishedVictims {
  const dimensions = Object.fromEntries(
    (Object.keys(DIMENSIONS) as Dimension[]).map((dim) => [
      dim,
      suppressDimension(
        total,
        DIMENSIONS[dim].map((key) => ({ key, count: counts.get(`${dim}.${key}`) ?? 0 })),
        dim !== 'byAssistance',
      ),
    ]),
  ) as Record<Dimension, PublishedDimension>;
  return { total: publishTotal(total), dimensions };
}

/** The latest publication of a fund's victim statistics (the most recent period), or null. */
export async function latestPublication(em: EntityManager, fundId: string): Promise<StatisticsPublication | null> {
  return em.findOne(StatisticsPublication, { fund: fundId }, { orderBy: { periodEnd: 'desc' } });
}

export async function fundStatistics(em: EntityManager, fund: Fund): Promise<FundStatistics> {
  const m = movements(await accountBalances(em, fund.id));
  const d = await donors(em, fund.id);
  const g = await grants(em, fund.id);
  const p = await latestPublication(em, fund.id);
  const paid = await disbursements(em, fund.id);
  return {
    fund,
    totalReceivedMinor: m.receipts - m.refundsToDonors,
    donorCount: d.count,
    publicDonors: d.publicNames,
    grantCount: g.count,
    grantAmountMinor: g.total,
    grantsByCountry: g.byCountry,
    grantsByYear: g.byYear,
    contributionsByYear: await contributionsByYear(em, fund.id),
    tranchesPaid: paid.count,
    disbursedMinor: paid.amountMinor,
    publication: p,
    victims: p?.victims ?? emptyVictims(),
  };
}
