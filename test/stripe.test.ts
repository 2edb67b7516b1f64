import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp, expectNoErrors, type GqlClient } from './helpers/app';
import { FakeStripe } from './helpers/fake-stripe';
import { deliver, events } from './helpers/stripe-events';
import {
  cardContribution,
  CONTRIBUTION_FIELDS,
  createPledge,
  dbId,
  donorWorld,
  fundId,
  ledgerCheck,
  registerDonor,
} from './helpers/money';

let fake: FakeStripe;
let app: TestApp;
let fund: string;
let donor: GqlClient;
let orgA: string;
let sec: GqlClient;

beforeAll(async () => {
  fake = await new FakeStripe().start();
  app = await startTestApp(fake.env());
  ({ fund, donor, donorOrg: orgA, sec } = await donorWorld(app));
});
afterAll(async () => {
  await app.stop();
  await fake.stop();
});

const key = () => `key-${randomUUID()}`;

async function pay(amount = '100.00', extra: Record<string, unknown> = {}, client = donor) {
  const r = expectNoErrors(
    await cardContribution(client, { fundId: fund, amount, currency: 'USD', idempotencyKey: key(), ...extra }),
  ).createCardContribution;
  expect(r.errors).toEqual([]);
  const pi = fake.paymentIntents.get(r.contribution.stripePaymentIntentId)!;
  expect(pi).toBeDefined();
  return { c: r.contribution, pi, clientSecret: r.clientSecret as string };
}

async function contribution(id: string, client: GqlClient = sec) {
  return expectNoErrors(
    await client.gql<{ node: any }>(
      `query N($id: ID!) { node(id: $id) { ... on Contribution { ${CONTRIBUTION_FIELDS} } } }`,
      {
        id,
      },
    ),
  ).node;
}

/** Ledger groups of a contribution: kind and cash movement (debit − credit), in posting order. */
async function groups(gid: string) {
  return app.sql<{ kind: string; cash: string; sc: string }>(
    `select kind, sum(case when account = 'CASH' then debit_minor - credit_minor else 0 end)::text as cash,
            sum(case when account = 'SUPPORT_COST_PAYABLE' then credit_minor - debit_minor else 0 end)::text as sc
       from ledger_entry where source_id = $1 group by txn_id, kind order by min(seq)`,
    [dbId(gid)],
  );
}

describe('createCardContribution', () => {
  it('creates a PENDING contribution and a PaymentIntent with metadata and a deterministic Stripe key', async () => {
    const p = expectNoErrors(
      await createPledge(donor, { fundId: fund, amount: '500.00', currency: 'USD', dueDate: '2027-01-31' }),
    ).createPledge.pledge;
    const { c, pi, clientSecret } = await pay('125.50', { pledgeId: p.id });
    expect(c).toMatchObject({
      status: 'PENDING',
      channel: 'STRIPE',
      amount: { amount: '125.50', currency: 'USD' },
      receipt: null,
    });
    expect(clientSecret).toBe(pi.client_secret);
    expect(pi.amount).toBe(12550);
    expect(pi.currency).toBe('usd');
    expect(pi.metadata).toEqual({
      fundId: dbId(fund),
      pledgeId: dbId(p.id),
      donorOrganizationId: dbId(orgA),
      contributionId: dbId(c.id),
    });
    const req = fake.requests.find(
      (r) => r.method === 'POST' && r.path === '/v1/payment_intents' && r.idempotencyKey?.includes(dbId(c.id)),
    );
    expect(req?.idempotencyKey).toBe(`vtf-contribution-${dbId(c.id)}`);
  });

  it('returns the same contribution and PaymentIntent for the same key, never a second charge', async () => {
    const input = { fundId: fund, amount: '42.00', currency: 'USD', idempotencyKey: key() };
    const before = fake.paymentIntents.size;
    const a = expectNoErrors(await cardContribution(donor, input)).createCardContribution;
    const b = expectNoErrors(await cardContribution(donor, input)).createCardContribution;
    expect(b.contribution.id).toBe(a.contribution.id);
    expect(b.clientSecret).toBe(a.clientSecret);
    expect(fake.paymentIntents.size - before).toBe(1);
  });

  it('makes one contribution and one PaymentIntent when 10 identical requests race', async () => {
    const input = { fundId: fund, amount: '77.00', currency: 'USD', idempotencyKey: key() };
    const before = fake.paymentIntents.size;
    const results = await Promise.all(Array.from({ length: 10 }, () => cardContribution(donor, input)));
    const ids = new Set(results.map((r) => expectNoErrors(r).createCardContribution.contribution.id));
    const secrets = new Set(results.map((r) => r.data!.createCardContribution.clientSecret));
    expect(results.every((r) => r.data!.createCardContribution.errors.length === 0)).toBe(true);
    expect(ids.size).toBe(1);
    expect(secrets.size).toBe(1);
    expect(fake.paymentIntents.size - before).toBe(1);
    const rows = await app.sql(`select count(*)::int as n from contribution where idempotency_key = $1`, [
      input.idempotencyKey,
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('refuses the same key with a different body (IDEMPOTENCY_KEY_REUSED); keys are per user', async () => {
    const k = key();
    expectNoErrors(
      await cardContribution(donor, { fundId: fund, amount: '10.00', currency: 'USD', idempotencyKey: k }),
    );
    const other = expectNoErrors(
      await cardContribution(donor, { fundId: fund, amount: '11.00', currency: 'USD', idempotencyKey: k }),
    ).createCardContribution;
    expect(other.errors[0]).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    expect(other.contribution).toBeNull();
    const b = await registerDonor(app, 'Card Donor B');
    const theirs = expectNoErrors(
      await cardContribution(b.client, { fundId: fund, amount: '10.00', currency: 'USD', idempotencyKey: k }),
    ).createCardContribution;
    expect(theirs.errors).toEqual([]);
    expect(theirs.contribution.donorOrganization.id).toBe(b.orgId);
  });

  it('leaves a retryable PENDING contribution when Stripe fails; the retry reaches the same PaymentIntent', async () => {
    const input = { fundId: fund, amount: '33.00', currency: 'USD', idempotencyKey: key() };
    fake.failures = 3; // the SDK tries 3 times (2 network retries)
    const failed = expectNoErrors(await cardContribution(donor, input)).createCardContribution;
    expect(failed.errors[0].code).toBe('PAYMENT_PROVIDER_ERROR');
    const rows = await app.sql(
      `select id, status, stripe_payment_intent_id from contribution where idempotency_key = $1`,
      [input.idempotencyKey],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'PENDING', stripe_payment_intent_id: null });
    const before = fake.paymentIntents.size;
    const retried = expectNoErrors(await cardContribution(donor, input)).createCardContribution;
    expect(retried.errors).toEqual([]);
    expect(dbId(retried.contribution.id)).toBe(rows[0].id);
    expect(fake.paymentIntents.size - before).toBe(1);
  }, 30000);

  it('is for donor members only: the secretariat gets FORBIDDEN', async () => {
    const r = await cardContribution(sec, {
      fundId: fund,
      donorOrganizationId: orgA,
      amount: '5.00',
      currency: 'USD',
      idempotencyKey: key(),
    });
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('answers PAYMENTS_NOT_CONFIGURED on a server without Stripe keys; the rest works', async () => {
    const plain = await startTestApp();
    try {
      const d = await plain.as('DONOR');
      const f = await fundId(plain);
      const r = expectNoErrors(
        await cardContribution(d, { fundId: f, amount: '5.00', currency: 'USD', idempotencyKey: key() }),
      ).createCardContribution;
      expect(r.errors[0].code).toBe('PAYMENTS_NOT_CONFIGURED');
      // Whether payments are configured is not told to callers who may not pay by card at all.
      const ngo = await plain.as('NGO');
      const denied = await cardContribution(ngo, { fundId: f, amount: '5.00', currency: 'USD', idempotencyKey: key() });
      expect(denied.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const p = expectNoErrors(
        await createPledge(d, { fundId: f, amount: '5.00', currency: 'USD', dueDate: '2027-01-01' }),
      );
      expect(p.createPledge.errors).toEqual([]);
      const hook = await deliver(plain.baseUrl, events.other('customer.created'));
      expect(hook.status).toBe(503);
    } finally {
      await plain.stop();
    }
  });
});

describe('POST /webhooks/stripe', () => {
  it('books a valid payment_intent.succeeded: RECEIVED, one balanced group, a receipt for the donor', async () => {
    const { c, pi } = await pay('100.00');
    const r = await deliver(app.baseUrl, events.succeeded(pi));
    expect(r).toEqual({ status: 200, body: { received: true, outcome: 'applied' } });
    const after = await contribution(c.id, donor);
    expect(after).toMatchObject({
      status: 'RECEIVED',
      bookedBaseAmount: { amount: '100.00' },
      supportCost: { amount: '13.00' },
      receipt: { amount: { amount: '100.00', currency: 'USD' }, reference: pi.id, exchangeRate: '1.00000000' },
    });
    expect(await groups(c.id)).toEqual([{ kind: 'CONTRIBUTION_RECEIVED', cash: '10000', sc: '1300' }]);
    const b = await registerDonor(app, 'Curious Donor');
    const peek = await b.client.gql(`query R($id: String!) { contributionReceipt(contributionId: $id) { number } }`, {
      id: c.id,
    });
    expect(peek.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const own = expectNoErrors(
      await donor.gql<{ contributionReceipt: { number: string; donorName: string } }>(
        `query R($id: String!) { contributionReceipt(contributionId: $id) { number donorName } }`,
        { id: c.id },
      ),
    );
    expect(own.contributionReceipt.number).toBe(dbId(c.id));
  });

  it('refuses a bad or missing signature with 400 and writes nothing', async () => {
    const { c, pi } = await pay('20.00');
    const e = events.succeeded(pi);
    expect((await deliver(app.baseUrl, e, { secret: 'whsec_wrong' })).status).toBe(400);
    expect((await deliver(app.baseUrl, e, { signature: null })).status).toBe(400);
    expect((await deliver(app.baseUrl, e, { signature: 't=1,v1=deadbeef' })).status).toBe(400);
    const tampered = JSON.stringify(e);
    const header = (await import('stripe')).default.webhooks.generateTestHeaderString({
      payload: tampered,
      secret: 'whsec_test_secret_0123456789',
    });
    expect(
      (await deliver(app.baseUrl, tampered.replace('"livemode":false', '"livemode":false '), { signature: header }))
        .status,
    ).toBe(400);
    expect(await app.sql(`select 1 from stripe_event where id = $1`, [e.id])).toHaveLength(0);
    expect((await contribution(c.id)).status).toBe('PENDING');
  });

  it('refuses a signature whose timestamp is outside the tolerance', async () => {
    const { c, pi } = await pay('21.00');
    const e = events.succeeded(pi);
    const stale = Math.floor(Date.now() / 1000) - 10 * 60;
    expect((await deliver(app.baseUrl, e, { timestamp: stale })).status).toBe(400);
    expect(await app.sql(`select 1 from stripe_event where id = $1`, [e.id])).toHaveLength(0);
    expect((await contribution(c.id)).status).toBe('PENDING');
  });

  it('processes an event delivered 5 times at once exactly once: one ledger group', async () => {
    const { c, pi } = await pay('55.55');
    const e = events.succeeded(pi);
    const results = await Promise.all(Array.from({ length: 5 }, () => deliver(app.baseUrl, e)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(results.map((r) => r.body.outcome).sort()).toEqual([
      'applied',
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
    expect(await groups(c.id)).toEqual([{ kind: 'CONTRIBUTION_RECEIVED', cash: '5555', sc: '723' }]);
    expect(await app.sql(`select 1 from stripe_event where id = $1`, [e.id])).toHaveLength(1);
  });

  it('ends right when charge.refunded arrives before payment_intent.succeeded', async () => {
    const { c, pi } = await pay('200.00');
    expect((await deliver(app.baseUrl, events.refunded(pi, 5000))).body.outcome).toBe('applied');
    const early = await contribution(c.id);
    expect(early).toMatchObject({
      status: 'PENDING',
      refunded: { amount: '50.00' },
      bookedBaseAmount: { amount: '0.00' },
    });
    expect(await groups(c.id)).toEqual([]);
    await deliver(app.baseUrl, events.succeeded(pi));
    expect(await contribution(c.id)).toMatchObject({
      status: 'RECEIVED',
      bookedBaseAmount: { amount: '150.00' },
      supportCost: { amount: '19.50' },
    });
    expect(await groups(c.id)).toEqual([
      { kind: 'CONTRIBUTION_RECEIVED', cash: '20000', sc: '2600' },
      { kind: 'CONTRIBUTION_REFUNDED', cash: '-5000', sc: '-650' },
    ]);
    // An older cumulative figure arriving late changes nothing; the full refund reverses the rest.
    await deliver(app.baseUrl, events.refunded(pi, 20000));
    await deliver(app.baseUrl, events.refunded(pi, 7000));
    expect(await contribution(c.id)).toMatchObject({
      status: 'REFUNDED',
      bookedBaseAmount: { amount: '0.00' },
      supportCost: { amount: '0.00' },
    });
    const g = await groups(c.id);
    expect(g).toHaveLength(3);
    expect(g.reduce((s, x) => s + BigInt(x.cash), 0n)).toBe(0n);
    expect(g.reduce((s, x) => s + BigInt(x.sc), 0n)).toBe(0n);
  });

  it('refuses an amount or currency that differs from the contribution: audited, not applied, 200', async () => {
    const { c, pi } = await pay('80.00');
    const wrongAmount = events.succeeded(pi, { amount: 8 });
    const r = await deliver(app.baseUrl, wrongAmount);
    expect(r).toEqual({ status: 200, body: { received: true, outcome: 'mismatch' } });
    const wrongCurrency = events.succeeded(pi, { currency: 'eur' });
    expect((await deliver(app.baseUrl, wrongCurrency)).body.outcome).toBe('mismatch');
    expect(await contribution(c.id)).toMatchObject({ status: 'PENDING', bookedBaseAmount: { amount: '0.00' } });
    expect(await groups(c.id)).toEqual([]);
    const audit = await app.sql(
      `select action, actor_role, after from audit_event where entity_id = $1 and action = 'contribution.mismatch'`,
      [dbId(c.id)],
    );
    expect(audit).toHaveLength(2);
    expect(audit[0].actor_role).toBe('system:stripe');
    expect(audit[0].after).toMatchObject({ eventId: wrongAmount.id, eventType: 'payment_intent.succeeded' });
    const otherIntent = events.succeeded({ ...pi, id: 'pi_someone_else' });
    expect((await deliver(app.baseUrl, otherIntent)).body.outcome).toBe('mismatch');
    // The right event still applies afterwards.
    expect((await deliver(app.baseUrl, events.succeeded(pi))).body.outcome).toBe('applied');
  });

  it('acknowledges and ignores unknown event types', async () => {
    const e = events.other('customer.created');
    expect(await deliver(app.baseUrl, e)).toEqual({ status: 200, body: { received: true, outcome: 'ignored' } });
    expect((await app.sql(`select outcome from stripe_event where id = $1`, [e.id]))[0].outcome).toBe('ignored');
  });

  it('refuses a livemode event on a server running with test keys (400, nothing written)', async () => {
    const { c, pi } = await pay('12.00');
    const e = events.succeeded(pi, { livemode: true });
    expect((await deliver(app.baseUrl, e)).status).toBe(400);
    expect(await app.sql(`select 1 from stripe_event where id = $1`, [e.id])).toHaveLength(0);
    expect((await contribution(c.id)).status).toBe('PENDING');
  });

  it('marks a failed payment FAILED, and a later success on the same intent RECEIVED', async () => {
    const { c, pi } = await pay('15.00');
    await deliver(app.baseUrl, events.failed(pi));
    expect(await contribution(c.id)).toMatchObject({ status: 'FAILED' });
    expect(await groups(c.id)).toEqual([]);
    await deliver(app.baseUrl, events.succeeded(pi));
    expect(await contribution(c.id)).toMatchObject({ status: 'RECEIVED' });
    await deliver(app.baseUrl, events.failed(pi));
    expect(await contribution(c.id)).toMatchObject({ status: 'RECEIVED' });
  });

  it('reverses on a dispute, re-books when the dispute is won, keeps it reversed when lost', async () => {
    const won = await pay('60.00');
    await deliver(app.baseUrl, events.succeeded(won.pi));
    await deliver(app.baseUrl, events.dispute(won.pi, 'created'));
    expect(await contribution(won.c.id)).toMatchObject({
      status: 'DISPUTED',
      disputeStatus: 'OPEN',
      bookedBaseAmount: { amount: '0.00' },
    });
    await deliver(app.baseUrl, events.dispute(won.pi, 'closed', 'won'));
    expect(await contribution(won.c.id)).toMatchObject({
      status: 'RECEIVED',
      disputeStatus: 'WON',
      bookedBaseAmount: { amount: '60.00' },
    });
    expect((await groups(won.c.id)).map((g) => [g.kind, g.cash])).toEqual([
      ['CONTRIBUTION_RECEIVED', '6000'],
      ['CONTRIBUTION_DISPUTED', '-6000'],
      ['CONTRIBUTION_DISPUTE_WON', '6000'],
    ]);
    const lost = await pay('61.00');
    await deliver(app.baseUrl, events.succeeded(lost.pi));
    // Closed (lost) arrives before created: the final state is the same.
    await deliver(app.baseUrl, events.dispute(lost.pi, 'closed', 'lost'));
    await deliver(app.baseUrl, events.dispute(lost.pi, 'created'));
    expect(await contribution(lost.c.id)).toMatchObject({
      status: 'DISPUTED',
      disputeStatus: 'LOST',
      bookedBaseAmount: { amount: '0.00' },
    });
    expect((await groups(lost.c.id)).map((g) => g.kind)).toEqual(['CONTRIBUTION_RECEIVED', 'CONTRIBUTION_DISPUTED']);
  });

  it('keeps a closed dispute final: a won dispute later reported lost is refused as a mismatch and changes nothing', async () => {
    const { c, pi } = await pay('62.00');
    await deliver(app.baseUrl, events.succeeded(pi));
    await deliver(app.baseUrl, events.dispute(pi, 'created'));
    await deliver(app.baseUrl, events.dispute(pi, 'closed', 'won'));
    const ledger = await groups(c.id);
    const late = events.dispute(pi, 'closed', 'lost');
    expect((await deliver(app.baseUrl, late)).status).toBe(200);
    expect(await contribution(c.id)).toMatchObject({ status: 'RECEIVED', disputeStatus: 'WON' });
    expect(await groups(c.id)).toEqual(ledger);
    const [row] = await app.sql(`select outcome from stripe_event where id = $1`, [late.id]);
    expect(row).toEqual({ outcome: 'mismatch' });
    const audit = await app.sql(
      `select after from audit_event where entity_id = $1 and action = 'contribution.mismatch'`,
      [dbId(c.id)],
    );
    expect(audit).toEqual([
      { after: { eventId: late.id, eventType: 'charge.dispute.closed', reason: 'a WON dispute cannot become LOST' } },
    ]);
  });

  it('moves the linked pledge when the card payment succeeds, and back on refund', async () => {
    const p = expectNoErrors(
      await createPledge(donor, { fundId: fund, amount: '90.00', currency: 'USD', dueDate: '2027-01-31' }),
    ).createPledge.pledge;
    const { c, pi } = await pay('90.00', { pledgeId: p.id });
    await deliver(app.baseUrl, events.succeeded(pi));
    expect((await contribution(c.id)).pledge.status).toBe('FULFILLED');
    await deliver(app.baseUrl, events.refunded(pi, 3000));
    expect((await contribution(c.id)).pledge.status).toBe('PARTIALLY_PAID');
  });

  it('lets the secretariat refund through Stripe once per key; the ledger follows charge.refunded', async () => {
    const { c, pi } = await pay('100.00');
    const refund = (input: Record<string, unknown>, client = sec) =>
      client.gql<{ refundCardContribution: { contribution: any; errors: { code: string }[] } }>(
        `mutation R($input: RefundCardContributionInput!) {
          refundCardContribution(input: $input) { contribution { id status refunded { amount } } errors { code field message } }
        }`,
        { input: { contributionId: c.id, reason: 'Donor asked', idempotencyKey: 'refund-key-1', ...input } },
      );
    expect(expectNoErrors(await refund({})).refundCardContribution.errors[0].code).toBe('INVALID_STATE');
    await deliver(app.baseUrl, events.succeeded(pi));
    expect((await refund({}, donor)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(expectNoErrors(await refund({ amount: '100.01' })).refundCardContribution.errors[0].code).toBe(
      'AMOUNT_OUT_OF_RANGE',
    );
    const before = fake.refunds.length;
    const a = expectNoErrors(await refund({ amount: '30.00' })).refundCardContribution;
    const b = expectNoErrors(await refund({ amount: '30.00' })).refundCardContribution;
    expect([a.errors, b.errors]).toEqual([[], []]);
    expect(fake.refunds.slice(before)).toEqual([expect.objectContaining({ payment_intent: pi.id, amount: 3000 })]);
    expect(a.contribution).toMatchObject({ status: 'RECEIVED', refunded: { amount: '0.00' } });
    await deliver(app.baseUrl, events.refunded(pi, 3000));
    expect(await contribution(c.id)).toMatchObject({
      status: 'RECEIVED',
      refunded: { amount: '30.00' },
      bookedBaseAmount: { amount: '70.00' },
    });
  });

  it('keeps the ledger reconciled after all of the above', async () => {
    const check = await ledgerCheck(sec, fund);
    expect(check.unbalancedGroups).toEqual([]);
    expect(check.differences).toEqual([]);
    expect(check.ok).toBe(true);
  });
});
