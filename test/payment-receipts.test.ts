import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { DAY } from './helpers/grants';
import { dbId, fundId } from './helpers/money';
import { fresh, makeAward, secondSecretariat, trancheOp, wire } from './helpers/post-award';
import { registerAndLogin } from './helpers/register';
import { expectChangesMatchTheirTrail, expectMoneyInvariants } from './reliability/invariants';
import { remindPaymentReceipts } from '../src/jobs/reminders';
import { Role } from '../src/users/user.entity';

/** Acknowledgement of receipt (issue 18): the grantee confirms each transfer, or reports what arrived. */
let app: TestApp;
let fund: string;
let sec2: GqlClient;

const PAYMENT = `id amount { amount } valueDate receiptStatus receiptDueDate receivedAmount { amount } receivedOn
  receiptNote acknowledgedAt acknowledgedById discrepancyResolution resolvedById
  permissions { acknowledge { allowed code } resolve { allowed code } }`;
type Errors = { code: string; field: string | null; message: string }[];

const today = () => app.clock.now().toISOString().slice(0, 10);
const plusDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** Tranche 1 of a new award requested by a second secretariat member, approved and paid: its transfer. */
async function paidTransfer(amount = '30000.00'): Promise<{ awardId: string; paymentId: string; sent: string }> {
  const a = await makeAward(app, amount);
  const sec = await app.as('SECRETARIAT');
  const trancheId = a.tranches[0]!.id;
  for (const [c, op, input] of [
    [sec2, 'requestTranche', { trancheId }],
    [sec, 'approveTranche', { trancheId }],
    [sec, 'recordTranchePayment', { trancheId, reference: `FT-${Math.random()}`.slice(0, 20), valueDate: today() }],
  ] as const) {
    const r = await trancheOp(c, op, input);
    expect(r.errors).toEqual([]);
  }
  const t = expectNoErrors(
    await sec.gql(`query($id: ID!) { node(id: $id) { ... on Tranche { payments { id amount { amount } } } } }`, {
      id: trancheId,
    }),
  ).node;
  return { awardId: a.awardId, paymentId: t.payments[0].id, sent: t.payments[0].amount.amount };
}

async function read(c: GqlClient, paymentId: string) {
  return expectNoErrors(
    await c.gql(`query($id: ID!) { node(id: $id) { ... on TranchePayment { ${PAYMENT} } } }`, { id: paymentId }),
  ).node;
}

async function acknowledge(c: GqlClient, input: Record<string, unknown>) {
  return c.gql(
    `mutation($i: AcknowledgePaymentInput!) { acknowledgeTranchePayment(input: $i) { payment { ${PAYMENT} } tranche { id status } errors { code field message } } }`,
    { i: input },
  );
}
const ackPayload = (r: Awaited<ReturnType<typeof acknowledge>>) =>
  expectNoErrors(r).acknowledgeTranchePayment as { payment: any; errors: Errors };

async function resolve(c: GqlClient, input: Record<string, unknown>) {
  return c.gql(
    `mutation($i: ResolvePaymentDiscrepancyInput!) { resolvePaymentDiscrepancy(input: $i) { payment { ${PAYMENT} } errors { code field message } } }`,
    { i: input },
  );
}

const trail = async (paymentId: string) =>
  (await app.sql(`select action from audit_event where entity_id = $1 order by seq`, [dbId(paymentId)])).map(
    (r) => r.action,
  );
const ledgerLines = async () => Number((await app.sql(`select count(*)::int as n from ledger_entry`))[0]!.n);

async function inbox(kind: string): Promise<string[]> {
  const r = expectNoErrors(
    await (
      await fresh(app, Role.SECRETARIAT)
    ).gql(`query($f: String!) { secretariatInbox(fundId: $f, first: 50) { sections { kind items { entityId } } } }`, {
      f: fund,
    }),
  );
  return r.secretariatInbox.sections.find((s: { kind: string }) => s.kind === kind).items.map((i: any) => i.entityId);
}

async function otherNgo(): Promise<GqlClient> {
  return (
    await registerAndLogin(app, {
      kind: 'NGO',
      legalName: 'Other Shelter Network',
      country: 'PH',
      email: `lead-${Date.now()}@other-shelter.example`,
      displayName: 'Lead',
      password: 'quiet harbour lantern marble 77',
    })
  ).client;
}

beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  await wire(app, '500000.00');
  sec2 = await secondSecretariat(app);
});
afterEach(() => app.clock.reset());
afterAll(async () => {
  await app?.stop();
});

describe('acknowledgement of receipt', () => {
  it('the grantee confirms the amount sent; only its members can; the answer is final', async () => {
    const p = await paidTransfer();
    const ngo = await app.as('NGO');
    const sec = await app.as('SECRETARIAT');
    const before = await read(ngo, p.paymentId);
    expect(before).toMatchObject({
      receiptStatus: 'AWAITING',
      receiptDueDate: plusDays(today(), 14),
      receivedAmount: null,
      permissions: { acknowledge: { allowed: true }, resolve: { allowed: false, code: null } },
    });
    expect((await read(sec, p.paymentId)).permissions.acknowledge).toEqual({ allowed: false, code: null });

    const input = { paymentId: p.paymentId, receivedAmount: p.sent, receivedOn: today() };
    expect((await acknowledge(sec, input)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await acknowledge(await otherNgo(), input)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await read(sec, p.paymentId)).receiptStatus).toBe('AWAITING');

    const lines = await ledgerLines();
    const ok = ackPayload(await acknowledge(ngo, input));
    expect(ok.errors).toEqual([]);
    expect(ok.payment).toMatchObject({
      receiptStatus: 'CONFIRMED',
      receivedAmount: { amount: p.sent },
      receivedOn: today(),
      permissions: { acknowledge: { allowed: false, code: 'INVALID_STATE' } },
    });
    expect(ok.payment.acknowledgedById).toBeTruthy();
    // A repeat is done, not a second event; another answer afterwards is refused.
    expect(ackPayload(await acknowledge(ngo, input)).errors).toEqual([]);
    const late = ackPayload(await acknowledge(ngo, { ...input, receivedAmount: '1.00', note: 'Less arrived' }));
    expect(late.errors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', field: 'paymentId' })]);
    expect(await trail(p.paymentId)).toEqual(['tranche_payment.confirm_receipt']);
    // Acknowledging moves no money.
    expect(await ledgerLines()).toBe(lines);
    // Nothing to resolve on a confirmed receipt.
    const r = expectNoErrors(
      await resolve(sec, { paymentId: p.paymentId, resolution: 'Nothing' }),
    ).resolvePaymentDiscrepancy;
    expect(r.errors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
  });

  it('refuses impossible answers and writes nothing', async () => {
    const p = await paidTransfer('21000.00');
    const ngo = await app.as('NGO');
    const base = { paymentId: p.paymentId, receivedAmount: p.sent, receivedOn: today() };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ receivedAmount: '100.00' }, 'DISCREPANCY_NOTE_REQUIRED', 'note'],
      [{ receivedAmount: '-1.00', note: 'Negative' }, 'INVALID_VALUE', 'receivedAmount'],
      [{ receivedAmount: '1.001' }, 'INVALID_VALUE', 'receivedAmount'],
      [{ receivedOn: plusDays(today(), -1) }, 'INVALID_VALUE', 'receivedOn'],
      [{ receivedOn: plusDays(today(), 1) }, 'INVALID_VALUE', 'receivedOn'],
    ];
    for (const [over, code, field] of cases) {
      const r = ackPayload(await acknowledge(ngo, { ...base, ...over }));
      expect(r.errors).toEqual([expect.objectContaining({ code, field })]);
    }
    expect((await read(ngo, p.paymentId)).receiptStatus).toBe('AWAITING');
    expect(await trail(p.paymentId)).toEqual([]);
  });

  it('a discrepancy waits in the inbox until the secretariat resolves it; the ledger does not move', async () => {
    const p = await paidTransfer('24000.00');
    const ngo = await app.as('NGO');
    const sec = await app.as('SECRETARIAT');
    const lines = await ledgerLines();
    const d = ackPayload(
      await acknowledge(ngo, {
        paymentId: p.paymentId,
        receivedAmount: '16765.00',
        receivedOn: today(),
        note: 'The intermediary bank deducted 35.00 in charges.',
      }),
    );
    expect(d.errors).toEqual([]);
    expect(d.payment).toMatchObject({
      receiptStatus: 'DISCREPANCY',
      receivedAmount: { amount: '16765.00' },
      receiptNote: 'The intermediary bank deducted 35.00 in charges.',
    });
    expect(await inbox('PAYMENT_DISCREPANCY')).toContain(p.paymentId);
    expect((await read(sec, p.paymentId)).permissions.resolve).toEqual({ allowed: true, code: null });

    expect((await resolve(ngo, { paymentId: p.paymentId, resolution: 'Mine' })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const r = expectNoErrors(
      await resolve(sec, { paymentId: p.paymentId, resolution: 'Charges borne by the grantee, agreed on the phone.' }),
    ).resolvePaymentDiscrepancy;
    expect(r.errors).toEqual([]);
    expect(r.payment).toMatchObject({
      receiptStatus: 'RESOLVED',
      discrepancyResolution: 'Charges borne by the grantee, agreed on the phone.',
    });
    expect(r.payment.resolvedById).toBeTruthy();
    expect(await inbox('PAYMENT_DISCREPANCY')).not.toContain(p.paymentId);
    expect(await trail(p.paymentId)).toEqual([
      'tranche_payment.report_discrepancy',
      'tranche_payment.resolve_discrepancy',
    ]);
    expect(await ledgerLines()).toBe(lines);
    await expectMoneyInvariants(app, fund);
    await expectChangesMatchTheirTrail(app);
  });

  it('after the fund’s days an unacknowledged payment is reminded once and waits in the inbox', async () => {
    const admin = await app.as('ADMIN');
    const policy = expectNoErrors(
      await admin.gql(
        `mutation($i: UpdateFundPolicyInput!) { updateFundPolicy(input: $i) { fund { receiptAcknowledgementDays } errors { code } } }`,
        { i: { fundId: fund, receiptAcknowledgementDays: 3 } },
      ),
    ).updateFundPolicy;
    expect(policy).toEqual({ fund: { receiptAcknowledgementDays: 3 }, errors: [] });
    const p = await paidTransfer('22000.00');
    const sentOn = today();
    expect((await read(await app.as('NGO'), p.paymentId)).receiptDueDate).toBe(plusDays(sentOn, 3));

    const mine = async () =>
      app.sql(`select user_id, kind from notification where entity_id = $1 order by user_id`, [dbId(p.paymentId)]);
    app.clock.advance(3 * DAY); // the due date itself: not late yet
    await remindPaymentReceipts(app.orm, app.clock);
    expect(await mine()).toEqual([]);
    expect(await inbox('PAYMENT_RECEIPT_OVERDUE')).not.toContain(p.paymentId);

    app.clock.advance(DAY);
    expect(await remindPaymentReceipts(app.orm, app.clock)).toBeGreaterThanOrEqual(2);
    const sent = await mine();
    const [ngoMember] = await app.sql(
      `select m.user_id from membership m join award a on a.organization_id = m.organization_id where a.id = $1`,
      [dbId(p.awardId)],
    );
    const staff = await app.sql(`select user_id from role_grant where role = 'SECRETARIAT'`);
    expect(sent.map((n) => n.user_id)).toEqual(
      expect.arrayContaining([ngoMember!.user_id, ...staff.map((s) => s.user_id)]),
    );
    expect(new Set(sent.map((n) => n.kind))).toEqual(new Set(['PAYMENT_RECEIPT_OVERDUE']));
    // Once per payment and person, however often the job runs.
    await remindPaymentReceipts(app.orm, app.clock);
    expect((await mine()).length).toBe(sent.length);
    expect(await inbox('PAYMENT_RECEIPT_OVERDUE')).toContain(p.paymentId);

    // Late is still possible; then it leaves the inbox.
    const ngo = await fresh(app, Role.NGO);
    const ok = ackPayload(
      await acknowledge(ngo, { paymentId: p.paymentId, receivedAmount: p.sent, receivedOn: sentOn }),
    );
    expect(ok.errors).toEqual([]);
    expect(await inbox('PAYMENT_RECEIPT_OVERDUE')).not.toContain(p.paymentId);
    expect(
      expectNoErrors(
        await (
          await fresh(app, Role.ADMIN)
        ).gql(
          `mutation($i: UpdateFundPolicyInput!) { updateFundPolicy(input: $i) { fund { receiptAcknowledgementDays } } }`,
          { i: { fundId: fund, receiptAcknowledgementDays: 14 } },
        ),
      ).updateFundPolicy.fund.receiptAcknowledgementDays,
    ).toBe(14);
  });

  it('two answers at once: one wins, one event', async () => {
    const p = await paidTransfer('23000.00');
    const ngo = await app.as('NGO');
    const base = { paymentId: p.paymentId, receivedOn: today() };
    const results = await Promise.all([
      acknowledge(ngo, { ...base, receivedAmount: p.sent }),
      acknowledge(ngo, { ...base, receivedAmount: '10.00', note: 'Almost nothing arrived' }),
      acknowledge(ngo, { ...base, receivedAmount: p.sent }),
    ]);
    const errors = results.map((r) => ackPayload(r).errors.map((e) => e.code));
    const status = (await read(ngo, p.paymentId)).receiptStatus;
    expect(['CONFIRMED', 'DISCREPANCY']).toContain(status);
    // Whatever won, the other answer was refused, and the trail has exactly one event.
    const refused = errors.filter((e) => e.length > 0);
    expect(refused.every((e) => e[0] === 'INVALID_STATE')).toBe(true);
    expect(refused.length).toBe(status === 'CONFIRMED' ? 1 : 2);
    expect((await trail(p.paymentId)).length).toBe(1);
  });
});
