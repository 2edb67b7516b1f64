import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { availableMinor, draft, fundId, goodScores, ok, openCall, passAll, seedCash, vote } from './helpers/grants';
import {
  ApplicationAwardDocument,
  ApplicationBoardTallyDocument,
  ApplicationPermissionsDocument,
  AwardsListDocument,
  CallRemainingEnvelopeDocument,
  OpenCallsListDocument,
} from './generated/graphql';

let app: TestApp;
let fund: string;
let sec: GqlClient;
let ngo: GqlClient;
beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  sec = await app.as('SECRETARIAT');
  ngo = await app.as('NGO');
});
afterAll(() => app.stop());

describe('the grant cycle from call to award', () => {
  it('runs call → draft → submit → screen → review → recommend → board votes → award with ledger and schedule', async () => {
    await seedCash(app, 500_000_00n);
    const callId = await openCall(sec, fund, { envelope: '200000.00' });

    const open = await app.anonymous.gql(OpenCallsListDocument);
    expect(expectNoErrors(open).openCalls.edges.map((e) => e.node.id)).toContain(callId);

    const id = await draft(ngo, callId, '40000.00');
    const mine = expectNoErrors(await ngo.gql(ApplicationPermissionsDocument, { id })).application?.permissions;
    expect(mine).toMatchObject({
      edit: { allowed: true },
      submit: { allowed: true, reason: null },
      withdraw: { allowed: true },
    });
    expect(mine?.screen).toEqual({ allowed: false, reason: 'Only the secretariat of this fund screens applications.' });
    const sub = await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    expect(sub.application).toMatchObject({ status: 'SUBMITTED', version: 1 });

    const scr = await ok(sec, 'screenApplication', 'ScreenApplicationInput', { applicationId: id, checks: passAll });
    expect(scr.application.status).toBe('ELIGIBLE');
    const theirs = expectNoErrors(await ngo.gql(ApplicationPermissionsDocument, { id })).application?.permissions;
    expect(theirs?.edit.allowed).toBe(false);
    expect(theirs?.vote.allowed).toBe(false);

    const trustees = await Promise.all(
      (['BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3', 'TRUSTEE4', 'TRUSTEE5'] as const).map((r) => app.as(r)),
    );
    for (const t of trustees.slice(0, 2)) {
      await ok(t, 'confirmNoConflict', 'ConfirmNoConflictInput', { applicationId: id });
      const rv = await ok(t, 'submitReview', 'SubmitReviewInput', {
        applicationId: id,
        scores: goodScores,
        comment: 'Good',
      });
      expect(rv.review.weightedTotal).toBe(8);
      expect(rv.application.status).toBe('UNDER_REVIEW');
    }

    const rec = await ok(sec, 'recommendApplication', 'RecommendApplicationInput', {
      applicationId: id,
      recommend: true,
      proposedAmount: '35000.00',
    });
    expect(rec.application).toMatchObject({ status: 'RECOMMENDED', proposedAmount: { amount: '35000.00' } });

    const before = await availableMinor(app);
    expect((await vote(trustees[0]!, id)).application.status).toBe('RECOMMENDED');
    expect((await vote(trustees[1]!, id, 'ABSTAIN')).application.status).toBe('RECOMMENDED');
    expect((await vote(trustees[2]!, id)).application.status).toBe('RECOMMENDED');
    const tally = expectNoErrors(await trustees[4]!.gql(ApplicationBoardTallyDocument, { id })).application?.boardTally;
    expect(tally).toEqual({ seated: 5, eligible: 5, approvals: 2, abstentions: 1, required: 3, outcome: 'PENDING' });
    const last = await vote(trustees[3]!, id);
    expect(last.errors).toEqual([]);
    expect(last.application.status).toBe('AWARDED');
    expect(await availableMinor(app)).toBe(before - 35_000_00n);

    const a = expectNoErrors(await sec.gql(ApplicationAwardDocument, { id })).application;
    const award = a?.award;
    expect(award).toMatchObject({ status: 'ACTIVE', amount: { amount: '35000.00', currency: 'USD' } });
    expect(award?.tranches.map((t) => [t.number, t.amount.amount, t.status])).toEqual([
      [1, '24500.00', 'SCHEDULED'],
      [2, '10500.00', 'SCHEDULED'],
    ]);
    expect(award?.tranches[0]?.condition).toBeNull();
    expect(award?.tranches[1]?.condition).toMatchObject({ kind: 'INTERIM', status: 'DUE' });
    expect(award?.reports.map((r) => r.kind)).toEqual(['INTERIM', 'FINAL']);
    expect(a?.votes).toHaveLength(4);

    const ledger = await app.sql(
      `select account, debit_minor::text d, credit_minor::text c from ledger_entry where kind = 'AWARD_COMMITTED' order by account`,
    );
    expect(ledger).toEqual([
      { account: 'GRANTS_PAYABLE', d: '0', c: '3500000' },
      { account: 'GRANT_EXPENSE', d: '3500000', c: '0' },
    ]);
    const audit = await app.sql(`select action from audit_event where entity_id = $1 order by seq`, [
      (await app.sql(`select id from application`))[0]!.id,
    ]);
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining([
        'application.create',
        'application.submit',
        'application.screen',
        'application.recommend',
        'application.approve',
        'application.award',
      ]),
    );

    const call = await ngo.gql(CallRemainingEnvelopeDocument, { id: callId });
    expect(expectNoErrors(call).grantCall?.remainingEnvelope?.amount).toBe('165000.00');

    const awards = await ngo.gql(AwardsListDocument);
    expect(expectNoErrors(awards).awards.totalCount).toBe(1);
  });

  it('adds an AUDIT report obligation when the award reaches the fund audit threshold', async () => {
    await seedCash(app, 200_000_00n);
    const callId = await openCall(sec, fund, { maxAward: '100000.00', envelope: '500000.00' });
    const { recommended } = await import('./helpers/grants');
    const t1 = await app.as('BOARD_MEMBER');
    const id = await recommended(ngo, sec, t1, callId, '60000.00');
    for (const r of ['BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const) await vote(await app.as(r), id);
    const a = expectNoErrors(await sec.gql(ApplicationAwardDocument, { id })).application;
    expect(a?.status).toBe('AWARDED');
    expect(a?.award?.reports.map((r) => r.kind)).toEqual(['INTERIM', 'FINAL', 'AUDIT']);
  });
});
