import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { createCall, DAY, draft, fundId, mutate, ok, openCall, RUBRIC, RULES } from './helpers/grants';

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
afterEach(() => app.clock.reset());

const CREATE = `mutation($input: CreateGrantCallInput!) { createGrantCall(input: $input) { grantCall { id status } errors { code field message } } }`;
const baseInput = () => ({
  fundId: fund,
  title: 'Call',
  minAward: '10000',
  maxAward: '50000',
  envelope: '100000',
  maxDurationMonths: 12,
  opensAt: new Date(Date.now() - DAY).toISOString(),
  closesAt: new Date(Date.now() + DAY).toISOString(),
  rubric: RUBRIC,
  eligibilityRules: RULES,
});
const statusOf = async (c: GqlClient, id: string) =>
  expectNoErrors(await c.gql(`query($id: String!) { grantCall(id: $id) { status } }`, { id })).grantCall?.status;

describe('calls for proposals', () => {
  it('lets the secretariat create a call as a DRAFT and refuses an NGO', async () => {
    const r = expectNoErrors(await sec.gql(CREATE, { input: baseInput() }));
    expect(r.createGrantCall.grantCall.status).toBe('DRAFT');
    const n = await ngo.gql(CREATE, { input: baseInput() });
    expect(n.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a rubric whose weights do not sum to 100 and a minimum above the maximum', async () => {
    const rubric = [{ key: 'relevance', label: 'Relevance', weight: 60 }];
    const a = expectNoErrors(await sec.gql(CREATE, { input: { ...baseInput(), rubric } })).createGrantCall;
    expect(a.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'rubric' });
    const b = expectNoErrors(await sec.gql(CREATE, { input: { ...baseInput(), minAward: '60000' } })).createGrantCall;
    expect(b.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'maxAward' });
  });

  it('hides drafts from the public and lists open calls without a login', async () => {
    const draftId = await createCall(sec, fund);
    const openId = await openCall(sec, fund);
    const pub = expectNoErrors(
      await app.anonymous.gql(`{ openCalls(first: 100) { edges { node { id status title envelope { amount } } } } }`),
    );
    const ids = pub.openCalls.edges.map((e: any) => e.node.id);
    expect(ids).toContain(openId);
    expect(ids).not.toContain(draftId);
    const anon = await app.anonymous.gql(`query($id: String!) { grantCall(id: $id) { id } }`, { id: draftId });
    expect(anon.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const list = expectNoErrors(await ngo.gql(`{ grantCalls(first: 100) { edges { node { id } } } }`));
    expect(list.grantCalls.edges.map((e: any) => e.node.id)).not.toContain(draftId);
  });

  it('limits edits of an open call to text and a later closing time, and audits them', async () => {
    const id = await openCall(sec, fund);
    const q = `mutation($input: UpdateGrantCallInput!) { updateGrantCall(input: $input) { grantCall { title closesAt } errors { code field } } }`;
    const money = expectNoErrors(await sec.gql(q, { input: { callId: id, maxAward: '90000' } })).updateGrantCall;
    expect(money.errors[0]).toMatchObject({ code: 'INVALID_STATE', field: 'maxAward' });
    const earlier = expectNoErrors(
      await sec.gql(q, { input: { callId: id, closesAt: new Date(Date.now() + 3600_000).toISOString() } }),
    );
    expect(earlier.updateGrantCall.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'closesAt' });
    const later = new Date(Date.now() + 60 * DAY).toISOString();
    const ext = expectNoErrors(await sec.gql(q, { input: { callId: id, closesAt: later, title: 'Extended call' } }));
    expect(ext.updateGrantCall).toMatchObject({ errors: [], grantCall: { title: 'Extended call', closesAt: later } });
    const audit = await app.sql(
      `select action, after from audit_event where action = 'grant_call.update' order by seq desc limit 1`,
    );
    expect(audit[0]!.after).toMatchObject({ closesAt: later, title: 'Extended call' });
  });

  it('closes by itself at its closing time: status CLOSED, gone from openCalls, late drafts and submissions refused', async () => {
    // Within the token lifetime, so the same logins still work after the clock moves.
    const closesAt = new Date(Date.now() + 5 * 60_000);
    const id = await openCall(sec, fund, { closesAt: closesAt.toISOString() });
    const appId = await draft(ngo, id);
    expect(await statusOf(ngo, id)).toBe('OPEN');

    app.clock.set(new Date(closesAt.getTime() + 1000));
    expect(await statusOf(ngo, id)).toBe('CLOSED');
    const pub = expectNoErrors(await app.anonymous.gql(`{ openCalls(first: 100) { edges { node { id } } } }`));
    expect(pub.openCalls.edges.map((e: any) => e.node.id)).not.toContain(id);
    const closed = expectNoErrors(
      await sec.gql(`{ grantCalls(first: 100, filter: { status: CLOSED }) { edges { node { id } } } }`),
    );
    expect(closed.grantCalls.edges.map((e: any) => e.node.id)).toContain(id);

    const late = await mutate(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: appId });
    expect(late.errors[0]).toMatchObject({ code: 'CALL_CLOSED' });
    const stored = await app.sql(`select status from grant_call where id = (select call_id from application limit 1)`);
    expect(stored[0]!.status).toBe('OPEN'); // nothing flipped it; the rule still holds

    app.clock.set(new Date(closesAt.getTime() - 1000));
    const inTime = await ok(ngo, 'submitApplication', 'ApplicationActionInput', { applicationId: appId });
    expect(inTime.application.status).toBe('SUBMITTED');
  });

  it('refuses a draft for a call that is not open yet, and for a cancelled call', async () => {
    const future = await openCall(sec, fund, {
      opensAt: new Date(Date.now() + DAY).toISOString(),
      closesAt: new Date(Date.now() + 5 * DAY).toISOString(),
    });
    const p = await mutate(ngo, 'createApplication', 'CreateApplicationInput', {
      callId: future,
      projectTitle: 'Early',
    });
    expect(p.errors[0]).toMatchObject({ code: 'CALL_NOT_OPEN' });
    const c = expectNoErrors(
      await sec.gql(
        `mutation($id: String!) { cancelGrantCall(input: { callId: $id, reason: "Budget cut" }) { grantCall { status } errors { code } } }`,
        { id: future },
      ),
    );
    expect(c.cancelGrantCall.grantCall.status).toBe('CANCELLED');
    const again = expectNoErrors(
      await sec.gql(
        `mutation($id: String!) { openGrantCall(input: { callId: $id }) { grantCall { status } errors { code } } }`,
        { id: future },
      ),
    );
    expect(again.openGrantCall.errors[0].code).toBe('INVALID_STATE');
  });

  it('moves a closed call through review to decided, and opening twice is a no-op', async () => {
    const id = await openCall(sec, fund);
    const t = (m: string) =>
      sec.gql(`mutation($id: String!) { ${m}(input: { callId: $id }) { grantCall { status } errors { code } } }`, {
        id,
      });
    expect(expectNoErrors(await t('openGrantCall')).openGrantCall).toMatchObject({
      errors: [],
      grantCall: { status: 'OPEN' },
    });
    expect(expectNoErrors(await t('markGrantCallDecided')).markGrantCallDecided.errors[0].code).toBe('INVALID_STATE');
    expect(expectNoErrors(await t('closeGrantCall')).closeGrantCall.grantCall.status).toBe('CLOSED');
    const closed = await mutate(ngo, 'createApplication', 'CreateApplicationInput', {
      callId: id,
      projectTitle: 'Too late',
    });
    expect(closed.errors[0]).toMatchObject({ code: 'CALL_CLOSED' });
    expect(expectNoErrors(await t('startGrantCallReview')).startGrantCallReview.grantCall.status).toBe('IN_REVIEW');
    expect(expectNoErrors(await t('markGrantCallDecided')).markGrantCallDecided.grantCall.status).toBe('DECIDED');
  });
});
