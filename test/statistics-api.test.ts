import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';
import { beneficiaries, makeAward, reportOp, wire } from './helpers/post-award';

/** Victims statistics from a report submitted and accepted through the API, end to end. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

it('counts the victims of a report accepted through the API, with suppression, and not before acceptance', async () => {
  await wire(app, '200000.00');
  const { reports } = await makeAward(app, '30000.00');
  const final = reports.find((r: { kind: string }) => r.kind === 'FINAL')!;
  const ngo = await app.as('NGO' as never);
  const sec = await app.as('SECRETARIAT' as never);
  const submitted = await reportOp(ngo, 'submitReport', {
    reportId: final.id,
    periodFrom: '2027-01-01',
    periodTo: '2027-12-31',
    narrative: 'Final report',
    spending: [],
    beneficiaries: beneficiaries(),
  });
  expect(submitted.errors).toEqual([]);
  const STATS = `{ publicStatistics(fundCode: "UNVTF") { victims { reportsCounted total bySex { key value } byAgeGroup { key value } } } }`;
  const before = expectNoErrors(await app.anonymous.gql(STATS)).publicStatistics.victims;
  expect(before.reportsCounted).toBe(0);
  const accepted = await reportOp(sec, 'acceptReport', { reportId: final.id });
  expect(accepted.errors).toEqual([]);
  const v = expectNoErrors(await app.anonymous.gql(STATS)).publicStatistics.victims;
  expect(v.reportsCounted).toBe(1);
  expect(v.total).toBe('20');
  const cells = (l: { key: string; value: string }[]) => Object.fromEntries(l.map((x) => [x.key, x.value]));
  // 1 "other or unknown" is suppressed, and MALE (5) with it, or 20 − 14 − 5 would reveal it.
  expect(cells(v.bySex)).toEqual({ FEMALE: '14', MALE: '<5', OTHER_OR_UNKNOWN: '<5' });
  expect(cells(v.byAgeGroup)).toEqual({ CHILD: '<5', ADULT: '13', UNKNOWN: '<5' }); // 6 hidden as the complementary cell
});
