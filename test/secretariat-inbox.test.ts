import { randomUUID } from 'node:crypto';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { draft, fundId, goodScores, ok, openCall, passAll } from './helpers/grants';
import { fresh, makeAward, reportOp, secondSecretariat, submission, trancheOp, wire } from './helpers/post-award';
import { Role } from '../src/users/user.entity';
import { registerAndLogin } from './helpers/register';

/** The secretariat's inbox (`secretariatInbox`): what waits on the fund's secretariat, as it moves. */

let app: TestApp;
let sec: GqlClient;
let fund: string;

const INBOX = `query($fundId: String!, $first: Int) { secretariatInbox(fundId: $fundId, first: $first) {
  sections { kind totalCount items { entityId targetId title organizationName since dueDate } } } }`;

interface Item {
  entityId: string;
  targetId: string;
  title: string;
  organizationName: string | null;
  since: string | null;
  dueDate: string | null;
}
interface Section {
  kind: string;
  totalCount: number;
  items: Item[];
}

async function inbox(client: GqlClient = sec, first?: number): Promise<Record<string, Section>> {
  const r = expectNoErrors(
    await client.gql<{ secretariatInbox: { sections: Section[] } }>(INBOX, { fundId: fund, first }),
  );
  return Object.fromEntries(r.secretariatInbox.sections.map((s) => [s.kind, s]));
}
const ids = (s: Section) => s.items.map((i) => i.entityId);

beforeAll(async () => {
  app = await startTestApp();
  sec = await app.as('SECRETARIAT');
  fund = await fundId(app);
  await wire(app, '1000000.00');
});
afterEach(() => app.clock.reset());
afterAll(() => app.stop());

describe('secretariatInbox', () => {
  it('lists a new organisation to vet until it is vetted', async () => {
    const { orgId } = await registerAndLogin(app, {
      kind: 'NGO',
      legalName: 'Inbox Test Shelter',
      country: 'KE',
      email: `inbox-${randomUUID()}@shelter.example`,
      displayName: 'Lead',
      password: 'quiet harbour lantern marble 77',
    });
    const before = (await inbox()).ORGANIZATION_TO_VET!;
    expect(ids(before)).toContain(orgId);
    expect(before.items.find((i) => i.entityId === orgId)).toMatchObject({
      title: 'Inbox Test Shelter',
      targetId: orgId,
    });
    const vetted = expectNoErrors(
      await sec.gql<{ vetOrganization: { errors: unknown[] } }>(
        `mutation($input: VetOrganizationInput!) { vetOrganization(input: $input) { errors { code message } } }`,
        { input: { organizationId: orgId, status: 'VERIFIED', reason: 'Registration checked.' } },
      ),
    ).vetOrganization;
    expect(vetted.errors).toEqual([]);
    const after = (await inbox()).ORGANIZATION_TO_VET!;
    expect(ids(after)).not.toContain(orgId);
    expect(after.totalCount).toBe(before.totalCount - 1);
  });

  it('follows an application from screening to recommendation, with the call’s closing date', async () => {
    const ngo = await app.as('NGO');
    const reviewer = await app.as('BOARD_MEMBER');
    const callId = await openCall(sec, fund);
    const id = await draft(ngo, callId);
    expect(ids((await inbox()).APPLICATION_TO_SCREEN!)).not.toContain(id); // a draft waits on the NGO
    await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    const toScreen = (await inbox()).APPLICATION_TO_SCREEN!;
    const item = toScreen.items.find((i) => i.entityId === id)!;
    expect(item).toMatchObject({ title: 'Safe Harbour shelters', organizationName: 'Safe Harbour Network' });
    expect(item.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(item.since).not.toBeNull();

    await ok(sec, 'screenApplication', 'ScreenApplicationInput', { applicationId: id, checks: passAll });
    let box = await inbox();
    expect(ids(box.APPLICATION_TO_SCREEN!)).not.toContain(id);
    expect(ids(box.APPLICATION_TO_RECOMMEND!)).not.toContain(id); // eligible: waits on the reviewers
    await ok(reviewer, 'confirmNoConflict', 'ConfirmNoConflictInput', { applicationId: id });
    await ok(reviewer, 'submitReview', 'SubmitReviewInput', { applicationId: id, scores: goodScores, comment: 'Good' });
    box = await inbox();
    expect(ids(box.APPLICATION_TO_RECOMMEND!)).toContain(id);
    await ok(sec, 'recommendApplication', 'RecommendApplicationInput', {
      applicationId: id,
      recommend: true,
      proposedAmount: '30000.00',
    });
    expect(ids((await inbox()).APPLICATION_TO_RECOMMEND!)).not.toContain(id);
  });

  it('moves a tranche from request to approval to payment, and lists a submitted report', async () => {
    const a = await makeAward(app, '35000.00');
    const t1 = a.tranches[0]!;
    // Months before the planned start (2027-01-01 in the helpers' applications), nothing to request yet.
    // The clock is set, not read: from 30 days before that date the real one would list it.
    app.clock.set(new Date('2026-10-01T09:00:00Z'));
    expect(ids((await inbox(await fresh(app, Role.SECRETARIAT))).TRANCHE_TO_REQUEST!)).not.toContain(t1.id);
    // Three weeks before it, the first tranche is near: time to request it.
    app.clock.set(new Date('2026-12-11T09:00:00Z'));
    const staff = await fresh(app, Role.SECRETARIAT);
    const sec2 = await secondSecretariat(app);
    let box = await inbox(staff);
    const toRequest = box.TRANCHE_TO_REQUEST!.items.find((i) => i.entityId === t1.id);
    expect(toRequest).toMatchObject({ targetId: a.awardId, title: 'Safe Harbour shelters' });
    expect(toRequest!.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    expect((await trancheOp(staff, 'requestTranche', { trancheId: t1.id })).errors).toEqual([]);
    box = await inbox(staff);
    expect(ids(box.TRANCHE_TO_REQUEST!)).not.toContain(t1.id);
    expect(ids(box.TRANCHE_TO_APPROVE!)).toContain(t1.id);
    expect((await trancheOp(sec2, 'approveTranche', { trancheId: t1.id })).errors).toEqual([]);
    box = await inbox(staff);
    expect(ids(box.TRANCHE_TO_APPROVE!)).not.toContain(t1.id);
    expect(ids(box.TRANCHE_TO_PAY!)).toContain(t1.id);
    const paid = await trancheOp(sec2, 'recordTranchePayment', {
      trancheId: t1.id,
      reference: `FT-${randomUUID().slice(0, 8)}`,
      valueDate: '2026-12-11',
    });
    expect(paid.errors).toEqual([]);
    expect(ids((await inbox(staff)).TRANCHE_TO_PAY!)).not.toContain(t1.id);

    const interim = a.tranches[1]!.condition!.id;
    expect((await reportOp(await fresh(app, Role.NGO), 'submitReport', submission(interim))).errors).toEqual([]);
    const report = (await inbox(staff)).REPORT_TO_REVIEW!.items.find((i) => i.entityId === interim);
    expect(report).toMatchObject({ targetId: a.awardId, organizationName: 'Safe Harbour Network' });
    expect(report!.since).not.toBeNull();
  });

  it('gives every kind in order, with its total beyond the first items', async () => {
    const box = await inbox(sec, 1);
    expect(Object.keys(box)).toEqual([
      'ORGANIZATION_TO_VET',
      'BANK_ACCOUNT_TO_CONFIRM',
      'APPLICATION_TO_SCREEN',
      'APPLICATION_TO_RECOMMEND',
      'TRANCHE_TO_REQUEST',
      'TRANCHE_TO_APPROVE',
      'TRANCHE_TO_PAY',
      'REPORT_TO_REVIEW',
      'AMENDMENT_PENDING',
      'PAYMENT_RECEIPT_OVERDUE',
      'PAYMENT_DISCREPANCY',
    ]);
    const callId = await openCall(sec, fund, { allowPendingVetting: true });
    for (const name of ['First', 'Second']) {
      const { client: ngo } = await registerAndLogin(app, {
        kind: 'NGO',
        legalName: `${name} Shelter`,
        country: 'KE',
        email: `inbox-${randomUUID()}@shelter.example`,
        displayName: 'Lead',
        password: 'quiet harbour lantern marble 77',
      });
      const id = await draft(ngo, callId);
      await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    }
    const screen = (await inbox(sec, 1)).APPLICATION_TO_SCREEN!;
    expect(screen.items).toHaveLength(1);
    expect(screen.totalCount).toBeGreaterThanOrEqual(2);
  });

  it('refuses other roles, another fund’s secretariat and a bad page size', async () => {
    for (const role of ['BOARD_MEMBER', 'AUDITOR', 'NGO', 'DONOR', 'ADMIN'] as const) {
      const r = await (await app.as(role)).gql(INBOX, { fundId: fund });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await app.anonymous.gql(INBOX, { fundId: fund })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const admin = await app.as('ADMIN');
    const other = expectNoErrors(
      await admin.gql<{ createFund: { fund: { id: string } } }>(
        `mutation($i: CreateFundInput!) { createFund(input: $i) { fund { id } errors { code } } }`,
        { i: { code: `INB${Date.now() % 100000}`, name: 'Another fund', baseCurrency: 'USD' } },
      ),
    ).createFund.fund.id;
    const r = await sec.gql(INBOX, { fundId: other });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    for (const first of [0, 51]) {
      const bad = await sec.gql(INBOX, { fundId: fund, first });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
