import { randomUUID } from 'node:crypto';
import type { GraphQLSchema } from 'graphql';
import { buildAppSchema } from '../../src/graphql/schema';
import { registerAndLogin } from '../helpers/register';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from '../helpers/app';
import {
  concept,
  content,
  draft,
  fundId,
  ok,
  openCall,
  openTwoStageCall,
  passAll,
  recommended,
  seedCash,
  vote,
} from '../helpers/grants';
import { FakeStripe } from '../helpers/fake-stripe';
import {
  bankRef,
  cardContribution,
  createPledge,
  dbId,
  demoDonorOrgId,
  recordWire,
  registerDonor,
} from '../helpers/money';
import { deliver, events } from '../helpers/stripe-events';
import { operationFor, schemaOperations, type SchemaOperation } from './schema-ops';
import { EXPECTATIONS, WHO, type Outcome, type Scope, type Who } from './authz-expectations';
import { reportOp, secondSecretariat, submission, trancheOp } from '../helpers/post-award';
import { globalId } from '../../src/graphql/relay';
import { DEMO_USERS } from '../../src/seed/demo';

/**
 * Authorization matrix generated from the schema: every query and mutation × every role ×
 * (where it applies) the caller's own organisation and another one. Each cell's outcome is
 * UNAUTHENTICATED, FORBIDDEN or ALLOW (no top-level auth error; business errors in the payload
 * are fine) and must equal the explicit table in authz-expectations.ts. An operation of the
 * schema missing from the table fails the suite: a new operation needs a policy decision.
 */
let fake: FakeStripe;
let app: TestApp;
let schema: GraphQLSchema;
let w: World;

interface World {
  fund: string;
  fundName: string;
  org: Record<'ngo' | 'donor', Record<Scope, string>>;
  ngo: Record<Scope, GqlClient>;
  donorClient: Record<Scope, GqlClient>;
  call: string;
  twoStageCall: string;
  draftCall: string;
  submitted: Record<Scope, string>;
  recommended: string;
  award: Record<Scope, string>;
  contribution: Record<Scope, string>;
  card: Record<Scope, string>;
  post: Record<Scope, PostAward>;
}

/**
 * Post-award objects of one organisation's awards, each in the state its operation needs:
 * A (w.award): tranche 1 paid and the interim report accepted, so tranche 2 can be requested;
 * the final report due (submit, then accept); refunds.
 * B: tranche 1 requested by a second secretariat member (approve); the interim report submitted
 * (ask for a revision); a pending amendment of tranche 2's amount (board vote) and a change of
 * its date alone (applied at once).
 * C: tranche 1 approved (pay), tranche 2 scheduled (cancel), then the award terminated.
 * The operations run in schema order: request, approve, pay, cancel, terminate, refund, submit,
 * accept, revise, notification, amend, vote.
 */
interface PostAward {
  award: string;
  a: { t1: string; t2: string; t2Amount: string; interim: string; final: string };
  b: { award: string; t1: string; t2: string; t2Amount: string; interim: string; amendment: string };
  c: { award: string; t1: string; t2: string };
  notification: string;
  /** The transfer that paid tranche 1 of A (its receipt awaits the grantee). */
  payment: string;
}

const clients = new Map<Who, GqlClient>();

async function registerNgo(): Promise<{ client: GqlClient; orgId: string }> {
  const { client: ngo, orgId } = await registerAndLogin(app, {
    kind: 'NGO',
    legalName: 'Other Shelter Network',
    country: 'PH',
    email: `lead-${randomUUID()}@other.example`,
    displayName: 'Lead',
    password: 'quiet harbour lantern marble 77',
  });
  // The NGO gives its bank account with its registration; the vetting checks it with the rest.
  for (const [c, m, t, i] of [
    [
      ngo,
      'setBankAccount',
      'SetBankAccountInput',
      {
        organizationId: orgId,
        accountHolder: 'Other Shelter',
        bankName: 'Banco de Oro',
        iban: 'DE89370400440532013000',
      },
    ],
    [
      clients.get('SECRETARIAT')!,
      'vetOrganization',
      'VetOrganizationInput',
      { organizationId: orgId, status: 'VERIFIED', reason: 'Registration checked' },
    ],
  ] as const) {
    const r = expectNoErrors(await c.gql(`mutation($i: ${t}!) { ${m}(input: $i) { errors { code } } }`, { i }));
    expect(r[m].errors).toEqual([]);
  }
  return { client: ngo, orgId };
}

async function submittedIn(ngo: GqlClient, callId: string): Promise<string> {
  const id = await draft(ngo, callId);
  await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
  return id;
}

async function awarded(ngo: GqlClient): Promise<string> {
  const t = await Promise.all((['BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const).map((r) => app.as(r)));
  const call = await openCall(clients.get('SECRETARIAT')!, w.fund);
  const id = await recommended(ngo, clients.get('SECRETARIAT')!, t[0]!, call);
  for (const c of t) expect((await vote(c, id)).errors).toEqual([]);
  const r = expectNoErrors(await ngo.gql('query($id: String!) { application(id: $id) { award { id } } }', { id }));
  return r.application.award.id;
}

async function wire(orgId: string): Promise<string> {
  const r = expectNoErrors(
    await recordWire(clients.get('SECRETARIAT')!, {
      fundId: w.fund,
      donorOrganizationId: orgId,
      amount: '1000.00',
      currency: 'USD',
      valueDate: '2026-11-02',
      bankReference: bankRef(),
    }),
  ).recordWireContribution;
  expect(r.errors).toEqual([]);
  return r.contribution.id;
}

beforeAll(async () => {
  // Payments configured, as in production, so card operations reach their policy.
  fake = await new FakeStripe().start();
  [app, schema] = await Promise.all([startTestApp(fake.env()), buildAppSchema()]);
  clients.set('ANON', app.anonymous);
  for (const who of WHO.filter((x) => x !== 'ANON')) clients.set(who, await app.as(who));
  const sec = clients.get('SECRETARIAT')!;
  const fund = await fundId(app);
  const f = expectNoErrors(await sec.gql('query($id: ID!) { node(id: $id) { ... on Fund { name } } }', { id: fund }));
  w = { fund, fundName: f.node.name } as World;
  const [otherNgo, otherDonor] = [await registerNgo(), await registerDonor(app, 'Other Donor Trust')];
  const ngoOrg = expectNoErrors(await clients.get('NGO')!.gql('{ me { organizations { id } } }')).me.organizations[0]
    .id;
  w.org = {
    ngo: { own: ngoOrg, other: otherNgo.orgId },
    donor: { own: await demoDonorOrgId(app), other: otherDonor.orgId },
  };
  w.ngo = { own: clients.get('NGO')!, other: otherNgo.client };
  w.donorClient = { own: clients.get('DONOR')!, other: otherDonor.client };
  await seedCash(app, 1_000_000_00n);
  w.call = await openCall(sec, fund);
  w.twoStageCall = await openTwoStageCall(sec, fund);
  w.draftCall = expectNoErrors(
    await sec.gql(
      `mutation($i: CreateGrantCallInput!) { createGrantCall(input: $i) { grantCall { id } errors { code } } }`,
      { i: callInput(fund) },
    ),
  ).createGrantCall.grantCall.id;
  w.submitted = { own: await submittedIn(w.ngo.own, w.call), other: await submittedIn(w.ngo.other, w.call) };
  const t1 = await app.as('BOARD_MEMBER');
  w.recommended = await recommended(w.ngo.own, sec, t1, await openCall(sec, fund));
  w.award = { own: await awarded(w.ngo.own), other: await awarded(w.ngo.other) };
  w.contribution = { own: await wire(w.org.donor.own), other: await wire(w.org.donor.other) };
  w.card = { own: await card(w.donorClient.own), other: await card(w.donorClient.other) };
  const sec2 = await secondSecretariat(app);
  w.post = { own: await postAward('own', sec2), other: await postAward('other', sec2) };
}, 180_000);
afterAll(async () => {
  await app.stop();
  await fake.stop();
});

async function shape(awardId: string) {
  const r = expectNoErrors(
    await clients
      .get('SECRETARIAT')!
      .gql('query($id: String!) { award(id: $id) { tranches { id number amount { amount } } reports { id kind } } }', {
        id: awardId,
      }),
  ).award;
  const t = (n: number) => r.tranches.find((x: { number: number }) => x.number === n);
  const rep = (k: string): string => r.reports.find((x: { kind: string }) => x.kind === k).id;
  return { t1: t(1).id, t2: t(2).id, t2Amount: t(2).amount.amount, interim: rep('INTERIM'), final: rep('FINAL') };
}

async function postAward(scope: Scope, sec2: GqlClient): Promise<PostAward> {
  const sec = clients.get('SECRETARIAT')!;
  const ngo = w.ngo[scope];
  const step = async (p: Promise<{ errors: unknown[] }>) => expect((await p).errors).toEqual([]);
  const approved = async (trancheId: string) => {
    await step(trancheOp(sec2, 'requestTranche', { trancheId }));
    await step(trancheOp(sec, 'approveTranche', { trancheId }));
  };
  const a = await shape(w.award[scope]);
  await approved(a.t1);
  await step(
    trancheOp(sec, 'recordTranchePayment', { trancheId: a.t1, reference: `FT-${uniq()}`, valueDate: today() }),
  );
  await step(reportOp(ngo, 'submitReport', submission(a.interim, '1000.00')));
  await step(reportOp(sec, 'acceptReport', { reportId: a.interim }));
  const bId = await awarded(ngo);
  const b = await shape(bId);
  await step(trancheOp(sec2, 'requestTranche', { trancheId: b.t1 }));
  await step(reportOp(ngo, 'submitReport', submission(b.interim, '0.00')));
  const cId = await awarded(ngo);
  const c = await shape(cId);
  await approved(c.t1);
  const amend = expectNoErrors(
    await sec.gql(
      `mutation($i: AmendTrancheScheduleInput!) { amendTrancheSchedule(input: $i) { amendment { id } errors { code } } }`,
      {
        i: {
          awardId: bId,
          reason: 'Caseload grew',
          tranches: [{ trancheId: b.t2, amount: '1000.00', plannedDate: '2027-09-01' }],
        },
      },
    ),
  ).amendTrancheSchedule;
  expect(amend.errors).toEqual([]);
  // A stored notification addressed to the organisation's member (as the reminder jobs write them).
  const [member] = await app.sql<{ user_id: string }>(
    'select user_id from membership where organization_id = $1 limit 1',
    [dbId(w.org.ngo[scope])],
  );
  const [n] = await app.sql<{ id: string }>(
    `insert into notification (id, user_id, kind, subject, body, dedupe_key)
     values (gen_random_uuid(), $1, 'REPORT_DUE', 'Report due', 'Your interim report is due.', $2) returning id`,
    [member!.user_id, `matrix-${uniq()}`],
  );
  const [payment] = await app.sql<{ id: string }>('select id from tranche_payment where tranche_id = $1', [dbId(a.t1)]);
  return {
    award: w.award[scope],
    payment: globalId('TranchePayment', payment!.id),
    a,
    b: { ...b, award: bId, amendment: amend.amendment.id },
    c: { award: cId, t1: c.t1, t2: c.t2 },
    notification: globalId('Notification', n!.id),
  };
}

const today = () => new Date(app.clock.now()).toISOString().slice(0, 10);

/** A received card contribution of the donor behind `client`. */
async function card(client: GqlClient): Promise<string> {
  const c = expectNoErrors(
    await cardContribution(client, { fundId: w.fund, amount: '500.00', currency: 'USD', idempotencyKey: uniq() }),
  ).createCardContribution;
  expect(c.errors).toEqual([]);
  const pi = fake.paymentIntents.get(c.contribution.stripePaymentIntentId)!;
  expect((await deliver(app.baseUrl, events.succeeded(pi))).status).toBe(200);
  return c.contribution.id;
}

function callInput(fund: string) {
  const now = Date.now();
  return {
    fundId: fund,
    title: 'Matrix call',
    description: 'Assistance.',
    minAward: '10000.00',
    maxAward: '50000.00',
    envelope: '1000000.00',
    maxDurationMonths: 24,
    opensAt: new Date(now - 86_400_000).toISOString(),
    closesAt: new Date(now + 30 * 86_400_000).toISOString(),
    rubric: [{ key: 'relevance', label: 'Relevance', weight: 100 }],
    eligibilityRules: [{ key: 'registered_ngo', label: 'Registered' }],
  };
}

const uniq = () => randomUUID().slice(0, 8);

/** A fresh draft of the NGO of `scope` in a fresh open call (for actions that change or consume it). */
async function freshDraft(scope: Scope): Promise<string> {
  return draft(w.ngo[scope], await openCall(clients.get('SECRETARIAT')!, w.fund));
}

/** A fresh submitted application of the demo NGO, for staff and board workflow actions. */
async function freshSubmitted(): Promise<string> {
  return submittedIn(w.ngo.own, await openCall(clients.get('SECRETARIAT')!, w.fund));
}

async function freshPledge(scope: Scope): Promise<string> {
  const r = expectNoErrors(
    await createPledge(clients.get('SECRETARIAT')!, {
      fundId: w.fund,
      donorOrganizationId: w.org.donor[scope],
      amount: '5000.00',
      currency: 'USD',
      dueDate: '2027-06-30',
    }),
  ).createPledge;
  expect(r.errors).toEqual([]);
  return r.pledge.id;
}

async function freshGrant(): Promise<string> {
  const admin = clients.get('ADMIN')!;
  const u = expectNoErrors(
    await admin.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
      i: { email: `grant-${uniq()}@x.example`, displayName: 'G', password: 'amber falcon river stone 42' },
    }),
  ).createUser.user.id;
  const g = expectNoErrors(
    await admin.gql(`mutation($i: GrantRoleInput!) { grantRole(input: $i) { grant { id } errors { code } } }`, {
      i: { userId: u, role: 'AUDITOR' },
    }),
  ).grantRole;
  expect(g.errors).toEqual([]);
  return g.grant.id;
}

type Vars = (scope: Scope) => Promise<Record<string, unknown>> | Record<string, unknown>;

/** Realistic variables per operation, so each cell reaches the policy rather than input validation. */
const VARIABLES: Record<string, Vars> = {
  application: (s) => ({ id: w.submitted[s] }),
  award: (s) => ({ id: w.award[s] }),
  contributionReceipt: (s) => ({ contributionId: w.contribution[s] }),
  fund: () => ({ code: 'UNVTF' }),
  fundStatement: () => ({ fundId: w.fund, from: '2026-01-01', to: '2026-12-31' }),
  publicStatistics: () => ({ fundCode: 'UNVTF' }),
  grantCall: () => ({ id: w.call }),
  history: () => ({ entityId: w.fund, includeRelated: false }),
  ledgerCheck: () => ({ fundId: w.fund }),
  secretariatInbox: () => ({ fundId: w.fund, first: 10 }),
  auditCheckpoints: () => ({ first: 20 }),
  node: (s) => ({ id: w.submitted[s] }),
  organization: (s) => ({ id: w.org.ngo[s] }),
  cancelGrantCall: async () => ({
    input: { callId: await openCall(clients.get('SECRETARIAT')!, w.fund), reason: 'Matrix' },
  }),
  cancelPledge: async (s) => ({ input: { pledgeId: await freshPledge(s), reason: 'Matrix' } }),
  castBoardVote: () => ({ input: { applicationId: w.recommended, choice: 'ABSTAIN', reason: 'Matrix' } }),
  closeGrantCall: async () => ({ input: { callId: await openCall(clients.get('SECRETARIAT')!, w.fund) } }),
  confirmBankAccount: (s) => ({
    input: { organizationId: w.org.ngo[s], note: 'Matrix call-back', changedAt: new Date(0).toISOString() },
  }),
  confirmNoConflict: async () => ({ input: { applicationId: await freshSubmitted() } }),
  createApplication: async (s) => ({
    input: {
      callId: await openCall(clients.get('SECRETARIAT')!, w.fund),
      organizationId: w.org.ngo[s],
      projectTitle: 'Matrix project',
      ...content(),
    },
  }),
  createCardContribution: (s) => ({
    input: {
      fundId: w.fund,
      donorOrganizationId: w.org.donor[s],
      amount: '100.00',
      currency: 'USD',
      idempotencyKey: uniq(),
    },
  }),
  createFund: () => ({ input: { code: `M${uniq()}`.toUpperCase(), name: 'Matrix fund', baseCurrency: 'USD' } }),
  createGrantCall: () => ({ input: callInput(w.fund) }),
  createOrganization: () => ({ input: { kind: 'DONOR', legalName: `Matrix ${uniq()}`, country: 'FR' } }),
  createPledge: (s) => ({
    input: {
      fundId: w.fund,
      donorOrganizationId: w.org.donor[s],
      amount: '100.00',
      currency: 'USD',
      dueDate: '2027-06-30',
    },
  }),
  createUser: () => ({
    input: { email: `m-${uniq()}@x.example`, displayName: 'M', password: 'amber falcon river stone 42' },
  }),
  deactivateUser: async () => ({ input: { userId: await freshUserId() } }),
  reactivateUser: async () => ({ input: { userId: await freshUserId() } }),
  declareConflict: async () => ({ input: { applicationId: await freshSubmitted(), nature: 'Former employee' } }),
  grantRole: async () => ({ input: { userId: await freshUserId(), role: 'AUDITOR' } }),
  login: () => ({ input: { email: `nobody-${uniq()}@x.example`, password: 'wrong password here' } }),
  markGrantCallDecided: () => ({ input: { callId: w.call } }),
  openGrantCall: () => ({ input: { callId: w.draftCall } }),
  recommendApplication: async () => ({
    input: { applicationId: await freshSubmitted(), recommend: true, proposedAmount: '30000.00' },
  }),
  recordWireContribution: () => ({
    input: {
      fundId: w.fund,
      donorOrganizationId: w.org.donor.own,
      amount: '10.00',
      currency: 'USD',
      valueDate: '2026-11-02',
      bankReference: bankRef(),
    },
  }),
  refundCardContribution: (s) => ({
    input: { contributionId: w.card[s], amount: '1.00', idempotencyKey: uniq(), reason: 'Matrix' },
  }),
  // Not waiting for a rate decision: the secretariat reaches the service (INVALID_STATE in the payload).
  confirmWireRate: () => ({ input: { contributionId: w.contribution.own } }),
  rejectWireRate: () => ({ input: { contributionId: w.contribution.own, reason: 'Matrix' } }),
  refundWireContribution: (s) => ({
    input: {
      contributionId: w.contribution[s],
      amount: '1.00',
      reference: `RF-${uniq()}`,
      valueDate: today(),
      reason: 'Matrix',
    },
  }),
  registerOrganization: () => ({
    input: {
      kind: 'DONOR',
      legalName: `Matrix ${uniq()}`,
      country: 'FR',
      email: `reg-${uniq()}@x.example`,
      displayName: 'R',
      password: 'quiet harbour lantern marble 77',
    },
  }),
  requestApplicationInfo: async () => ({ input: { applicationId: await freshSubmitted(), message: 'Budget?' } }),
  revokeRole: async () => ({ input: { grantId: await freshGrant() } }),
  screenApplication: async () => ({ input: { applicationId: await freshSubmitted(), checks: passAll } }),
  setBankAccount: (s) => ({
    input: { organizationId: w.org.ngo[s], accountHolder: 'Holder', bankName: 'Bank', iban: 'DE89370400440532013000' },
  }),
  setExchangeRate: () => ({ input: { baseCurrency: 'USD', currency: 'EUR', month: '2026-10', rate: '1.08' } }),
  startGrantCallReview: () => ({ input: { callId: w.call } }),
  submitApplication: async (s) => ({ input: { applicationId: await freshDraft(s) } }),
  submitReview: async () => ({
    input: { applicationId: await freshSubmitted(), scores: [{ criterion: 'relevance', score: 7 }], comment: 'ok' },
  }),
  updateApplication: async (s) => ({ input: { applicationId: await freshDraft(s), summary: 'Updated summary.' } }),
  updateFundPolicy: () => ({ input: { fundId: w.fund, name: w.fundName } }),
  updateGrantCall: () => ({ input: { callId: w.draftCall, title: 'Matrix call (edited)' } }),
  updateOrganization: (s) => ({ input: { organizationId: w.org.ngo[s], website: 'https://example.org' } }),
  // An open quarter: allowed roles reach the service (PERIOD_NOT_CLOSED in the payload).
  publishStatistics: () => ({ input: { fundId: w.fund, period: '2099-Q1' } }),
  // An unknown match: allowed roles reach the service (NOT_FOUND in the payload).
  clearSanctionsMatch: () => ({ input: { matchId: globalId('SanctionsMatch', randomUUID()), reason: 'Matrix' } }),
  confirmSanctionsMatch: () => ({ input: { matchId: globalId('SanctionsMatch', randomUUID()), reason: 'Matrix' } }),
  // A statement of one credit with no reference: the secretariat's import reaches the queue.
  importBankStatement: () => ({
    input: {
      fundId: w.fund,
      format: 'MT940',
      content: `:20:M${uniq().slice(0, 14)}\n:25:CH9300762011623852957\n:28C:1\n:60F:C261102USD0,00\n:61:2611021102C10,00NTRFNONREF//MX1\n:86:/REMI/gift\n:62F:C261102USD10,00\n`,
    },
  }),
  // An unknown line: allowed roles reach the service (NOT_FOUND in the payload).
  confirmBankStatementLine: () => ({ input: { lineId: globalId('BankStatementLine', randomUUID()) } }),
  rejectBankStatementMatch: () => ({
    input: { lineId: globalId('BankStatementLine', randomUUID()), reason: 'Matrix' },
  }),
  ignoreBankStatementLine: () => ({
    input: { lineId: globalId('BankStatementLine', randomUUID()), reason: 'Matrix' },
  }),
  reopenBankStatementLine: () => ({ input: { lineId: globalId('BankStatementLine', randomUUID()) } }),
  rematchBankStatementLines: () => ({ input: { fundId: w.fund } }),
  bankStatementLines: () => ({ filter: { fundId: w.fund } }),
  bankStatements: () => ({ fundId: w.fund }),
  // Awards of a fund that does not ask for acceptance: the grantee reaches the service (INVALID_STATE).
  acceptAward: (s) => ({ input: { awardId: w.award[s] } }),
  declineAward: (s) => ({ input: { awardId: w.award[s], reason: 'Matrix' } }),
  vetOrganization: (s) => ({ input: { organizationId: w.org.ngo[s], status: 'VERIFIED', reason: 'Matrix' } }),
  withdrawApplication: async (s) => ({ input: { applicationId: await freshDraft(s), reason: 'Matrix' } }),

  // After the award (objects prepared in postAward, per organisation).
  requestTranche: (s) => ({ input: { trancheId: w.post[s].a.t2 } }), // its condition (interim) accepted
  approveTranche: (s) => ({ input: { trancheId: w.post[s].b.t1 } }),
  recordTranchePayment: (s) => ({
    input: { trancheId: w.post[s].c.t1, reference: `FT-MATRIX-${s}`, valueDate: today(), currency: 'USD' },
  }),
  cancelTranche: (s) => ({ input: { trancheId: w.post[s].c.t2, reason: 'Activity dropped' } }),
  terminateAward: (s) => ({
    input: { awardId: w.post[s].c.award, boardDecisionReference: 'BoT/2027/03', reason: 'Partner closed' },
  }),
  recordGrantRefund: (s) => ({
    input: {
      awardId: w.post[s].award,
      amount: '100.00',
      currency: 'USD',
      reference: `RF-${uniq()}`,
      valueDate: today(),
    },
  }),
  submitReport: (s) => ({ input: submission(w.post[s].a.final, '500.00') }),
  acceptReport: (s) => ({ input: { reportId: w.post[s].a.interim, comment: 'Thorough.' } }),
  requestReportRevision: (s) => ({
    input: { reportId: w.post[s].b.interim, comments: 'Please split the shelter costs.' },
  }),
  waiveReport: (s) => ({ input: { reportId: w.post[s].a.final, reason: 'Matrix decision BD-1' } }),
  amendTrancheSchedule: (s) => ({
    input: {
      awardId: w.post[s].b.award,
      reason: 'Second phase moved',
      tranches: [{ trancheId: w.post[s].b.t2, amount: w.post[s].b.t2Amount, plannedDate: '2027-08-01' }],
    },
  }),
  castAmendmentVote: (s) => ({
    input: { amendmentId: w.post[s].b.amendment, choice: 'APPROVE', reason: 'Justified by the caseload' },
  }),
  // The transfer of tranche 1 of A: the grantee reports a discrepancy (own), the secretariat resolves
  // it, or reaches the service (INVALID_STATE) when it runs first.
  acknowledgeTranchePayment: (s) => ({
    input: { paymentId: w.post[s].payment, receivedAmount: '1.00', receivedOn: today(), note: 'Bank charges' },
  }),
  resolvePaymentDiscrepancy: (s) => ({ input: { paymentId: w.post[s].payment, resolution: 'Bank charges' } }),
  markNotificationRead: (s) => ({ input: { notificationId: w.post[s].notification } }),
  refreshSession: () => ({ input: { refreshToken: 'A'.repeat(43) } }),
  revokeSession: () => ({ input: { sessionId: globalId('Session', randomUUID()) } }),
  documents: (s) => ({ ownerId: w.org.ngo[s] }),
  attachDocument: () => ({
    input: {
      documentId: globalId('Document', randomUUID()),
      ownerId: w.org.ngo.own,
      slot: 'ORGANIZATION_GOVERNING_DOCUMENT',
    },
  }),
  // A wrong current password: signed-in callers reach the service (INVALID_CREDENTIALS in the payload).
  changePassword: () => ({ input: { currentPassword: 'not the password', newPassword: 'x' } }),
  updateProfile: () => ({ input: { timeZone: 'UTC' } }),
  requestPasswordReset: () => ({ input: { email: `nobody-${uniq()}@x.example` } }),
  resetPassword: () => ({ input: { token: 'C'.repeat(43), newPassword: 'quiet harbour lantern marble 77' } }),
  // The first allowed call sends the note; later ones reach the service (DUPLICATE_APPLICATION).
  submitConceptNote: (s) => ({ input: concept(w.twoStageCall, { organizationId: w.org.ngo[s] }) }),
  declineApplications: async () => ({
    input: { applicationIds: [await freshSubmitted()], reason: 'Outside the call', message: 'Not this time.' },
  }),
  shortlistConceptNote: async () => ({
    input: { conceptNoteId: await freshConcept(), reason: 'Fit', message: 'Invited.' },
  }),
  declineConceptNote: async () => ({
    input: { conceptNoteId: await freshConcept(), reason: 'Weak', message: 'Sorry.' },
  }),
  // Wrong codes and passwords: signed-in callers reach the service (a coded answer in the payload).
  confirmTotpEnrolment: () => ({ input: { code: '000000' } }),
  disableTotp: () => ({ input: { password: 'not the password', code: '000000' } }),
  regenerateRecoveryCodes: () => ({ input: { code: '000000' } }),
  verifySecondFactor: () => ({ input: { code: '000000' } }),
  completeLogin: () => ({ input: { challengeToken: 'C'.repeat(43), code: '000000' } }),
  verifyEmail: () => ({ input: { token: 'D'.repeat(43) } }),
  resendVerification: () => ({}),
  teamMembers: (s) => ({ organizationId: w.org.ngo[s] }),
  teamInvitations: (s) => ({ organizationId: w.org.ngo[s] }),
  inviteMember: (s) => ({
    input: { organizationId: w.org.ngo[s], email: `invite-${uniq()}@x.example`, role: 'MEMBER' },
  }),
  changeMemberRole: async (s) => ({
    input: { organizationId: w.org.ngo[s], userId: await freshUserId(), role: 'ADMIN' },
  }),
  removeMember: async (s) => ({ input: { organizationId: w.org.ngo[s], userId: await freshUserId() } }),
  acceptInvitation: () => ({
    input: { token: 'E'.repeat(43), displayName: 'X', password: 'quiet harbour lantern marble 77' },
  }),
};

/** A submitted concept note of the demo NGO in a fresh two-stage call. */
async function freshConcept(): Promise<string> {
  const callId = await openTwoStageCall(clients.get('SECRETARIAT')!, w.fund);
  const r = expectNoErrors(
    await w.ngo.own.gql(
      `mutation($i: SubmitConceptNoteInput!) { submitConceptNote(input: $i) { conceptNote { id } errors { code } } }`,
      { i: concept(callId) },
    ),
  ).submitConceptNote;
  expect(r.errors).toEqual([]);
  return r.conceptNote.id;
}

/** Operations that end the caller's session(s): the role signs in again afterwards (same client object). */
const SESSION_ENDING = new Set(['logout', 'logoutEverywhere']);
async function signInAgain(who: Who): Promise<void> {
  if (who === 'ANON') return;
  const u = DEMO_USERS.find((d) => d.role === who)!;
  Object.assign(clients.get(who)!, await app.login(u.email, u.password));
}

async function freshUserId(): Promise<string> {
  return expectNoErrors(
    await clients
      .get('ADMIN')!
      .gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
        i: { email: `u-${uniq()}@x.example`, displayName: 'U', password: 'amber falcon river stone 42' },
      }),
  ).createUser.user.id;
}

function classify(r: {
  status: number;
  errors?: { extensions?: Record<string, unknown>; path?: unknown[] }[];
}): string {
  const top = (r.errors ?? []).filter((e) => !e.path || e.path.length <= 1);
  const codes = top.map((e) => String(e.extensions?.code));
  if (codes.includes('UNAUTHENTICATED')) return 'UNAUTHENTICATED';
  if (codes.includes('FORBIDDEN')) return 'FORBIDDEN';
  if (r.status >= 500 || codes.includes('INTERNAL_SERVER_ERROR')) return `CRASH ${JSON.stringify(r.errors)}`;
  if (codes.includes('BAD_USER_INPUT') || codes.includes('GRAPHQL_VALIDATION_FAILED'))
    return `BAD_INPUT ${JSON.stringify(r.errors).slice(0, 300)}`;
  return 'ALLOW';
}

describe('authorization matrix (generated from the schema)', () => {
  it('has a policy decision and variables for every operation of the schema', () => {
    const ops = schemaOperations(schema).map((o) => o.field.name);
    expect(ops.filter((n) => !EXPECTATIONS[n])).toEqual([]);
    expect(Object.keys(EXPECTATIONS).filter((n) => !ops.includes(n))).toEqual([]);
    const needVars = schemaOperations(schema).filter((o) => o.field.args.some((a) => a.type.toString().endsWith('!')));
    expect(needVars.map((o) => o.field.name).filter((n) => !VARIABLES[n])).toEqual([]);
  });

  it('gives every role, on its own and on another organisation, exactly the expected answer', async () => {
    const observed: Record<string, Record<string, string>> = {};
    const mismatches: string[] = [];
    const ops: SchemaOperation[] = schemaOperations(schema).filter((o) => EXPECTATIONS[o.field.name]);
    for (const op of ops) {
      const name = op.field.name;
      const rule = EXPECTATIONS[name]!;
      const query = operationFor(op);
      const scopes: Scope[] = rule.scoped ? ['own', 'other'] : ['own'];
      for (const scope of scopes) {
        for (const who of WHO) {
          const variables = VARIABLES[name] ? await VARIABLES[name](scope) : {};
          const r = await clients.get(who)!.gql(query, variables);
          if (SESSION_ENDING.has(name)) await signInAgain(who);
          const got = classify(r);
          (observed[name] ??= {})[`${who}${rule.scoped ? `:${scope}` : ''}`] = got;
          const want: Outcome = rule.expect(who, scope);
          if (got !== want)
            mismatches.push(`${name} as ${who}${rule.scoped ? ` (${scope})` : ''}: expected ${want}, got ${got}`);
        }
      }
    }
    if (process.env.AUTHZ_PRINT) console.log(JSON.stringify(observed, null, 1));
    expect(mismatches).toEqual([]);
  }, 420_000);

  it("lets only the recipient mark a notification read; another user's answers NOT_FOUND and stays unread", async () => {
    const M = `mutation($i: MarkNotificationReadInput!) { markNotificationRead(input: $i) { notification { id readAt } errors { code } } }`;
    for (const who of ['NGO', 'SECRETARIAT', 'ADMIN'] as Who[]) {
      const r = expectNoErrors(await clients.get(who)!.gql(M, { i: { notificationId: w.post.other.notification } }));
      expect(r.markNotificationRead).toEqual({ notification: null, errors: [{ code: 'NOT_FOUND' }] });
    }
    const [row] = await app.sql<{ read_at: Date | null }>('select read_at from notification where id = $1', [
      dbId(w.post.other.notification),
    ]);
    expect(row!.read_at).toBeNull();
    const mine = expectNoErrors(await w.ngo.other.gql(M, { i: { notificationId: w.post.other.notification } }));
    expect(mine.markNotificationRead.errors).toEqual([]);
    expect(mine.markNotificationRead.notification.readAt).not.toBeNull();
  });
});
