import { DEMO_CALL_TITLE, seedDemoCall } from '../src/seed/demo-call';
import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';

/** `npm start`'s demo data opens a call, so the demo NGO can try the portal's application journey. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.stop();
});

describe('the demo call for proposals', () => {
  it('is opened once, is public, audited, and the demo NGO can start an application to it', async () => {
    expect(await seedDemoCall(app.orm)).toBe(true);
    expect(await seedDemoCall(app.orm)).toBe(false); // one open call is enough
    const calls: { id: string; title: string; status: string }[] = expectNoErrors(
      await app.anonymous.gql('{ openCalls(first: 100) { edges { node { id title status maxAward { amount } } } } }'),
    ).openCalls.edges.map((e: { node: { id: string; title: string; status: string } }) => e.node);
    const demo = calls.find((c) => c.title === DEMO_CALL_TITLE);
    expect(demo).toMatchObject({ status: 'OPEN', maxAward: { amount: '50000.00' } });
    const events = await app.sql<{ action: string }>(
      "select action from audit_event where entity_type = 'GrantCall' order by seq",
    );
    expect(events.map((e) => e.action)).toEqual(['grant_call.create', 'grant_call.open']);
    const ngo = await app.as('NGO');
    const created = expectNoErrors(
      await ngo.gql(
        `mutation($i: CreateApplicationInput!) { createApplication(input: $i) { application { status } errors { code } } }`,
        { i: { callId: demo!.id, projectTitle: 'Safe houses in Lagos' } },
      ),
    ).createApplication;
    expect(created).toEqual({ application: { status: 'DRAFT' }, errors: [] });
    expect(
      expectNoErrors(await app.as('AUDITOR').then((a) => a.gql('{ verifyAuditTrail { ok } }'))).verifyAuditTrail.ok,
    ).toBe(true);
  });
});
