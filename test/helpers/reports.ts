import type { TestApp } from './app';

export interface Beneficiaries {
  total: number;
  bySex: Record<string, number>;
  byAgeGroup: Record<string, number>;
  byExploitation: Record<string, number>;
  byNationality: Record<string, number>;
  byAssistance: Record<string, number>;
}

/**
 * Report submissions in the contract shape of wave2.md. The submit/accept mutations and the
 * `report_submission` table come from the post-award branch (issue 5); until it is merged the
 * table is created here with the contract's columns so statistics can be tested over SQL data.
 */
export async function ensureReportSubmissionTable(app: TestApp): Promise<void> {
  await app.sql(
    `create table if not exists report_submission (
       id uuid primary key default gen_random_uuid(),
       created_at timestamptz not null default now(),
       updated_at timestamptz not null default now(),
       report_id uuid not null references report (id),
       version int not null,
       period_from date not null,
       period_to date not null,
       narrative text not null,
       spending jsonb not null default '[]',
       beneficiaries jsonb not null,
       unique (report_id, version))`,
  );
}

export async function submitReportBySql(
  app: TestApp,
  reportId: string,
  version: number,
  b: Beneficiaries,
  status: 'SUBMITTED' | 'ACCEPTED' = 'ACCEPTED',
): Promise<void> {
  await app.sql(
    `insert into report_submission (id, created_at, updated_at, report_id, version, period_from, period_to, narrative, spending, beneficiaries)
     values (gen_random_uuid(), now(), now(), $1, $2, '2027-01-01', '2027-06-30', 'Narrative', '[]'::jsonb, $3::jsonb)`,
    [reportId, version, JSON.stringify(b)],
  );
  await app.sql(`update report set status = $2 where id = $1`, [reportId, status]);
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
