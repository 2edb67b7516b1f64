import { randomUUID } from 'node:crypto';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { FakeStripe } from './helpers/fake-stripe';
import { deliver, events } from './helpers/stripe-events';
import {
  bankRef,
  cardContribution,
  createPledge,
  dbId,
  demoDonorOrgId,
  fundId,
  recordWire,
  registerDonor,
} from './helpers/money';
import { makeAward, secondSecretariat, trancheOp } from './helpers/post-award';

/** What the donor screens of the portal read: public money by year, wire instructions, Stripe settings. */

let fake: FakeStripe;
let app: TestApp;
let fund: string;
let sec: GqlClient;
let donor: GqlClient;
let demoDonor: string;

beforeAll(async () => {
  fake = await new FakeStripe().start();
  app = await startTestApp({ ...fake.env(), STRIPE_PUBLISHABLE_KEY: 'pk_test_portal0123' });
  fund = await fundId(app);
  sec = await app.as('SECRETARIAT');
  donor = await app.as('DONOR');
  demoDonor = await demoDonorOrgId(app);
});
afterAll(async () => {
  await app.stop();
  await fake.stop();
});

const STATS = `query S($code: String!) { publicStatistics(fundCode: $code) {
  totalReceived { amount currency } tranchesPaid amountDisbursed { amount currency }
  contributionsByYear { year donors amount { amount currency } } } }`;

async function stats(code = 'UNVTF') {
  return expectNoErrors(await app.anonymous.gql<{ publicStatistics: any }>(STATS, { code })).publicStatistics;
}

async function wire(orgId: string, amount: string, valueDate: string, fundGid = fund) {
  const r = expectNoErrors(
    await recordWire(sec, {
      fundId: fundGid,
      donorOrganizationId: orgId,
      amount,
      currency: 'USD',
      valueDate,
      bankReference: bankRef(),
    }),
  ).recordWireContribution;
  expect(r.errors).toEqual([]);
  return r.contribution;
}

describe('public statistics: contributions by year and tranches paid', () => {
  it('lists receipts by year of value date, net of refunds, with fewer than 5 donors shown as "<5"', async () => {
    expect((await stats()).contributionsByYear).toEqual([]);

    await wire(demoDonor, '500000.00', '2025-06-30');
    // A card payment counts once Stripe confirms it (value date: the day of the webhook), not before.
    const second = await registerDonor(app, 'Card Donor Foundation');
    const paid = expectNoErrors(
      await cardContribution(second.client, {
        fundId: fund,
        amount: '100.00',
        currency: 'USD',
        idempotencyKey: randomUUID(),
      }),
    ).createCardContribution;
    expect(paid.errors).toEqual([]);
    const pending = expectNoErrors(
      await cardContribution(second.client, {
        fundId: fund,
        amount: '900.00',
        currency: 'USD',
        idempotencyKey: randomUUID(),
      }),
    ).createCardContribution;
    expect(pending.errors).toEqual([]);
    const pi = fake.paymentIntents.get(paid.contribution.stripePaymentIntentId)!;
    expect((await deliver(app.baseUrl, events.succeeded(pi))).status).toBe(200);
    const year = new Date().toISOString().slice(0, 4);

    const s = await stats();
    expect(s.contributionsByYear).toEqual([
      { year: '2025', donors: '<5', amount: { amount: '500000.00', currency: 'USD' } },
      { year, donors: '<5', amount: { amount: '100.00', currency: 'USD' } },
    ]);
    // The years add up to the fund's total received.
    expect(s.totalReceived.amount).toBe('500100.00');
  });

  it('shows the number of donors from 5 up, counts a donor once per year, and ignores other funds', async () => {
    const admin = await app.as('ADMIN');
    const other = expectNoErrors(
      await admin.gql<{ createFund: { fund: { id: string }; errors: unknown[] } }>(
        `mutation($input: CreateFundInput!) { createFund(input: $input) { fund { id } errors { code message } } }`,
        { input: { code: 'OTHERFUND', name: 'Another fund', baseCurrency: 'USD' } },
      ),
    ).createFund;
    expect(other.errors).toEqual([]);
    const orgs = [demoDonor];
    for (let i = 0; i < 4; i += 1) orgs.push((await registerDonor(app, `Donor ${i} of 2024`)).orgId);
    for (const org of orgs) await wire(org, '1000.00', '2024-03-01');
    await wire(demoDonor, '250.00', '2024-12-31');
    // A card payment to the other fund, confirmed by Stripe.
    const elsewhere = expectNoErrors(
      await cardContribution(donor, {
        fundId: other.fund.id,
        amount: '777.00',
        currency: 'USD',
        idempotencyKey: randomUUID(),
      }),
    ).createCardContribution;
    expect(elsewhere.errors).toEqual([]);
    const pi = fake.paymentIntents.get(elsewhere.contribution.stripePaymentIntentId)!;
    expect((await deliver(app.baseUrl, events.succeeded(pi))).status).toBe(200);

    const s = await stats();
    expect(s.contributionsByYear[0]).toEqual({
      year: '2024',
      donors: '5',
      amount: { amount: '5250.00', currency: 'USD' },
    });
    expect((await stats('OTHERFUND')).contributionsByYear).toEqual([
      { year: new Date().toISOString().slice(0, 4), donors: '<5', amount: { amount: '777.00', currency: 'USD' } },
    ]);
    expect(s.contributionsByYear.at(-1).amount.amount).toBe('100.00');
  });

  it('drops a refunded wire from its year', async () => {
    const c = await wire(demoDonor, '300.00', '2023-02-01');
    expect((await stats()).contributionsByYear[0]).toMatchObject({ year: '2023', amount: { amount: '300.00' } });
    const r = expectNoErrors(
      await sec.gql<{ refundWireContribution: { errors: unknown[] } }>(
        `mutation($input: RefundWireContributionInput!) { refundWireContribution(input: $input) { errors { code message field } } }`,
        {
          input: {
            contributionId: c.id,
            currency: 'USD',
            reference: bankRef(),
            reason: 'Sent twice by the donor',
            valueDate: '2023-03-01',
          },
        },
      ),
    ).refundWireContribution;
    expect(r.errors).toEqual([]);
    expect((await stats()).contributionsByYear.map((y: { year: string }) => y.year)).not.toContain('2023');
  });

  it('counts tranches paid to NGOs and their amount', async () => {
    expect(await stats()).toMatchObject({ tranchesPaid: 0, amountDisbursed: { amount: '0.00', currency: 'USD' } });
    const a = await makeAward(app, '35000.00');
    const t1 = a.tranches[0]!;
    const sec2 = await secondSecretariat(app);
    expect((await trancheOp(sec, 'requestTranche', { trancheId: t1.id })).errors).toEqual([]);
    expect((await trancheOp(sec2, 'approveTranche', { trancheId: t1.id })).errors).toEqual([]);
    const paid = await trancheOp(sec2, 'recordTranchePayment', {
      trancheId: t1.id,
      reference: bankRef(),
      valueDate: new Date().toISOString().slice(0, 10),
    });
    expect(paid.errors).toEqual([]);
    expect(await stats()).toMatchObject({ tranchesPaid: 1, amountDisbursed: { amount: t1.amount.amount } });
    // Requested or approved tranches are not paid.
    expect((await stats()).amountDisbursed.amount).toBe('24500.00');
  });
});

const PLEDGE = `query($id: ID!) { node(id: $id) { ... on Pledge { reference outstanding { amount currency }
  wireInstructions { reference accountHolder bankName bankCountry iban accountNumber swift amount { amount currency } } } } }`;

describe('wire instructions of a pledge', () => {
  it('gives the fund’s account, the reference to quote and what is outstanding', async () => {
    const p = expectNoErrors(
      await createPledge(donor, { fundId: fund, amount: '20000.00', currency: 'USD', dueDate: '2027-03-31' }),
    ).createPledge.pledge;
    const read = async () => expectNoErrors(await donor.gql<{ node: any }>(PLEDGE, { id: p.id })).node;
    const before = await read();
    expect(before.reference).toMatch(/^UNVTF-P-[0-9A-F]{10}$/);
    expect(before.wireInstructions).toEqual({
      reference: before.reference,
      accountHolder: 'UNVTF Trust Fund Account (demo)',
      bankName: 'Example Bank AG',
      bankCountry: 'DE',
      iban: 'DE89370400440532013000',
      accountNumber: null,
      swift: 'COBADEFFXXX',
      amount: { amount: '20000.00', currency: 'USD' },
    });
    const r = expectNoErrors(
      await recordWire(sec, {
        fundId: fund,
        donorOrganizationId: demoDonor,
        pledgeId: p.id,
        amount: '5000.00',
        currency: 'USD',
        valueDate: '2026-11-20',
        bankReference: before.reference,
      }),
    ).recordWireContribution;
    expect(r.errors).toEqual([]);
    expect((await read()).wireInstructions.amount).toEqual({ amount: '15000.00', currency: 'USD' });
  });

  it('gives two pledges two references, and none of them to another donor', async () => {
    const mk = async () =>
      expectNoErrors(
        await createPledge(donor, { fundId: fund, amount: '10.00', currency: 'USD', dueDate: '2027-01-31' }),
      ).createPledge.pledge.id as string;
    const [a, b] = [await mk(), await mk()];
    const ref = async (id: string, c = donor) => (await c.gql<{ node: any }>(PLEDGE, { id })).data?.node?.reference;
    expect(await ref(a)).not.toBe(await ref(b));
    const other = await registerDonor(app, 'Curious Donor');
    expect(await ref(a, other.client)).toBeUndefined();
  });

  it('is null while the fund has no account; an administrator sets it, checked like any bank account', async () => {
    const admin = await app.as('ADMIN');
    const created = expectNoErrors(
      await admin.gql<{ createFund: { fund: { id: string } } }>(
        `mutation($input: CreateFundInput!) { createFund(input: $input) { fund { id } errors { code } } }`,
        { input: { code: 'NOACCOUNT', name: 'Fund without account', baseCurrency: 'USD' } },
      ),
    ).createFund.fund.id;
    const p = expectNoErrors(
      await createPledge(donor, { fundId: created, amount: '10.00', currency: 'USD', dueDate: '2027-01-31' }),
    ).createPledge.pledge;
    expect(expectNoErrors(await donor.gql<{ node: any }>(PLEDGE, { id: p.id })).node.wireInstructions).toBeNull();

    const set = (client: GqlClient, account: Record<string, unknown>) =>
      client.gql<{ updateFundPolicy: { errors: { code: string; field: string | null }[] } }>(
        `mutation($input: UpdateFundPolicyInput!) { updateFundPolicy(input: $input) { errors { code field message } } }`,
        { input: { fundId: created, receivingAccount: account } },
      );
    const account = { accountHolder: 'Trust Fund', bankName: 'Bank', iban: 'DE89 3704 0044 0532 0130 01' };
    expect(expectNoErrors(await set(admin, account)).updateFundPolicy.errors).toEqual([
      expect.objectContaining({ code: 'INVALID_VALUE', field: 'receivingAccount.iban' }),
    ]);
    const bySecretariat = await set(sec, { ...account, iban: 'DE89370400440532013000' });
    expect(bySecretariat.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      expectNoErrors(await set(admin, { ...account, iban: 'DE89 3704 0044 0532 0130 00' })).updateFundPolicy.errors,
    ).toEqual([]);
    const after = expectNoErrors(await donor.gql<{ node: any }>(PLEDGE, { id: p.id })).node.wireInstructions;
    expect(after).toMatchObject({
      iban: 'DE89370400440532013000',
      bankCountry: 'DE',
      reference: expect.stringMatching(/^NOACCOUNT-P-/),
    });
    const audit = await app.sql<{ n: number }>(
      `select after -> 'receivingAccount' as account from audit_event where action = 'fund.update_policy' and entity_id = $1`,
      [dbId(created)],
    );
    // The trail keeps the change, the account masked.
    expect(audit).toEqual([{ account: expect.objectContaining({ ending: '3000', bic: null, bankCountry: 'DE' }) }]);
    expect(JSON.stringify(audit)).not.toContain('DE89370400440532013000');
  });
});

describe('payment settings', () => {
  it('gives the browser the publishable key when card payments are configured', async () => {
    const r = expectNoErrors(
      await app.anonymous.gql<{ paymentSettings: unknown }>(
        '{ paymentSettings { cardPayments stripePublishableKey } }',
      ),
    );
    expect(r.paymentSettings).toEqual({ cardPayments: true, stripePublishableKey: 'pk_test_portal0123' });
  });
});

describe('finding a pledge by the reference quoted on a wire', () => {
  const FIND = `query($ref: String!) { pledges(first: 5, filter: { reference: $ref }) { edges { node { id reference } } } }`;

  it('finds the pledge for the secretariat and its donor, however the reference was typed, and no one else', async () => {
    const mk = async () =>
      expectNoErrors(
        await createPledge(donor, { fundId: fund, amount: '70.00', currency: 'USD', dueDate: '2027-04-30' }),
      ).createPledge.pledge.id as string;
    const [a] = [await mk(), await mk()];
    const ref = expectNoErrors(await donor.gql<{ node: any }>(PLEDGE, { id: a })).node.reference as string;
    const typed = ` ${ref.toLowerCase().slice(0, 8)} ${ref.toLowerCase().slice(8)} `;
    const found = (c: GqlClient, r: string) =>
      c.gql<{ pledges: { edges: { node: { id: string } }[] } }>(FIND, { ref: r });
    expect(expectNoErrors(await found(sec, typed)).pledges.edges.map((e) => e.node.id)).toEqual([a]);
    expect(expectNoErrors(await found(donor, ref)).pledges.edges.map((e) => e.node.id)).toEqual([a]);
    const other = await registerDonor(app, 'Another Curious Donor');
    expect(expectNoErrors(await found(other.client, ref)).pledges.edges).toEqual([]);
    // Another fund's code with the same digits names no pledge.
    expect(expectNoErrors(await found(sec, ref.replace(/^UNVTF/, 'OTHERFUND'))).pledges.edges).toEqual([]);
    const bad = await found(sec, 'UNVTF-12345');
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('permissions of a pledge: pay by card', () => {
  const PERMS = `query($id: ID!) { node(id: $id) { ... on Pledge { permissions { payByCard { allowed reason code } cancel { allowed } } } } }`;
  const perms = async (c: GqlClient, id: string) =>
    expectNoErrors(await c.gql<{ node: any }>(PERMS, { id })).node.permissions;

  it('lets the donor’s members pay an open pledge, never the secretariat, nor a cancelled pledge', async () => {
    const p = expectNoErrors(
      await createPledge(donor, { fundId: fund, amount: '40.00', currency: 'USD', dueDate: '2027-02-28' }),
    ).createPledge.pledge;
    expect((await perms(donor, p.id)).payByCard).toEqual({ allowed: true, reason: null, code: null });
    const bySecretariat = await perms(sec, p.id);
    expect(bySecretariat.payByCard.allowed).toBe(false);
    expect(bySecretariat.cancel.allowed).toBe(true);
    const cancelled = expectNoErrors(
      await sec.gql<{ cancelPledge: { errors: unknown[] } }>(
        `mutation($input: CancelPledgeInput!) { cancelPledge(input: $input) { errors { code } } }`,
        { input: { pledgeId: p.id, reason: 'Donor withdrew the pledge' } },
      ),
    ).cancelPledge;
    expect(cancelled.errors).toEqual([]);
    expect((await perms(donor, p.id)).payByCard).toMatchObject({ allowed: false, code: 'INVALID_STATE' });
    // The mutation refuses what the permission refuses.
    const refused = expectNoErrors(
      await cardContribution(donor, {
        fundId: fund,
        pledgeId: p.id,
        amount: '40.00',
        currency: 'USD',
        idempotencyKey: randomUUID(),
      }),
    ).createCardContribution;
    expect(refused.errors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', field: 'pledgeId' })]);
  });
});
