import { DEMO_USERS } from '../../src/seed/demo';
import { Role } from '../../src/users/user.entity';
import type { TestApp } from './app';

export interface Beneficiaries {
  total: number;
  bySex: Record<string, number>;
  byAgeGroup: Record<string, number>;
  byExploitation: Record<string, number>;
  byNationality: Record<string, number>;
  byAssistance: Record<string, number>;
}

export async function submitReportBySql(
  app: TestApp,
  reportId: string,
  version: number,
  b: Beneficiaries,
  status: 'SUBMITTED' | 'ACCEPTED' = 'ACCEPTED',
): Promise<void> {
  // Fixture by SQL in the stored shape, so the statistics can be checked cell by cell;
  // test/closeout.test.ts and test/reports.test.ts submit reports through the API.
  const [sub] = await app.sql<{ id: string }>(
    `insert into report_submission (id, created_at, updated_at, report_id, version, period_from, period_to, narrative, spending, beneficiaries, submitted_by_id, submitted_at)
     values (gen_random_uuid(), now(), now(), $1, $2, '2027-01-01', '2027-06-30', 'Narrative', '[]'::jsonb, $3::jsonb,
             (select id from app_user where email = 'ngo@demo.vtf.example'), now())
     returning id::text`,
    [reportId, version, JSON.stringify(b)],
  );
  await app.sql(`update report set current_submission_id = $2 where id = $1`, [reportId, sub!.id]);
  await app.sql(
    `update report set status = $2, accepted_at = case when $2 = 'ACCEPTED' then coalesce(accepted_at, now()) end where id = $1`,
    [reportId, status],
  );
}

/** A consistent breakdown: every additive dimension sums to the total. */
export function beneficiaries(
  sex: Record<string, number>,
  age: Record<string, number>,
  exploitation: Record<string, number>,
  assistance: Record<string, number>,
): Beneficiaries {
  const total = Object.values(sex).reduce((a, b) => a + b, 0);
  return {
    total,
    bySex: sex,
    byAgeGroup: age,
    byExploitation: exploitation,
    byNationality: { NG: total },
    byAssistance: assistance,
  };
}

/** Publishes the victim statistics of `period` (YYYY-Qn) as the secretariat, the clock moved past its end. */
export async function publishPeriod(
  app: TestApp,
  fundId: string,
  period: string,
): Promise<{ period: string; reportsCounted: number; carriedForward: boolean }> {
  const [y, q] = period.split('-Q').map(Number) as [number, number];
  app.clock.set(new Date(Date.UTC(y, q * 3, 2)));
  try {
    // Logged in at the moved time: a token from today's clock would have expired by then.
    const who = DEMO_USERS.find((u) => u.role === Role.SECRETARIAT);
    if (!who) throw new Error('no demo secretariat user');
    const sec = await app.login(who.email, who.password);
    const r = await sec.gql(
      `mutation($i: PublishStatisticsInput!) { publishStatistics(input: $i) {
        publication { period periodStart periodEnd reportsCounted carriedForward publishedAt } errors { code message } } }`,
      { i: { fundId, period } },
    );
    const p = r.data?.publishStatistics;
    if (!p || p.errors.length) throw new Error(JSON.stringify(r.errors ?? p?.errors));
    return p.publication;
  } finally {
    app.clock.reset();
  }
}
