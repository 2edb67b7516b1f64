import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';
import { beneficiaries, makeAward, reportOp, wire } from './helpers/post-award';
import { dbId, fundId } from './helpers/money';
import { beneficiaries as breakdown, publishPeriod, submitReportBySql } from './helpers/reports';

/** Victims statistics from a report submitted and accepted through the API, end to end. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

it('counts the victims of a report accepted through the API once its quarter is published, with suppression', async () => {
  await wire(app, '200000.00');
  const { reports } = await makeAward(app, '30000.00');
  const final = reports.find((r: { kind: string }) => r.kind === 'FINAL')!;
  const ngo = await app.as('NGO');
  const sec = await app.as('SECRETARIAT');
  const submitted = await reportOp(ngo, 'submitReport', {
    reportId: final.id,
    periodFrom: '2027-01-01',
    periodTo: '2027-12-31',
    narrative: 'Final report',
    spending: [],
    beneficiaries: beneficiaries(),
  });
  expect(submitted.errors).toEqual([]);
  const STATS = `{ publicStatistics(fundCode: "UNVTF") { victims { period reportsCounted total bySex { key value } byAgeGroup { key value } } } }`;
  const before = expectNoErrors(await app.anonymous.gql(STATS)).publicStatistics.victims;
  expect(before.reportsCounted).toBe(0);
  const accepted = await reportOp(sec, 'acceptReport', { reportId: final.id });
  expect(accepted.errors).toEqual([]);
  expect(accepted.report.acceptedAt).toBeTruthy();
  // Accepted, but nothing is public until its quarter has closed and is published.
  expect(expectNoErrors(await app.anonymous.gql(STATS)).publicStatistics.victims).toEqual(before);
  // A second accepted report (by SQL: the interim's own rules are tested elsewhere), so that the
  // publication does not differ from the previous (none) by a single report.
  const interim = reports.find((r: { kind: string }) => r.kind === 'INTERIM')!;
  await submitReportBySql(
    app,
    dbId(interim.id),
    1,
    breakdown(
      { FEMALE: 10, MALE: 5, OTHER_OR_UNKNOWN: 0 },
      { CHILD: 4, ADULT: 11 },
      { FORCED_LABOUR: 15 },
      { SHELTER: 15 },
    ),
  );
  const now = app.clock.now();
  const period = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
  await publishPeriod(app, await fundId(app), period);
  const v = expectNoErrors(await app.anonymous.gql(STATS)).publicStatistics.victims;
  expect(v.period).toBe(period);
  expect(v.reportsCounted).toBe(2);
  expect(v.total).toBe('35');
  const cells = (l: { key: string; value: string }[]) => Object.fromEntries(l.map((x) => [x.key, x.value]));
  // 1 "other or unknown" is suppressed, and MALE (10) with it, or 35 − 24 − 10 would reveal it.
  expect(cells(v.bySex)).toEqual({ FEMALE: '24', MALE: '<5', OTHER_OR_UNKNOWN: '<5' });
  expect(cells(v.byAgeGroup)).toEqual({ CHILD: '<5', ADULT: '24', UNKNOWN: '<5' }); // 10 hidden as the complementary cell
});
