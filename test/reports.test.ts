import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { fundId, openCall, recommended, vote } from './helpers/grants';
import { dbId } from './helpers/money';
import {
  beneficiaries,
  fresh,
  makeAward,
  reportOp,
  secondSecretariat,
  submission,
  trancheOp,
  wire,
} from './helpers/post-award';
import { markOverdueReports } from '../src/jobs/reminders';
import { Role } from '../src/users/user.entity';

let app: TestApp;
let sec: GqlClient;
let ngo: GqlClient;

beforeAll(async () => {
  app = await startTestApp();
  sec = await app.as('SECRETARIAT');
  ngo = await app.as('NGO');
  await wire(app, '500000.00');
});
afterAll(() => app.stop());

/** An award whose first tranche (24,500.00 of 35,000.00) is paid, so spending can be reported. */
async function paidAward() {
  const a = await makeAward(app);
  const sec2 = await secondSecretariat(app);
  await trancheOp(sec, 'requestTranche', { trancheId: a.tranches[0]!.id });
  await trancheOp(sec2, 'approveTranche', { trancheId: a.tranches[0]!.id });
  const p = await trancheOp(sec2, 'recordTranchePayment', {
    trancheId: a.tranches[0]!.id,
    reference: `FT-${a.awardId.slice(-6)}`,
    valueDate: new Date().toISOString().slice(0, 10),
  });
  expect(p.errors).toEqual([]);
  return { ...a, interim: a.tranches[1]!.condition!.id };
}

describe('report submission and validation', () => {
  it('keeps every submitted version through a revision and accepts the last one', async () => {
    const a = await paidAward();
    const v1 = await reportOp(ngo, 'submitReport', submission(a.interim, '12000.00'));
    expect(v1.errors).toEqual([]);
    expect(v1.report).toMatchObject({ status: 'SUBMITTED', currentSubmission: { version: 1 } });
    expect(v1.submission).toMatchObject({
      spending: [{ category: 'Shelter', amount: { amount: '12000.00' } }],
      beneficiaries: {
        total: 20,
        byNationality: [
          { country: 'GH', count: 8 },
          { country: 'NG', count: 12 },
        ],
      },
    });
    const rev = await reportOp(sec, 'requestReportRevision', {
      reportId: a.interim,
      comments: 'Split the spending by budget line, please.',
    });
    expect(rev.report.status).toBe('REVISION_REQUESTED');
    const v2 = await reportOp(
      ngo,
      'submitReport',
      submission(a.interim, '0', {
        spending: [
          { category: 'Shelter', amount: '8000.00' },
          { category: 'Legal aid', amount: '4000.00' },
        ],
      }),
    );
    expect(v2.errors).toEqual([]);
    expect(v2.report.submissions.map((s: any) => s.version)).toEqual([1, 2]);
    const acc = await reportOp(sec, 'acceptReport', { reportId: a.interim, comment: 'Thank you.' });
    expect(acc.report).toMatchObject({ status: 'ACCEPTED', currentSubmission: { version: 2 } });
    expect(acc.report.acceptedAt).toBeTruthy();
    const again = await reportOp(ngo, 'submitReport', submission(a.interim));
    expect(again.errors.map((e) => e.code)).toEqual(['INVALID_STATE']);

    const rows = await app.sql(
      `select version, review_comment, spending, beneficiaries from report_submission where report_id = $1 order by version`,
      [dbId(a.interim)],
    );
    expect(rows.map((r) => [r.version, r.review_comment])).toEqual([
      [1, 'Split the spending by budget line, please.'],
      [2, 'Thank you.'],
    ]);
    expect(rows[1]!.spending).toEqual([
      { category: 'Shelter', amountMinor: '800000' },
      { category: 'Legal aid', amountMinor: '400000' },
    ]);
    // The stored shape is the contract with the transparency work: counts only, nationality as a map.
    expect(rows[0]!.beneficiaries).toEqual({
      total: 20,
      bySex: { FEMALE: 14, MALE: 5, OTHER_OR_UNKNOWN: 1 },
      byAgeGroup: { CHILD: 6, ADULT: 13, UNKNOWN: 1 },
      byExploitation: {
        SEXUAL_EXPLOITATION: 9,
        FORCED_LABOUR: 6,
        DOMESTIC_SERVITUDE: 3,
        FORCED_MARRIAGE: 1,
        ORGAN_REMOVAL: 0,
        FORCED_CRIMINALITY: 1,
        OTHER: 0,
      },
      byNationality: { NG: 12, GH: 8 },
      byAssistance: { SHELTER: 15, MEDICAL: 20, PSYCHOLOGICAL: 12, LEGAL: 7, REINTEGRATION: 4, OTHER: 0 },
    });
    const audit = await app.sql(`select action from audit_event where entity_id = $1 order by seq`, [dbId(a.interim)]);
    expect(audit.map((r) => r.action)).toEqual([
      'report.submit',
      'report.request_revision',
      'report.submit',
      'report.accept',
    ]);
  });

  it('refuses a report whose counts are inconsistent, negative or name an unknown country', async () => {
    const a = await paidAward();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ bySex: { FEMALE: 14, MALE: 5, OTHER_OR_UNKNOWN: 0 } }, 'INCONSISTENT_COUNTS', 'beneficiaries.bySex'],
      [{ byAgeGroup: { CHILD: 6, ADULT: 14, UNKNOWN: 1 } }, 'INCONSISTENT_COUNTS', 'beneficiaries.byAgeGroup'],
      [{ byNationality: [{ country: 'NG', count: 12 }] }, 'INCONSISTENT_COUNTS', 'beneficiaries.byNationality'],
      [
        { byAssistance: { SHELTER: 21, MEDICAL: 0, PSYCHOLOGICAL: 0, LEGAL: 0, REINTEGRATION: 0, OTHER: 0 } },
        'INCONSISTENT_COUNTS',
        'beneficiaries.byAssistance.SHELTER',
      ],
      [{ bySex: { FEMALE: 21, MALE: -1, OTHER_OR_UNKNOWN: 0 } }, 'INVALID_VALUE', 'beneficiaries.bySex.MALE'],
      [
        {
          byNationality: [
            { country: 'XX', count: 12 },
            { country: 'GH', count: 8 },
          ],
        },
        'INVALID_VALUE',
        'beneficiaries.byNationality.0',
      ],
    ];
    for (const [over, code, field] of cases) {
      const r = await reportOp(
        ngo,
        'submitReport',
        submission(a.interim, '100.00', { beneficiaries: beneficiaries(over) }),
      );
      expect(r.errors.map((e) => [e.code, e.field])).toEqual([[code, field]]);
    }
    const unknownKey = await ngo.gql(
      `mutation($input: SubmitReportInput!) { submitReport(input: $input) { errors { code } } }`,
      {
        input: submission(a.interim, '1.00', {
          beneficiaries: beneficiaries({ bySex: { FEMALE: 20, MALE: 0, OTHER_OR_UNKNOWN: 0, NONBINARY: 0 } }),
        }),
      },
    );
    expect(unknownKey.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await app.sql(`select 1 from report_submission where report_id = $1`, [dbId(a.interim)])).toHaveLength(0);
  });

  it('refuses spending above what was paid, spending on a line that is not in the budget, and a report by a non-member', async () => {
    const a = await paidAward();
    const above = await reportOp(ngo, 'submitReport', submission(a.interim, '24500.01'));
    expect(above.errors.map((e) => e.code)).toEqual(['SPENDING_ABOVE_PAID']);
    const line = await reportOp(
      ngo,
      'submitReport',
      submission(a.interim, '1.00', { spending: [{ category: 'Travel', amount: '1.00' }] }),
    );
    expect(line.errors.map((e) => [e.code, e.field])).toEqual([['INVALID_VALUE', 'spending.0.category']]);
    expect((await reportOp(ngo, 'submitReport', submission(a.interim, '24500.00'))).errors).toEqual([]);
    const donor = await app.as('DONOR');
    const r = await donor.gql(
      `mutation($input: SubmitReportInput!) { submitReport(input: $input) { errors { code } } }`,
      {
        input: submission(a.interim),
      },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('overdue reports', () => {
  it('shows a report past its due date as OVERDUE, blocks the award’s tranches and new awards, until it is submitted', async () => {
    const a = await makeAward(app);
    const fund = await fundId(app);
    // A second application of the same organisation, ready for the board before the clock moves.
    const callId = await openCall(sec, fund, { envelope: '1000000.00' });
    const next = await recommended(ngo, sec, await app.as('BOARD_MEMBER'), callId, '20000.00');
    expect((await vote(await app.as('BOARD_MEMBER'), next)).errors).toEqual([]);
    expect((await vote(await app.as('TRUSTEE2'), next)).errors).toEqual([]);

    const interim = a.reports.find((r) => r.kind === 'INTERIM')!;
    expect(interim.dueDate).toBe('2027-06-01');
    app.clock.set(new Date('2027-06-01T18:00:00Z'));
    try {
      let s = await fresh(app, Role.SECRETARIAT);
      const q = `query($id: ID!) { node(id: $id) { ... on Report { status } } }`;
      expect(expectNoErrors(await s.gql(q, { id: interim.id })).node.status).toBe('DUE');

      app.clock.set(new Date('2027-06-02T09:00:00Z'));
      s = await fresh(app, Role.SECRETARIAT);
      expect(expectNoErrors(await s.gql(q, { id: interim.id })).node.status).toBe('OVERDUE');
      const req = await trancheOp(s, 'requestTranche', { trancheId: a.tranches[0]!.id });
      expect(req.errors.map((e) => e.code)).toEqual(['OVERDUE_REPORT']);
      const trustee3 = await app.login('trustee3@demo.vtf.example', 'Demo-Trustee-Osprey-2026');
      const blocked = await vote(trustee3, next);
      expect(blocked.errors.map((e) => e.code)).toEqual(['OVERDUE_REPORT']);
      expect(blocked.application?.status ?? 'RECOMMENDED').toBe('RECOMMENDED');

      // The job stores what the clock already shows, once.
      expect(await markOverdueReports(app.orm, app.clock)).toBeGreaterThanOrEqual(1);
      expect(await markOverdueReports(app.orm, app.clock)).toBe(0);
      const [stored] = await app.sql(`select status from report where id = $1`, [dbId(interim.id)]);
      expect(stored!.status).toBe('OVERDUE');

      // Submitting every overdue report lifts both blocks.
      const n = await fresh(app, Role.NGO);
      const overdue = await app.sql(`select id from report where status = 'OVERDUE'`);
      for (const { id } of overdue) {
        const gid = Buffer.from(`Report:${id}`).toString('base64');
        expect((await reportOp(n, 'submitReport', submission(gid, '0.00'))).errors).toEqual([]);
      }
      expect(expectNoErrors(await s.gql(q, { id: interim.id })).node.status).toBe('SUBMITTED');
      expect((await trancheOp(s, 'requestTranche', { trancheId: a.tranches[0]!.id })).errors).toEqual([]);
      const passed = await vote(trustee3, next);
      expect(passed.errors).toEqual([]);
      expect(passed.application.status).toBe('AWARDED');
    } finally {
      app.clock.reset();
    }
  });
});
