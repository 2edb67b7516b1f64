import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';
import { bankRef, demoDonorOrgId, fundId, recordWire, registerDonor } from './helpers/money';
import { beneficiaries, publishPeriod, submitReportBySql } from './helpers/reports';
import { cast, makeAward, type Cast } from './helpers/transparency';

/**
 * publicStatistics, without login. Report data is inserted by SQL in the contract shape: the
 * report submission and acceptance mutations come from the post-award branch (issue 5).
 */

let app: TestApp;
let fund: string;
let c: Cast;

const STATS = `query($code: String!) { publicStatistics(fundCode: $code) {
  fund { code } totalReceived { amount currency } donorCount publicDonors grantsAwarded amountAwarded { amount }
  grantsByCountry { key count amount { amount } } grantsByYear { key count amount { amount } }
  victims { reportsCounted total bySex { key value } byAgeGroup { key value } byExploitation { key value } byAssistance { key value } } } }`;

const stats = async () =>
  expectNoErrors(await app.anonymous.gql<{ publicStatistics: any }>(STATS, { code: 'UNVTF' })).publicStatistics;
/** Victim figures are published per closed quarter (docs/transparency.md): each check publishes the next one. */
let quarter = 0;
const publish = async () => {
  quarter += 1;
  return publishPeriod(app, fund, `${2030 + Math.floor((quarter - 1) / 4)}-Q${((quarter - 1) % 4) + 1}`);
};
const cells = (list: { key: string; value: string }[]) => Object.fromEntries(list.map((x) => [x.key, x.value]));

beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  c = await cast(app);
}, 60_000);
afterAll(() => app.stop());

it('starts at zero for a fund with no money, grants or reports', async () => {
  const s = await stats();
  expect(s).toMatchObject({
    totalReceived: { amount: '0.00', currency: 'USD' },
    donorCount: 0,
    publicDonors: [],
    grantsAwarded: 0,
  });
  expect(s.victims.total).toBe('0');
  expect(cells(s.victims.bySex)).toEqual({ FEMALE: '0', MALE: '0', OTHER_OR_UNKNOWN: '0' });
});

it('counts donors, names only those that agreed, and reports grants by country and year', async () => {
  const demo = await demoDonorOrgId(app);
  const second = await registerDonor(app, 'Quiet Donor Foundation');
  for (const [org, amount] of [
    [demo, '300000.00'],
    [second.orgId, '1000.00'],
  ] as const) {
    const w = expectNoErrors(
      await recordWire(c.sec, {
        fundId: fund,
        donorOrganizationId: org,
        amount,
        currency: 'USD',
        valueDate: '2026-03-01',
        bankReference: bankRef(),
      }),
    ).recordWireContribution;
    expect(w.errors).toEqual([]);
  }
  await makeAward(c, fund, '30000.00');
  const s = await stats();
  const [demoName] = await app.sql<{ legal_name: string }>(`select legal_name from organization where id = $1`, [
    Buffer.from(demo, 'base64').toString().split(':')[1],
  ]);
  expect(s.totalReceived.amount).toBe('301000.00');
  expect(s.donorCount).toBe(2);
  expect(s.publicDonors).toEqual([demoName!.legal_name]);
  expect(s.publicDonors).not.toContain('Quiet Donor Foundation');
  expect(s.grantsAwarded).toBe(1);
  expect(s.amountAwarded.amount).toBe('30000.00');
  // The application names two countries (NG, GH): counted in each, the amount split exactly.
  expect(s.grantsByCountry).toEqual([
    { key: 'GH', count: 1, amount: { amount: '15000.00' } },
    { key: 'NG', count: 1, amount: { amount: '15000.00' } },
  ]);
  expect(s.grantsByYear).toEqual([
    { key: String(new Date().getUTCFullYear()), count: 1, amount: { amount: '30000.00' } },
  ]);
});

describe('victims assisted', () => {
  let reports: { id: string; kind: string }[];

  beforeAll(async () => {
    const { awardId } = await makeAward(c, fund, '20000.00');
    reports = await app.sql<{ id: string; kind: string }>(`select id::text, kind from report where award_id = $1`, [
      awardId,
    ]);
    await app.sql(`delete from report_submission`);
  });
  const report = (kind: string) => reports.find((r) => r.kind === kind)!.id;

  it('does not publish a single report alone: the first publication repeats the empty figures', async () => {
    await submitReportBySql(
      app,
      report('FINAL'),
      1,
      beneficiaries(
        { FEMALE: 3, MALE: 0, OTHER_OR_UNKNOWN: 0 },
        { CHILD: 1, ADULT: 2, UNKNOWN: 0 },
        { SEXUAL_EXPLOITATION: 3 },
        { SHELTER: 3 },
      ),
    );
    expect((await stats()).victims.total).toBe('0'); // nothing published yet
    expect(await publish()).toMatchObject({ reportsCounted: 0, carriedForward: true });
    const v = (await stats()).victims;
    expect(v.reportsCounted).toBe(0);
    expect(v.total).toBe('0');
    expect(cells(v.bySex)).toEqual({ FEMALE: '0', MALE: '0', OTHER_OR_UNKNOWN: '0' });
  });

  it('sums the latest submission of accepted interim and final reports and suppresses a complementary cell', async () => {
    // INTERIM: version 1 was superseded by version 2; only version 2 counts.
    await submitReportBySql(
      app,
      report('INTERIM'),
      1,
      beneficiaries(
        { FEMALE: 100, MALE: 100, OTHER_OR_UNKNOWN: 100 },
        { ADULT: 300 },
        { FORCED_LABOUR: 300 },
        { MEDICAL: 300 },
      ),
      'SUBMITTED',
    );
    await submitReportBySql(
      app,
      report('INTERIM'),
      2,
      beneficiaries(
        { FEMALE: 25, MALE: 9, OTHER_OR_UNKNOWN: 3 },
        { CHILD: 12, ADULT: 25, UNKNOWN: 0 },
        { SEXUAL_EXPLOITATION: 27, FORCED_LABOUR: 6, DOMESTIC_SERVITUDE: 4 },
        { SHELTER: 37, MEDICAL: 35, LEGAL: 2 },
      ),
    );
    // The FINAL report (v1 above: 3 women) is accepted; totals: 40 = 28 F + 9 M + 3 other.
    expect(await publish()).toMatchObject({ reportsCounted: 2, carriedForward: false });
    const v = (await stats()).victims;
    expect(v.reportsCounted).toBe(2);
    expect(v.total).toBe('40');
    // OTHER_OR_UNKNOWN = 3 is suppressed; MALE (the next smallest) too, or 40 − 28 − 9 would give 3.
    expect(cells(v.bySex)).toEqual({ FEMALE: '28', MALE: '<5', OTHER_OR_UNKNOWN: '<5' });
    expect(cells(v.byAgeGroup)).toEqual({ CHILD: '13', ADULT: '27', UNKNOWN: '0' });
    expect(cells(v.byExploitation)).toEqual({
      SEXUAL_EXPLOITATION: '30',
      FORCED_LABOUR: '<5',
      DOMESTIC_SERVITUDE: '<5',
      FORCED_MARRIAGE: '0',
      ORGAN_REMOVAL: '0',
      FORCED_CRIMINALITY: '0',
      OTHER: '0',
    });
    expect(cells(v.byAssistance)).toEqual({
      SHELTER: '40',
      MEDICAL: '<5',
      PSYCHOLOGICAL: '0',
      LEGAL: '<5',
      REINTEGRATION: '0',
      OTHER: '0',
    });
  });

  it('ignores reports that are not accepted, and financial reports', async () => {
    const { period: _p, periodStart: _s, periodEnd: _e, publishedAt: _a, ...before } = (await stats()).victims;
    // No longer accepted: the set of reports changes by one, so the previous figures carry forward.
    await app.sql(`update report set status = 'REVISION_REQUESTED' where id = $1`, [report('FINAL')]);
    expect(await publish()).toMatchObject({ reportsCounted: 2, carriedForward: true });
    expect((await stats()).victims).toMatchObject(before);
    await app.sql(`update report set status = 'ACCEPTED' where id = $1`, [report('FINAL')]);
    // An accepted FINANCIAL report carries no count of victims that the statistics use.
    const [award] = await app.sql<{ award_id: string }>(`select award_id::text from report where id = $1`, [
      report('FINAL'),
    ]);
    const [financial] = await app.sql<{ id: string }>(
      `insert into report (id, created_at, updated_at, award_id, kind, due_date, status)
       values (gen_random_uuid(), now(), now(), $1, 'FINANCIAL', '2027-12-31', 'DUE') returning id::text`,
      [award!.award_id],
    );
    await submitReportBySql(
      app,
      financial!.id,
      1,
      beneficiaries({ FEMALE: 50, MALE: 50, OTHER_OR_UNKNOWN: 0 }, { ADULT: 100 }, { OTHER: 100 }, { OTHER: 100 }),
    );
    // Recomputed from the same two reports: the accepted financial report is not counted.
    expect(await publish()).toMatchObject({ reportsCounted: 2, carriedForward: false });
    expect((await stats()).victims).toMatchObject(before);
  });
});

it('uses the same number of SQL statements however many grants and reports there are', async () => {
  const sqlCount = async () => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: STATS, variables: { code: 'UNVTF' } }),
    });
    return ((await res.json()) as { extensions: { sqlStatements: number } }).extensions.sqlStatements;
  };
  const before = await sqlCount();
  const { awardId } = await makeAward(c, fund, '15000.00');
  const [interim] = await app.sql<{ id: string }>(
    `select id::text from report where award_id = $1 and kind = 'INTERIM'`,
    [awardId],
  );
  await submitReportBySql(
    app,
    interim!.id,
    1,
    beneficiaries({ FEMALE: 6, MALE: 0, OTHER_OR_UNKNOWN: 0 }, { ADULT: 6 }, { FORCED_LABOUR: 6 }, { LEGAL: 6 }),
  );
  await publish();
  expect(await sqlCount()).toBe(before);
  expect(before).toBeGreaterThan(0);
});

it('answers a coded error for an unknown fund', async () => {
  const r = await app.anonymous.gql(STATS, { code: 'NOPE' });
  expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fundCode' });
});
