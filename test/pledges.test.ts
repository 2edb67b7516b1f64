import { registerAndLogin } from './helpers/register';
import { startTestApp, type TestApp, expectNoErrors, type GqlClient } from './helpers/app';
import {
  balance,
  bankRef,
  dbId,
  createPledge,
  donorWorld,
  PLEDGE_FIELDS,
  recordWire,
  registerDonor,
} from './helpers/money';

let app: TestApp;
let fund: string;
let donorA: GqlClient;
let orgA: string;
let donorB: { client: GqlClient; orgId: string };
let sec: GqlClient;

beforeAll(async () => {
  app = await startTestApp();
  ({ fund, donor: donorA, donorOrg: orgA, sec } = await donorWorld(app));
  donorB = await registerDonor(app);
});
afterAll(async () => {
  await app.stop();
});

const cancel = (client: GqlClient, pledgeId: string, reason = 'Donor withdrew the pledge in writing') =>
  client.gql<{ cancelPledge: { pledge: any; errors: { code: string }[] } }>(
    `mutation C($input: CancelPledgeInput!) { cancelPledge(input: $input) { pledge { id status cancelReason } errors { code message } } }`,
    { input: { pledgeId, reason } },
  );

const listPledges = async (client: GqlClient) =>
  expectNoErrors(
    await client.gql<{
      pledges: { edges: { node: { id: string; donorOrganization: { id: string } } }[]; totalCount: number };
    }>(`{ pledges(first: 100) { totalCount edges { node { id donorOrganization { id } } } } }`),
  ).pledges;

describe('creating pledges', () => {
  it('lets a donor member pledge for its own organisation, in any ISO currency', async () => {
    const r = expectNoErrors(
      await createPledge(donorA, {
        fundId: fund,
        amount: '250000.00',
        currency: 'eur',
        dueDate: '2027-03-31',
        earmark: 'Shelters',
      }),
    );
    expect(r.createPledge.errors).toEqual([]);
    const p = r.createPledge.pledge;
    expect(p).toMatchObject({
      status: 'PLEDGED',
      dueDate: '2027-03-31',
      earmark: 'Shelters',
      amount: { amount: '250000.00', currency: 'EUR' },
      paid: { amount: '0.00' },
      outstanding: { amount: '250000.00' },
      donorOrganization: { id: orgA },
    });
    expect(p.permissions.cancel.allowed).toBe(false);
  });

  it('refuses an unknown currency, a non-positive amount and an impossible date with codes', async () => {
    const bad = async (input: Record<string, unknown>) =>
      expectNoErrors(
        await createPledge(donorA, { fundId: fund, amount: '10.00', currency: 'USD', dueDate: '2027-01-01', ...input }),
      ).createPledge.errors[0];
    expect(await bad({ currency: 'XYZ' })).toMatchObject({ code: 'INVALID_CURRENCY', field: 'currency' });
    expect(await bad({ amount: '0' })).toMatchObject({ code: 'AMOUNT_OUT_OF_RANGE', field: 'amount' });
    expect(await bad({ amount: '1.001' })).toMatchObject({ code: 'INVALID_VALUE', field: 'amount' });
    // An impossible calendar date is refused before any resolver runs, naming the field (issue 11, item 13).
    const impossible = await createPledge(donorA, {
      fundId: fund,
      amount: '10.00',
      currency: 'USD',
      dueDate: '2027-02-30',
    });
    expect(impossible.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.dueDate' });
    expect(impossible.errors?.[0]?.message).toMatch(/dueDate/);
  });

  it("forbids a donor from pledging in another donor's name, and an NGO from pledging at all", async () => {
    const r = await createPledge(donorB.client, {
      fundId: fund,
      donorOrganizationId: orgA,
      amount: '5.00',
      currency: 'USD',
      dueDate: '2027-01-01',
    });
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const ngo = await app.as('NGO');
    const n = await createPledge(ngo, {
      fundId: fund,
      donorOrganizationId: orgA,
      amount: '5.00',
      currency: 'USD',
      dueDate: '2027-01-01',
    });
    expect(n.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lets the secretariat pledge on behalf of a named donor', async () => {
    const missing = expectNoErrors(
      await createPledge(sec, { fundId: fund, amount: '5.00', currency: 'USD', dueDate: '2027-01-01' }),
    );
    expect(missing.createPledge.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'donorOrganizationId' });
    const ok = expectNoErrors(
      await createPledge(sec, {
        fundId: fund,
        donorOrganizationId: donorB.orgId,
        amount: '5.00',
        currency: 'USD',
        dueDate: '2027-01-01',
      }),
    );
    expect(ok.createPledge.pledge.donorOrganization.id).toBe(donorB.orgId);
  });

  it('refuses a pledge from a donor organisation the secretariat has not verified', async () => {
    const { client: c } = await registerAndLogin(app, {
      kind: 'DONOR',
      legalName: 'Unvetted Donor Ltd',
      country: 'GB',
      email: 'unvetted@example.org',
      displayName: 'U',
      password: 'Correct-Horse-Battery-Staple-78',
    });
    const p = expectNoErrors(
      await createPledge(c, { fundId: fund, amount: '5.00', currency: 'USD', dueDate: '2027-01-01' }),
    );
    expect(p.createPledge.errors[0].code).toBe('ORGANIZATION_NOT_VERIFIED');
  });
});

describe('who sees which pledges', () => {
  it("never shows donor A's pledges to donor B, in lists or by id", async () => {
    const a = expectNoErrors(
      await createPledge(donorA, { fundId: fund, amount: '100.00', currency: 'USD', dueDate: '2027-01-01' }),
    ).createPledge.pledge;
    const seenByB = await listPledges(donorB.client);
    expect(seenByB.edges.every((e) => e.node.donorOrganization.id === donorB.orgId)).toBe(true);
    expect(seenByB.edges.map((e) => e.node.id)).not.toContain(a.id);
    const byId = await donorB.client.gql(`query N($id: ID!) { node(id: $id) { id } }`, { id: a.id });
    expect(byId.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const seenByA = await listPledges(donorA);
    expect(seenByA.edges.map((e) => e.node.id)).toContain(a.id);
    expect(seenByA.edges.every((e) => e.node.donorOrganization.id === orgA)).toBe(true);
  });

  it('shows every pledge to the secretariat, the administrator and the auditor, none to an NGO', async () => {
    const all = (await listPledges(sec)).totalCount;
    expect(all).toBeGreaterThanOrEqual(3);
    expect((await listPledges(await app.as('AUDITOR'))).totalCount).toBe(all);
    expect((await listPledges(await app.as('ADMIN'))).totalCount).toBe(all);
    expect((await listPledges(await app.as('NGO'))).totalCount).toBe(0);
  });
});

describe('pledge lifecycle', () => {
  it('moves PLEDGED → PARTIALLY_PAID → FULFILLED with receipts and shows over-payment', async () => {
    const p = expectNoErrors(
      await createPledge(donorA, { fundId: fund, amount: '1000.00', currency: 'USD', dueDate: '2027-06-30' }),
    ).createPledge.pledge;
    const wire = (amount: string) =>
      recordWire(sec, {
        fundId: fund,
        donorOrganizationId: orgA,
        pledgeId: p.id,
        amount,
        currency: 'USD',
        valueDate: '2026-11-02',
        bankReference: bankRef(),
      });
    const w1 = expectNoErrors(await wire('400.00')).recordWireContribution;
    expect(w1.errors).toEqual([]);
    expect(w1.contribution.pledge.status).toBe('PARTIALLY_PAID');
    expectNoErrors(await wire('700.00'));
    const d = expectNoErrors(
      await sec.gql<{ node: any }>(`query N($id: ID!) { node(id: $id) { ... on Pledge { ${PLEDGE_FIELDS} } } }`, {
        id: p.id,
      }),
    );
    expect(d.node).toMatchObject({
      status: 'FULFILLED',
      paid: { amount: '1100.00' },
      outstanding: { amount: '0.00' },
      overpaid: { amount: '100.00' },
    });
    expect(d.node.permissions.cancel).toEqual({ allowed: false, reason: 'A fully paid pledge cannot be cancelled.' });
    const c = expectNoErrors(await cancel(sec, p.id)).cancelPledge;
    expect(c.errors[0].code).toBe('INVALID_STATE');
  });

  it('lets only the secretariat cancel, with a reason; a cancelled pledge takes no more money', async () => {
    const p = expectNoErrors(
      await createPledge(donorA, { fundId: fund, amount: '300.00', currency: 'USD', dueDate: '2027-06-30' }),
    ).createPledge.pledge;
    expect((await cancel(donorA, p.id)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const tooShort = await cancel(sec, p.id, 'x');
    expect(tooShort.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const c = expectNoErrors(await cancel(sec, p.id)).cancelPledge;
    expect(c.pledge).toMatchObject({ status: 'CANCELLED', cancelReason: 'Donor withdrew the pledge in writing' });
    const again = expectNoErrors(await cancel(sec, p.id)).cancelPledge;
    expect(again.errors).toEqual([]);
    const w = expectNoErrors(
      await recordWire(sec, {
        fundId: fund,
        donorOrganizationId: orgA,
        pledgeId: p.id,
        amount: '1.00',
        currency: 'USD',
        valueDate: '2026-11-02',
        bankReference: bankRef(),
      }),
    ).recordWireContribution;
    expect(w.errors[0]).toMatchObject({ code: 'INVALID_STATE', field: 'pledgeId' });
    const events = await app.sql(`select action from audit_event where entity_id = $1 order by seq`, [dbId(p.id)]);
    expect(events.map((e) => e.action)).toEqual(['pledge.create', 'pledge.cancel']);
  });

  it('refuses a receipt in another currency than its pledge', async () => {
    const p = expectNoErrors(
      await createPledge(donorA, { fundId: fund, amount: '300.00', currency: 'USD', dueDate: '2027-06-30' }),
    ).createPledge.pledge;
    const w = expectNoErrors(
      await recordWire(sec, {
        fundId: fund,
        donorOrganizationId: orgA,
        pledgeId: p.id,
        amount: '10.00',
        currency: 'EUR',
        exchangeRate: '1.1',
        valueDate: '2026-11-02',
        bankReference: bankRef(),
      }),
    ).recordWireContribution;
    expect(w.errors[0]).toMatchObject({ code: 'CURRENCY_MISMATCH' });
  });

  it('counts pledges as receivable (pledgedUnpaid), never as available money', async () => {
    const before = await balance(sec, fund);
    expectNoErrors(
      await createPledge(donorA, { fundId: fund, amount: '5000.00', currency: 'USD', dueDate: '2027-06-30' }),
    );
    const after = await balance(sec, fund);
    expect(after.available).toEqual(before.available);
    expect(after.cash).toEqual(before.cash);
    expect(BigInt(after.pledgedUnpaid.minorUnits) - BigInt(before.pledgedUnpaid.minorUnits)).toBe(500000n);
  });
});
