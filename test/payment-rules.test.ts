import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { dbId, fundId, ledgerCheck } from './helpers/money';
import { fresh, makeAward, reportOp, secondSecretariat, submission, trancheOp, wire } from './helpers/post-award';
import { Role } from '../src/users/user.entity';

let app: TestApp;
let sec: GqlClient;
let sec2: GqlClient;
let sec3: GqlClient;
let ngo: GqlClient;
let fund: string;
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  app = await startTestApp();
  sec = await app.as('SECRETARIAT');
  ngo = await app.as('NGO');
  sec2 = await secondSecretariat(app);
  sec3 = await secondSecretariat(app);
  fund = await fundId(app);
  await wire(app, '1000000.00');
});
afterAll(() => app.stop());

const pay = (client: GqlClient, trancheId: string, reference: string, extra: Record<string, unknown> = {}) =>
  trancheOp(client, 'recordTranchePayment', { trancheId, reference, valueDate: today(), ...extra });

const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

async function requestAndApprove(trancheId: string) {
  expect((await trancheOp(sec, 'requestTranche', { trancheId })).errors).toEqual([]);
  expect((await trancheOp(sec2, 'approveTranche', { trancheId })).errors).toEqual([]);
}

const ROLES = `query($id: ID!) { node(id: $id) { ... on Tranche { status requestedById approvedById paidById
  paidAmount { amount } unpaidAmount { amount }
  payments { amount { amount } reference valueDate paidById partialReason } } } }`;

async function userId(client: GqlClient): Promise<string> {
  return expectNoErrors(await client.gql('{ me { id } }')).me.id;
}

describe('a tranche payment is the approved amount', () => {
  it('refuses the whole 40,000 award paid as tranche 1 (planned 28,000) by the person who requested it', async () => {
    const a = await makeAward(app, '40000.00');
    const t1 = a.tranches[0]!;
    expect(t1.amount.amount).toBe('28000.00');
    await requestAndApprove(t1.id);

    // The reported defect: the requester pays the whole award as tranche 1.
    const whole = await pay(sec, t1.id, 'FT-WHOLE-1', { amount: '40000.00' });
    expect(codes(whole)).toEqual(['SEPARATION_OF_DUTIES']);
    const byOther = await pay(sec3, t1.id, 'FT-WHOLE-2', { amount: '40000.00' });
    expect(codes(byOther)).toEqual(['AMOUNT_NOT_APPROVED']);
    expect(byOther.errors[0]!.field).toBe('amount');
    expect(codes(await pay(sec3, t1.id, 'FT-WHOLE-3', { amount: '28000.01' }))).toEqual(['AMOUNT_NOT_APPROVED']);
    expect(await app.sql(`select 1 from ledger_entry where source_id = $1`, [dbId(t1.id)])).toHaveLength(0);

    const ok = await pay(sec3, t1.id, 'FT-EXACT');
    expect(ok.errors).toEqual([]);
    expect(ok.tranche).toMatchObject({ status: 'PAID', paidAmount: { amount: '28000.00' } });
    const t = expectNoErrors(await sec.gql(ROLES, { id: t1.id })).node;
    expect(t).toMatchObject({
      requestedById: await userId(sec),
      approvedById: await userId(sec2),
      paidById: await userId(sec3),
      unpaidAmount: { amount: '0.00' },
      payments: [{ amount: { amount: '28000.00' }, reference: 'FT-EXACT', partialReason: null }],
    });
    expect((await ledgerCheck(sec, fund)).ok).toBe(true);
  });

  it('lets the approver record the payment, never the requester', async () => {
    const a = await makeAward(app);
    const id = a.tranches[0]!.id;
    await requestAndApprove(id);
    expect(codes(await pay(sec, id, 'FT-SOD-1'))).toEqual(['SEPARATION_OF_DUTIES']);
    const r = await pay(sec2, id, 'FT-SOD-2');
    expect(r.errors).toEqual([]);
    const [event] = await app.sql(
      `select actor_id, after from audit_event where entity_id = $1 and action = 'tranche.pay'`,
      [dbId(id)],
    );
    expect(event!.actor_id).toBe(dbId(await userId(sec2)));
  });

  it('takes a smaller amount only as a documented partial payment that leaves the rest payable', async () => {
    const a = await makeAward(app, '40000.00');
    const id = a.tranches[0]!.id;
    await requestAndApprove(id);
    expect(codes(await pay(sec2, id, 'FT-PART-0', { amount: '10000.00' }))).toEqual(['PARTIAL_REASON_REQUIRED']);
    const part = await pay(sec2, id, 'FT-PART-1', {
      amount: '10000.00',
      partialReason: 'Grantee asked for a first instalment while its bank raises the transfer limit',
    });
    expect(part.errors).toEqual([]);
    expect(part.tranche).toMatchObject({ status: 'APPROVED', paidAmount: { amount: '10000.00' } });
    // The same reference again is the same transfer: nothing more is booked.
    expect((await pay(sec2, id, 'FT-PART-1', { amount: '10000.00', partialReason: 'again' })).errors).toEqual([]);
    expect(codes(await pay(sec2, id, 'FT-PART-2', { amount: '18000.01' }))).toEqual(['AMOUNT_NOT_APPROVED']);
    const rest = await pay(sec2, id, 'FT-PART-3');
    expect(rest.errors).toEqual([]);
    expect(rest.tranche).toMatchObject({ status: 'PAID', paidAmount: { amount: '28000.00' } });
    const t = expectNoErrors(await sec.gql(ROLES, { id })).node;
    expect(t.payments.map((p: any) => [p.amount.amount, p.reference, !!p.partialReason])).toEqual([
      ['10000.00', 'FT-PART-1', true],
      ['18000.00', 'FT-PART-3', false],
    ]);
    const lines = await app.sql(
      `select count(distinct txn_id)::int n, sum(credit_minor)::text c from ledger_entry where kind = 'TRANCHE_PAID' and source_id = $1`,
      [dbId(id)],
    );
    expect(lines).toEqual([{ n: 2, c: '2800000' }]);
    const events = await app.sql(`select action from audit_event where entity_id = $1 order by seq`, [dbId(id)]);
    expect(events.map((e) => e.action)).toEqual([
      'tranche.request',
      'tranche.approve',
      'tranche.pay_partial',
      'tranche.pay',
    ]);
    expect((await ledgerCheck(sec, fund)).ok).toBe(true);
  });

  it('cancels only the unpaid rest of a partly paid tranche and releases it', async () => {
    const a = await makeAward(app, '40000.00');
    const id = a.tranches[0]!.id;
    await requestAndApprove(id);
    await pay(sec2, id, 'FT-PC-1', { amount: '8000.00', partialReason: 'Project scaled down pending amendment' });
    const c = await trancheOp(sec, 'cancelTranche', { trancheId: id, reason: 'Rest not needed this period' });
    expect(c.errors).toEqual([]);
    expect(c.tranche).toMatchObject({ status: 'CANCELLED', paidAmount: { amount: '8000.00' } });
    const q = await sec.gql(`query($id: String!) { award(id: $id) { paid { amount } released { amount } } }`, {
      id: a.awardId,
    });
    expect(expectNoErrors(q).award).toEqual({ paid: { amount: '8000.00' }, released: { amount: '20000.00' } });
    expect((await ledgerCheck(sec, fund)).ok).toBe(true);
  });

  it('lets a fund switch the separation of duties off (policy), and audits the change', async () => {
    const admin = await app.as('ADMIN');
    const setPolicy = async (on: boolean) =>
      expectNoErrors(
        await admin.gql(
          `mutation($input: UpdateFundPolicyInput!) { updateFundPolicy(input: $input) { fund { paymentSeparationOfDuties } errors { code } } }`,
          { input: { fundId: fund, paymentSeparationOfDuties: on } },
        ),
      ).updateFundPolicy;
    expect((await setPolicy(false)).fund.paymentSeparationOfDuties).toBe(false);
    try {
      const a = await makeAward(app);
      const id = a.tranches[0]!.id;
      await requestAndApprove(id);
      expect((await pay(sec, id, 'FT-POLICY-OFF')).errors).toEqual([]);
    } finally {
      expect((await setPolicy(true)).fund.paymentSeparationOfDuties).toBe(true);
    }
  });
});

describe('tranche permissions come from the rules the mutations run', () => {
  const PERMS = `query($id: ID!) { node(id: $id) { ... on Tranche { permissions {
    request { allowed reason code } approve { allowed reason code } pay { allowed reason code } cancel { allowed reason code } } } } }`;
  type Action = 'request' | 'approve' | 'pay' | 'cancel';
  const MUTATION = {
    request: 'requestTranche',
    approve: 'approveTranche',
    pay: 'recordTranchePayment',
    cancel: 'cancelTranche',
  } as const;
  const input = (action: Action, trancheId: string) =>
    action === 'pay'
      ? { trancheId, reference: `FT-AGREE-${Math.random().toString(36).slice(2)}`, valueDate: today() }
      : action === 'cancel'
        ? { trancheId, reason: 'Agreement test' }
        : { trancheId };

  /**
   * Asks `permissions` first, then runs the mutation: a refusal must come with the same code and
   * text; an allowance must not be refused for a rule reason.
   */
  async function agree(client: GqlClient, action: Action, trancheId: string, expected: string | null) {
    const p = expectNoErrors(await client.gql(PERMS, { id: trancheId })).node.permissions[action];
    const r = await client.gql(
      `mutation($input: ${action === 'pay' ? 'RecordTranchePaymentInput' : action === 'cancel' ? 'CancelTrancheInput' : 'TrancheActionInput'}!) {
        ${MUTATION[action]}(input: $input) { errors { code message } } }`,
      { input: input(action, trancheId) },
    );
    if (expected === 'FORBIDDEN') {
      expect(p).toMatchObject({ allowed: false, code: null });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      return;
    }
    const errors = expectNoErrors(r)[MUTATION[action]].errors;
    if (expected === null) {
      expect(p).toEqual({ allowed: true, reason: null, code: null });
      expect(errors).toEqual([]);
    } else {
      expect(p).toMatchObject({ allowed: false, code: expected });
      expect(errors).toEqual([{ code: expected, message: p.reason }]);
    }
  }

  it('agrees on the role, the state, the condition and the separation of duties', async () => {
    const a = await makeAward(app);
    const [t1, t2] = a.tranches;
    await agree(ngo, 'request', t1!.id, 'FORBIDDEN');
    await agree(sec, 'approve', t1!.id, 'INVALID_STATE');
    await agree(sec, 'pay', t1!.id, 'INVALID_STATE');
    await agree(sec, 'request', t2!.id, 'CONDITION_NOT_MET');
    await agree(sec, 'request', t1!.id, null);
    await agree(sec, 'approve', t1!.id, 'SEPARATION_OF_DUTIES');
    await agree(sec2, 'approve', t1!.id, null);
    await agree(sec, 'pay', t1!.id, 'SEPARATION_OF_DUTIES');
    await agree(sec2, 'pay', t1!.id, null);
    await agree(sec, 'cancel', t1!.id, 'INVALID_STATE');
    await agree(sec, 'cancel', t2!.id, null);
  });

  it('agrees on vetting: a suspended grantee', async () => {
    const a = await makeAward(app);
    const t1 = a.tranches[0];
    await requestAndApprove(t1!.id);
    const orgId = expectNoErrors(await ngo.gql(`{ me { organizations { id } } }`)).me.organizations[0].id;
    const vet = (status: string) =>
      sec.gql(`mutation($input: VetOrganizationInput!) { vetOrganization(input: $input) { errors { code } } }`, {
        input: { organizationId: orgId, status, reason: 'Investigation of misuse of funds' },
      });
    expectNoErrors(await vet('SUSPENDED'));
    try {
      await agree(sec2, 'pay', t1!.id, 'ORGANIZATION_NOT_VERIFIED');
      await agree(sec, 'request', spare, 'ORGANIZATION_NOT_VERIFIED');
    } finally {
      expectNoErrors(await vet('VERIFIED'));
    }
  });

  /** A SCHEDULED first tranche of an award made before the suspension (awards need a verified grantee). */
  let spare = '';
  beforeAll(async () => {
    spare = (await makeAward(app)).tranches[0]!.id;
  });

  it('agrees on the bank account', async () => {
    const a = await makeAward(app);
    const t1 = a.tranches[0]!.id;
    const orgId = expectNoErrors(await ngo.gql(`{ me { organizations { id } } }`)).me.organizations[0].id;
    const [{ bank_account: saved }] = await app.sql(`select bank_account from organization where id = $1`, [
      dbId(orgId),
    ]);
    await app.sql(`update organization set bank_account = null where id = $1`, [dbId(orgId)]);
    try {
      await agree(sec, 'request', t1, 'NO_BANK_ACCOUNT');
    } finally {
      await app.sql(`update organization set bank_account = $2 where id = $1`, [dbId(orgId), saved]);
    }
    await agree(sec, 'request', t1, null);
  });

  it('agrees on an overdue report of the award', async () => {
    const a = await makeAward(app);
    const t1 = a.tranches[0]!.id;
    app.clock.set(new Date('2027-06-02T09:00:00Z'));
    try {
      const s = await fresh(app, Role.SECRETARIAT);
      await agree(s, 'request', t1, 'OVERDUE_REPORT');
      const n = await fresh(app, Role.NGO);
      const interim = a.reports.find((r) => r.kind === 'INTERIM')!.id;
      expect((await reportOp(n, 'submitReport', submission(interim, '0.00'))).errors).toEqual([]);
      const overdue = await app.sql(
        `select r.id from report r where r.award_id = $1 and r.due_date < '2027-06-02' and r.status <> 'SUBMITTED'`,
        [dbId(a.awardId)],
      );
      expect(overdue).toEqual([]);
      await agree(s, 'request', t1, null);
    } finally {
      app.clock.reset();
    }
  });

  it('agrees on a terminated award', async () => {
    const a = await makeAward(app);
    const r = expectNoErrors(
      await sec.gql(`mutation($i: TerminateAwardInput!) { terminateAward(input: $i) { errors { code } } }`, {
        i: { awardId: a.awardId, boardDecisionReference: 'BD-2026-17', reason: 'Grantee dissolved' },
      }),
    ).terminateAward;
    expect(r.errors).toEqual([]);
    await agree(sec, 'request', a.tranches[0]!.id, 'INVALID_STATE');
  });
});
