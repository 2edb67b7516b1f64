import { randomUUID } from 'node:crypto';
import { registerAndLogin } from './helpers/register';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { concept, DAY, fundId, mutate, openCall, openTwoStageCall, RUBRIC, splitBudget } from './helpers/grants';
import { dbId } from './helpers/money';

/**
 * Two-stage calls (issue 18): concept notes during the concept stage, shortlisting by the fund's
 * secretariat with a reason and a message, and full proposals only from invited organisations,
 * starting from their concept note.
 */
let app: TestApp;
let fund: string;
let sec: GqlClient;
let ngo: GqlClient;
let board: GqlClient;
let otherNgo: GqlClient;
let otherSec: GqlClient;
const PASSWORD = 'Concept-Note-Heron-2026-x';

const NOTE = `id status projectTitle summary countries requestedAmount { amount currency } decisionMessage decisionReason
  organization { id } call { id conceptClosesAt } fullProposal { id }`;

const twoStageCall = (o: { conceptInMs?: number; conceptMaxChars?: number } = {}) => openTwoStageCall(sec, fund, o);

async function noteOp(client: GqlClient, name: string, input: unknown) {
  const type = name === 'submitConceptNote' ? 'SubmitConceptNoteInput' : 'DecideConceptNoteInput';
  const r = await client.gql(
    `mutation($i: ${type}!) { ${name}(input: $i) { conceptNote { ${NOTE} } errors { code message field } } }`,
    { i: input },
  );
  return r;
}

async function noteOk(client: GqlClient, name: string, input: unknown) {
  const p = expectNoErrors(await noteOp(client, name, input))[name];
  expect(p.errors).toEqual([]);
  return p.conceptNote;
}

const decision = (conceptNoteId: string, message = 'Please send your full proposal.') => ({
  conceptNoteId,
  reason: 'Strong fit with the call priorities',
  message,
});

const apply = (client: GqlClient, callId: string, extra: Record<string, unknown> = {}) =>
  mutate(client, 'createApplication', 'CreateApplicationInput', {
    callId,
    projectTitle: 'Safe Harbour shelters (full)',
    ...extra,
  });

const actions = async (entityId: string) =>
  (await app.sql(`select action from audit_event where entity_id = $1 order by seq`, [dbId(entityId)])).map(
    (r) => r.action,
  );

beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  [sec, ngo, board] = await Promise.all([app.as('SECRETARIAT'), app.as('NGO'), app.as('BOARD_MEMBER')]);
  otherNgo = (
    await registerAndLogin(app, {
      kind: 'NGO',
      legalName: 'Second Light Foundation',
      country: 'GH',
      email: 'second@concept.example',
      displayName: 'Sena Second',
      password: PASSWORD,
    })
  ).client;
  // The second NGO is verified so that only the stage rules stop it.
  const orgId = expectNoErrors(await otherNgo.gql('{ me { organizations { id } } }')).me.organizations[0].id;
  expect(
    expectNoErrors(
      await sec.gql(`mutation($i: VetOrganizationInput!) { vetOrganization(input: $i) { errors { code } } }`, {
        i: { organizationId: orgId, status: 'VERIFIED', reason: 'Registration checked' },
      }),
    ).vetOrganization.errors,
  ).toEqual([]);
  // A secretariat member of another fund.
  const admin = await app.as('ADMIN');
  const other = expectNoErrors(
    await admin.gql(`mutation($i: CreateFundInput!) { createFund(input: $i) { fund { id } errors { code } } }`, {
      i: { code: `C${randomUUID().slice(0, 6)}`.toUpperCase(), name: 'Other fund', baseCurrency: 'USD' },
    }),
  ).createFund.fund;
  const user = expectNoErrors(
    await admin.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
      i: { email: 'other.sec@concept.example', displayName: 'Other secretariat', password: PASSWORD },
    }),
  ).createUser.user;
  expectNoErrors(
    await admin.gql(`mutation($i: GrantRoleInput!) { grantRole(input: $i) { errors { code } } }`, {
      i: { userId: user.id, role: 'SECRETARIAT', fundId: other.id },
    }),
  );
  otherSec = await app.login('other.sec@concept.example', PASSWORD);
}, 120_000);
afterAll(() => app.stop());

describe('two-stage calls: the call', () => {
  it('refuses a concept deadline outside the call window', async () => {
    const now = Date.now();
    const p = expectNoErrors(
      await sec.gql(
        `mutation($i: CreateGrantCallInput!) { createGrantCall(input: $i) { grantCall { id } errors { code field } } }`,
        {
          i: {
            fundId: fund,
            title: 'Bad window',
            minAward: '10000.00',
            maxAward: '50000.00',
            envelope: '1000000.00',
            maxDurationMonths: 24,
            opensAt: new Date(now - DAY).toISOString(),
            conceptClosesAt: new Date(now + 40 * DAY).toISOString(),
            closesAt: new Date(now + 30 * DAY).toISOString(),
            rubric: RUBRIC,
          },
        },
      ),
    ).createGrantCall;
    expect(p.errors).toEqual([{ code: 'INVALID_VALUE', field: 'conceptClosesAt' }]);
  });

  it('keeps the concept deadline once the call is open', async () => {
    const callId = await twoStageCall();
    const p = expectNoErrors(
      await sec.gql(
        `mutation($i: UpdateGrantCallInput!) { updateGrantCall(input: $i) { grantCall { id } errors { code field } } }`,
        { i: { callId, conceptClosesAt: new Date(Date.now() + 20 * DAY).toISOString() } },
      ),
    ).updateGrantCall;
    expect(p.errors).toEqual([{ code: 'INVALID_STATE', field: 'conceptClosesAt' }]);
  });
});

describe('two-stage calls: concept notes', () => {
  it('refuses a full proposal without an invitation, also while the concept note waits for a decision', async () => {
    const callId = await twoStageCall();
    const direct = await apply(ngo, callId);
    expect(direct.errors).toEqual([expect.objectContaining({ code: 'NOT_INVITED', field: 'callId' })]);
    // Submitted but not yet shortlisted: still not invited.
    await noteOk(ngo, 'submitConceptNote', concept(callId));
    expect((await apply(ngo, callId)).errors[0]).toMatchObject({ code: 'NOT_INVITED' });
    expect(await app.sql(`select 1 from application where call_id = $1`, [dbId(callId)])).toHaveLength(0);
  });

  it('refuses a concept note to a call without a concept stage', async () => {
    const callId = await openCall(sec, fund);
    const p = expectNoErrors(await noteOp(ngo, 'submitConceptNote', concept(callId))).submitConceptNote;
    expect(p.errors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', field: 'callId' })]);
  });

  it("enforces the concept's own limits: summary length and the call's award range", async () => {
    const callId = await twoStageCall({ conceptMaxChars: 100 });
    const long = expectNoErrors(
      await noteOp(ngo, 'submitConceptNote', concept(callId, { summary: 'x'.repeat(101) })),
    ).submitConceptNote;
    expect(long.errors).toEqual([expect.objectContaining({ code: 'INVALID_VALUE', field: 'summary' })]);
    const big = expectNoErrors(
      await noteOp(ngo, 'submitConceptNote', concept(callId, { requestedAmount: '60000.00' })),
    ).submitConceptNote;
    expect(big.errors).toEqual([expect.objectContaining({ code: 'AMOUNT_OUT_OF_RANGE', field: 'requestedAmount' })]);
    expect(await app.sql(`select 1 from concept_note where call_id = $1`, [dbId(callId)])).toHaveLength(0);
  });

  it('accepts one concept note per organisation and call, also when submissions race', async () => {
    const callId = await twoStageCall();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => noteOp(ngo, 'submitConceptNote', concept(callId))),
    );
    const payloads = results.map((r) => expectNoErrors(r).submitConceptNote);
    expect(payloads.filter((p) => p.errors.length === 0)).toHaveLength(1);
    for (const p of payloads.filter((x) => x.errors.length)) expect(p.errors[0].code).toBe('DUPLICATE_APPLICATION');
    expect(await app.sql(`select 1 from concept_note where call_id = $1`, [dbId(callId)])).toHaveLength(1);
  });

  it('refuses a concept note after the concept deadline (the call itself still open)', async () => {
    const callId = await twoStageCall({ conceptInMs: 60_000 });
    app.clock.advance(120_000);
    try {
      const p = expectNoErrors(await noteOp(ngo, 'submitConceptNote', concept(callId))).submitConceptNote;
      expect(p.errors).toEqual([expect.objectContaining({ code: 'CONCEPT_STAGE_CLOSED', field: 'callId' })]);
    } finally {
      app.clock.reset();
    }
  });

  it('lets only members of the NGO submit its concept note', async () => {
    const callId = await twoStageCall();
    const ngoOrg = expectNoErrors(await ngo.gql('{ me { organizations { id } } }')).me.organizations[0].id;
    for (const c of [sec, board, otherNgo]) {
      const r = await noteOp(c, 'submitConceptNote', concept(callId, { organizationId: ngoOrg }));
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe('two-stage calls: shortlisting and the full proposal', () => {
  let callId: string;
  let noteId: string;
  let otherNoteId: string;
  beforeAll(async () => {
    callId = await twoStageCall();
    noteId = (await noteOk(ngo, 'submitConceptNote', concept(callId))).id;
    otherNoteId = (await noteOk(otherNgo, 'submitConceptNote', concept(callId, { countries: ['GH'] }))).id;
  });

  it('refuses shortlisting to the applicant, a trustee and the secretariat of another fund', async () => {
    for (const c of [ngo, board, otherSec]) {
      const r = await noteOp(c, 'shortlistConceptNote', decision(noteId));
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const [row] = await app.sql(`select status from concept_note where id = $1`, [dbId(noteId)]);
    expect(row!.status).toBe('SUBMITTED');
  });

  it("hides another organisation's concept note from an NGO, in the list and by node(id)", async () => {
    const list = expectNoErrors(
      await otherNgo.gql(`query($c: String!) { conceptNotes(filter: { callId: $c }) { edges { node { id } } } }`, {
        c: callId,
      }),
    ).conceptNotes.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(list).toEqual([otherNoteId]);
    const r = await otherNgo.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: noteId });
    expect(r.data?.node ?? null).toBeNull();
    const staff = expectNoErrors(
      await board.gql(`query($c: String!) { conceptNotes(filter: { callId: $c }) { edges { node { id } } } }`, {
        c: callId,
      }),
    ).conceptNotes.edges;
    expect(staff).toHaveLength(2);
    const foreign = expectNoErrors(
      await otherSec.gql(`query($c: String!) { conceptNotes(filter: { callId: $c }) { edges { node { id } } } }`, {
        c: callId,
      }),
    ).conceptNotes.edges;
    expect(foreign).toHaveLength(0);
  });

  it('shortlists with a reason and a message: audited once, the applicant notified with the message', async () => {
    const note = await noteOk(sec, 'shortlistConceptNote', decision(noteId, 'Invited: send the full proposal.'));
    expect(note).toMatchObject({ status: 'SHORTLISTED', decisionMessage: 'Invited: send the full proposal.' });
    expect(note.decisionReason).toBe('Strong fit with the call priorities');
    // A repeat is answered as done: no second audit event nor notification.
    await noteOk(sec, 'shortlistConceptNote', decision(noteId, 'Invited: send the full proposal.'));
    expect(await actions(noteId)).toEqual(['concept_note.submit', 'concept_note.shortlist']);
    const mine = expectNoErrors(await ngo.gql(`{ notifications { edges { node { kind subject body } } } }`))
      .notifications.edges.map((e: { node: { kind: string; body: string } }) => e.node)
      .filter((n: { kind: string }) => n.kind === 'CONCEPT_SHORTLISTED');
    expect(mine).toHaveLength(1);
    expect(mine[0].body).toContain('Invited: send the full proposal.');
    // The applicant reads the message, not the secretariat's reason.
    const seen = expectNoErrors(
      await ngo.gql(
        `query($id: ID!) { node(id: $id) { ... on ConceptNote { status decisionMessage decisionReason } } }`,
        {
          id: noteId,
        },
      ),
    ).node;
    expect(seen).toEqual({
      status: 'SHORTLISTED',
      decisionMessage: 'Invited: send the full proposal.',
      decisionReason: null,
    });
  });

  it('makes the decision final: a shortlisted note cannot be declined', async () => {
    const p = expectNoErrors(await noteOp(sec, 'declineConceptNote', decision(noteId))).declineConceptNote;
    expect(p.errors).toEqual([expect.objectContaining({ code: 'DECISION_FINAL' })]);
  });

  it('starts the full proposal from the concept note, and submits it under the second stage rules', async () => {
    const p = await apply(ngo, callId, { durationMonths: 12, budgetLines: splitBudget('30000.00') });
    expect(p.errors).toEqual([]);
    const id = p.application.id;
    const submitted = await mutate(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: id });
    expect(submitted.errors).toEqual([]);
    const full = expectNoErrors(
      await ngo.gql(
        `query($id: String!) { application(id: $id) { summary countries requestedAmount { amount } conceptNote { id } } }`,
        { id },
      ),
    ).application;
    expect(full).toEqual({
      summary: 'Shelter and legal aid for survivors in Lagos.',
      countries: ['NG'],
      requestedAmount: { amount: '30000.00' },
      conceptNote: { id: noteId },
    });
    const linked = expectNoErrors(
      await sec.gql(`query($id: ID!) { node(id: $id) { ... on ConceptNote { fullProposal { id } } } }`, { id: noteId }),
    ).node;
    expect(linked.fullProposal.id).toBe(id);
    // A second full proposal of the same organisation is a duplicate.
    expect((await apply(ngo, callId)).errors[0]).toMatchObject({ code: 'DUPLICATE_APPLICATION' });
  });

  it('declines the other note; its organisation is not invited', async () => {
    const racing = await Promise.all([
      noteOp(sec, 'declineConceptNote', decision(otherNoteId, 'Not this time.')),
      noteOp(sec, 'shortlistConceptNote', decision(otherNoteId, 'Invited.')),
    ]);
    const payloads = racing.map((r, i) => expectNoErrors(r)[i === 0 ? 'declineConceptNote' : 'shortlistConceptNote']);
    // Two decisions race: exactly one is made, the other is told it is final.
    expect(payloads.filter((p) => p.errors.length === 0)).toHaveLength(1);
    expect(payloads.filter((p) => p.errors[0]?.code === 'DECISION_FINAL')).toHaveLength(1);
    const [row] = await app.sql(`select status from concept_note where id = $1`, [dbId(otherNoteId)]);
    if (row!.status === 'DECLINED') {
      expect((await apply(otherNgo, callId)).errors[0]).toMatchObject({ code: 'NOT_INVITED' });
    } else {
      expect((await apply(otherNgo, callId, { countries: ['GH'] })).errors).toEqual([]);
    }
    expect((await actions(otherNoteId)).filter((a) => a !== 'concept_note.submit')).toHaveLength(1);
  });
});
