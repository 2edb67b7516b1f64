import pino from 'pino';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { fundId } from './helpers/money';
import { wire } from './helpers/post-award';
import { beneficiaries, publishPeriod, submitReportBySql } from './helpers/reports';
import { cast, makeAward, type Cast } from './helpers/transparency';
import { JOBS } from '../src/jobs/worker';

/**
 * Victim statistics are published per closed quarter and frozen (issue 11, Compliance): comparing
 * two answers must never reveal one report's counts below the suppression threshold.
 */

let app: TestApp;
let fund: string;
let c: Cast;
let sec: GqlClient;

const VICTIMS = `query { publicStatistics(fundCode: "UNVTF") { victims {
  period periodStart periodEnd publishedAt reportsCounted total
  bySex { key value } byAgeGroup { key value } byExploitation { key value } byAssistance { key value } } } }`;
const victims = async () => expectNoErrors(await app.anonymous.gql(VICTIMS)).publicStatistics.victims;
const cells = (l: { key: string; value: string }[]) => Object.fromEntries(l.map((x) => [x.key, x.value]));
const PUBLISH = `mutation($i: PublishStatisticsInput!) { publishStatistics(input: $i) {
  publication { period reportsCounted carriedForward } errors { code field } } }`;

async function reportsOfNewAward(): Promise<{ interim: string; final: string }> {
  const { awardId } = await makeAward(c, fund, '20000.00');
  const rows = await app.sql<{ id: string; kind: string }>(`select id::text, kind from report where award_id = $1`, [
    awardId,
  ]);
  const id = (kind: string) => rows.find((r) => r.kind === kind)?.id ?? '';
  return { interim: id('INTERIM'), final: id('FINAL') };
}

const small = beneficiaries(
  { FEMALE: 2, MALE: 0, OTHER_OR_UNKNOWN: 0 },
  { ADULT: 2 },
  { FORCED_LABOUR: 2 },
  { SHELTER: 2 },
);
const large = beneficiaries(
  { FEMALE: 25, MALE: 9, OTHER_OR_UNKNOWN: 1 },
  { CHILD: 12, ADULT: 23, UNKNOWN: 0 },
  { SEXUAL_EXPLOITATION: 35 },
  { SHELTER: 35, LEGAL: 3 },
);

beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  c = await cast(app);
  sec = c.sec;
  await wire(app, '200000.00');
}, 60_000);
afterAll(() => app.stop());

it('shows nothing before the first publication, and an empty closed quarter once published', async () => {
  const v = await victims();
  expect(v).toMatchObject({ period: null, periodStart: null, periodEnd: null, publishedAt: null, reportsCounted: 0 });
  expect(v.total).toBe('0');
  const p = await publishPeriod(app, fund, '2026-Q3');
  expect(p).toMatchObject({ period: '2026-Q3', reportsCounted: 0, carriedForward: false });
  expect(await victims()).toMatchObject({
    period: '2026-Q3',
    periodStart: '2026-07-01',
    periodEnd: '2026-09-30',
    reportsCounted: 0,
    total: '0',
  });
  const [audit] = await app.sql(`select actor_role, after from audit_event where action = 'statistics.publish'`);
  expect(audit).toMatchObject({ actor_role: 'SECRETARIAT', after: { period: '2026-Q3', reportsCounted: 0 } });
});

it('refuses an open quarter, a second publication of a period, an earlier period and a malformed one', async () => {
  const open = `${app.clock.now().getUTCFullYear()}-Q${Math.floor(app.clock.now().getUTCMonth() / 3) + 1}`;
  const tries: [string, string][] = [
    [open, 'PERIOD_NOT_CLOSED'],
    ['2099-Q1', 'PERIOD_NOT_CLOSED'],
    ['2026-Q3', 'ALREADY_PUBLISHED'],
    ['2026-Q2', 'ALREADY_PUBLISHED'],
    ['2026-13', 'INVALID_VALUE'],
  ];
  for (const [period, code] of tries) {
    const r = expectNoErrors(await sec.gql(PUBLISH, { i: { fundId: fund, period } })).publishStatistics;
    expect([period, r.errors]).toEqual([period, [{ code, field: 'period' }]]);
  }
  expect(await app.sql(`select period from statistics_publication`)).toEqual([{ period: '2026-Q3' }]);
});

it('refuses the wrong roles', async () => {
  for (const who of ['BOARD_MEMBER', 'AUDITOR', 'DONOR', 'NGO'] as const) {
    const r = await (await app.as(who)).gql(PUBLISH, { i: { fundId: fund, period: '2026-Q1' } });
    expect([who, r.errors?.[0]?.extensions?.code]).toEqual([who, 'FORBIDDEN']);
  }
  const anon = await app.anonymous.gql(PUBLISH, { i: { fundId: fund, period: '2026-Q1' } });
  expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(await app.sql(`select period from statistics_publication`)).toEqual([{ period: '2026-Q3' }]);
});

describe('accepted reports', () => {
  let first: { interim: string; final: string };
  let second: { interim: string; final: string };
  beforeAll(async () => {
    first = await reportsOfNewAward();
    second = await reportsOfNewAward();
  }, 120_000);

  it('changes nothing public when a report is accepted, until its quarter closes and is published', async () => {
    const before = await victims();
    await submitReportBySql(app, first.final, 1, small);
    expect(await victims()).toEqual(before);
    await submitReportBySql(app, first.interim, 1, large);
    expect(await victims()).toEqual(before);
    // The current quarter is open: publishing it is refused, so nothing changes either.
    const open = `${app.clock.now().getUTCFullYear()}-Q${Math.floor(app.clock.now().getUTCMonth() / 3) + 1}`;
    const r = expectNoErrors(await sec.gql(PUBLISH, { i: { fundId: fund, period: open } })).publishStatistics;
    expect(r.errors).toEqual([{ code: 'PERIOD_NOT_CLOSED', field: 'period' }]);
    expect(await victims()).toEqual(before);

    // The quarter closes and is published: both reports, suppressed per publication.
    expect(await publishPeriod(app, fund, open)).toMatchObject({ reportsCounted: 2, carriedForward: false });
    const v = await victims();
    expect(v).toMatchObject({ period: open, reportsCounted: 2, total: '37' });
    // 1 OTHER_OR_UNKNOWN suppressed, MALE (9) with it as the complement; 27 women published.
    expect(cells(v.bySex)).toEqual({ FEMALE: '27', MALE: '<5', OTHER_OR_UNKNOWN: '<5' });
    // LEGAL 3 suppressed; SHELTER, the only other non-zero cell, is its complement.
    expect(cells(v.byAssistance)).toMatchObject({ SHELTER: '<5', LEGAL: '<5', MEDICAL: '0' });
  });

  it('carries the previous figures forward when a single report arrived, so no two publications differ by one', async () => {
    const previous = await victims();
    const [y] = previous.period.split('-Q').map(Number);
    // One more report accepted: the next quarter's publication repeats the previous figures.
    await submitReportBySql(app, second.final, 1, small);
    const next = `${y + 1}-Q1`;
    expect(await publishPeriod(app, fund, next)).toMatchObject({ reportsCounted: 2, carriedForward: true });
    const carried = await victims();
    expect(carried).toMatchObject({ period: next, reportsCounted: 2 });
    const { period: _a, periodStart: _b, periodEnd: _c, publishedAt: _d, ...same } = previous;
    expect(carried).toMatchObject(same);

    // A second report arrives: the following quarter counts both new reports at once.
    await submitReportBySql(
      app,
      second.interim,
      1,
      beneficiaries({ FEMALE: 3, MALE: 3, OTHER_OR_UNKNOWN: 0 }, { ADULT: 6 }, { FORCED_LABOUR: 6 }, { SHELTER: 6 }),
    );
    expect(await publishPeriod(app, fund, `${y + 1}-Q2`)).toMatchObject({
      reportsCounted: 4,
      carriedForward: false,
    });
    const v = await victims();
    expect(v).toMatchObject({ period: `${y + 1}-Q2`, reportsCounted: 4, total: '45' });
    // FEMALE 32, MALE 12, OTHER 1: still "<5" and its complement, in this publication too.
    expect(cells(v.bySex)).toEqual({ FEMALE: '32', MALE: '<5', OTHER_OR_UNKNOWN: '<5' });

    // Across every publication, consecutive report sets never differ by exactly one report.
    const pubs = await app.sql<{ report_ids: string[] }>(
      `select report_ids from statistics_publication order by period_end`,
    );
    for (let i = 1; i < pubs.length; i++) {
      const a = new Set(pubs[i - 1]!.report_ids);
      const b = new Set(pubs[i]!.report_ids);
      const changed = [...a].filter((x) => !b.has(x)).length + [...b].filter((x) => !a.has(x)).length;
      expect(changed).not.toBe(1);
    }
  });

  it('a published quarter stays frozen when later reports are accepted', async () => {
    const before = await victims();
    const { final } = await reportsOfNewAward();
    await submitReportBySql(app, final, 1, large);
    expect(await victims()).toEqual(before);
  }, 60_000);
});

it('the daily job publishes the quarter that has just closed, once', async () => {
  const job = JOBS.find((j) => j.name === 'publish-statistics');
  if (!job) throw new Error('no publish-statistics job');
  const latest = (await victims()).period as string;
  const [y, q] = latest.split('-Q').map(Number) as [number, number];
  const nextPeriod = q === 4 ? `${y + 1}-Q1` : `${y}-Q${q + 1}`;
  const [ny, nq] = nextPeriod.split('-Q').map(Number) as [number, number];
  app.clock.set(new Date(Date.UTC(ny, nq * 3, 1, 0, 30)));
  try {
    const deps = { orm: app.orm, clock: app.clock, log: pino({ level: 'silent' }), mailer: null };
    const funds = await app.sql(`select 1 from fund`);
    expect(await job.run(deps)).toBe(funds.length);
    expect(await job.run(deps)).toBe(0);
  } finally {
    app.clock.reset();
  }
  expect((await victims()).period).toBe(nextPeriod);
  const [audit] = await app.sql(
    `select actor_role from audit_event where action = 'statistics.publish' order by seq desc limit 1`,
  );
  expect(audit).toEqual({ actor_role: 'system:jobs' });
});
