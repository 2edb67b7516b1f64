import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { dbId, fundId, ledgerCheck } from './helpers/money';
import {
  makeAward,
  reportOp,
  secondSecretariat,
  submission,
  trancheOp,
  wire,
  type AwardInfo,
} from './helpers/post-award';

let app: TestApp;
let sec: GqlClient;
let sec2: GqlClient;
let ngo: GqlClient;
let fund: string;
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  app = await startTestApp();
  sec = await app.as('SECRETARIAT');
  ngo = await app.as('NGO');
  sec2 = await secondSecretariat(app);
  fund = await fundId(app);
  await wire(app, '1000000.00');
});
afterAll(() => app.stop());

/** Request (secretariat) and approve (second secretariat member) a tranche. */
async function approved(trancheId: string) {
  const r = await trancheOp(sec, 'requestTranche', { trancheId });
  expect(r.errors).toEqual([]);
  const a = await trancheOp(sec2, 'approveTranche', { trancheId });
  expect(a.errors).toEqual([]);
  expect(a.tranche?.status).toBe('APPROVED');
}

async function unlockSecondTranche(a: AwardInfo, spent = '1000.00') {
  const interim = a.tranches[1]!.condition!.id;
  expect((await reportOp(ngo, 'submitReport', submission(interim, spent))).errors).toEqual([]);
  expect((await reportOp(sec, 'acceptReport', { reportId: interim })).errors).toEqual([]);
}

const pay = (client: GqlClient, trancheId: string, reference: string, extra: Record<string, unknown> = {}) =>
  trancheOp(client, 'recordTranchePayment', { trancheId, reference, valueDate: today(), ...extra });

describe('tranches: request, four-eyes approval, payment', () => {
  it('pays both tranches of an award and books grants payable → cash with the tranche as source', async () => {
    const a = await makeAward(app, '35000.00');
    const [t1, t2] = a.tranches;
    expect(t1!.amount.amount).toBe('24500.00');

    const req = await trancheOp(sec, 'requestTranche', { trancheId: t1!.id });
    expect(req.tranche?.status).toBe('REQUESTED');
    const same = await trancheOp(sec, 'approveTranche', { trancheId: t1!.id });
    expect(same.errors.map((e) => e.code)).toEqual(['SEPARATION_OF_DUTIES']);
    await trancheOp(sec2, 'approveTranche', { trancheId: t1!.id });

    const paid = await pay(sec2, t1!.id, 'FT-HAPPY-1');
    expect(paid.errors).toEqual([]);
    expect(paid.tranche).toMatchObject({
      status: 'PAID',
      paidAmount: { amount: '24500.00' },
      paidOn: today(),
      paymentReference: 'FT-HAPPY-1',
    });
    const lines = await app.sql(
      `select account, debit_minor::text d, credit_minor::text c, source_type, value_date::text vd
         from ledger_entry where kind = 'TRANCHE_PAID' and source_id = $1 order by account`,
      [dbId(t1!.id)],
    );
    expect(lines).toEqual([
      { account: 'CASH', d: '0', c: '2450000', source_type: 'Tranche', vd: today() },
      { account: 'GRANTS_PAYABLE', d: '2450000', c: '0', source_type: 'Tranche', vd: today() },
    ]);
    const t = await app.sql(`select requested_by_id, approved_by_id from tranche where id = $1`, [dbId(t1!.id)]);
    expect(t[0]!.requested_by_id).not.toBe(t[0]!.approved_by_id);

    await unlockSecondTranche(a);
    await approved(t2!.id);
    expect((await pay(sec2, t2!.id, 'FT-HAPPY-2')).tranche?.status).toBe('PAID');
    const q = await sec.gql(`query($id: String!) { award(id: $id) { status paid { amount } } }`, { id: a.awardId });
    expect(expectNoErrors(q).award).toEqual({ status: 'ACTIVE', paid: { amount: '35000.00' } });
    expect((await ledgerCheck(sec, fund)).ok).toBe(true);
  });

  it('refuses to request a tranche before its condition report is accepted', async () => {
    const a = await makeAward(app);
    const r = await trancheOp(sec, 'requestTranche', { trancheId: a.tranches[1]!.id });
    expect(r.errors.map((e) => e.code)).toEqual(['CONDITION_NOT_MET']);
    // Submitted is not enough: it must be accepted.
    await reportOp(ngo, 'submitReport', submission(a.tranches[1]!.condition!.id, '0.00'));
    const again = await trancheOp(sec, 'requestTranche', { trancheId: a.tranches[1]!.id });
    expect(again.errors.map((e) => e.code)).toEqual(['CONDITION_NOT_MET']);
    expect((await app.sql(`select status from tranche where id = $1`, [dbId(a.tranches[1]!.id)]))[0]!.status).toBe(
      'SCHEDULED',
    );
  });

  it('refuses an approval by the person who requested the tranche, and approvals outside the fund policy', async () => {
    const a = await makeAward(app);
    const id = a.tranches[0]!.id;
    await trancheOp(sec, 'requestTranche', { trancheId: id });
    expect((await trancheOp(sec, 'approveTranche', { trancheId: id })).errors[0]!.code).toBe('SEPARATION_OF_DUTIES');
    const trustee = await app.as('BOARD_MEMBER');
    const r = await trustee.gql(
      `mutation($id: String!) { approveTranche(input: { trancheId: $id }) { errors { code } } }`,
      {
        id,
      },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const nr = await ngo.gql(
      `mutation($id: String!) { requestTranche(input: { trancheId: $id }) { errors { code } } }`,
      {
        id,
      },
    );
    expect(nr.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await app.sql(`select status from tranche where id = $1`, [dbId(id)]))[0]!.status).toBe('REQUESTED');
  });

  it('refuses more than the approved tranche, and the award is paid exactly by its two tranches', async () => {
    const a = await makeAward(app, '35000.00');
    const [t1, t2] = a.tranches;
    await approved(t1!.id);
    const over = await pay(sec2, t1!.id, 'FT-OVER-1', { amount: '35000.01' });
    expect(over.errors.map((e) => e.code)).toEqual(['AMOUNT_NOT_APPROVED']);
    expect((await pay(sec2, t1!.id, 'FT-OVER-2', { amount: '30000.00' })).errors.map((e) => e.code)).toEqual([
      'AMOUNT_NOT_APPROVED',
    ]);
    expect((await pay(sec2, t1!.id, 'FT-OVER-2B')).errors).toEqual([]);
    await unlockSecondTranche(a);
    await approved(t2!.id);
    const r = await pay(sec2, t2!.id, 'FT-OVER-3', { amount: '10500.01' });
    expect(r.errors.map((e) => e.code)).toEqual(['AMOUNT_NOT_APPROVED']);
    expect(r.errors[0]!.message).toContain('10500.00 USD approved and unpaid');
    expect((await pay(sec2, t2!.id, 'FT-OVER-4', { amount: '10500.00' })).errors).toEqual([]);
    const [{ s }] = await app.sql(`select sum(paid_minor)::text s from tranche where award_id = $1`, [dbId(a.awardId)]);
    expect(s).toBe('3500000');
  });

  it('refuses to request or pay a tranche of a suspended organisation', async () => {
    const a = await makeAward(app);
    const t1 = a.tranches[0]!.id;
    await approved(t1);
    const orgId = expectNoErrors(await ngo.gql(`{ me { organizations { id } } }`)).me.organizations[0].id;
    const vet = (status: string) =>
      sec.gql(
        `mutation($input: VetOrganizationInput!) { vetOrganization(input: $input) { organization { vettingStatus } errors { code } } }`,
        { input: { organizationId: orgId, status, reason: 'Investigation of misuse of funds' } },
      );
    expect(expectNoErrors(await vet('SUSPENDED')).vetOrganization.organization.vettingStatus).toBe('SUSPENDED');
    try {
      const r = await pay(sec2, t1, 'FT-SUSP-1');
      expect(r.errors.map((e) => e.code)).toEqual(['ORGANIZATION_NOT_VERIFIED']);
      const req = await trancheOp(sec, 'requestTranche', { trancheId: a.tranches[1]!.id });
      expect(req.errors.map((e) => e.code)).toEqual(['CONDITION_NOT_MET']);
      const lines = await app.sql(`select 1 from ledger_entry where source_id = $1`, [dbId(t1)]);
      expect(lines).toHaveLength(0);
    } finally {
      expect(expectNoErrors(await vet('VERIFIED')).vetOrganization.errors).toEqual([]);
    }
    expect((await pay(sec2, t1, 'FT-SUSP-2')).errors).toEqual([]);
  });

  it('treats a repeated payment with the same reference as done and refuses a different reference', async () => {
    const a = await makeAward(app);
    const t1 = a.tranches[0]!.id;
    await approved(t1);
    expect((await pay(sec2, t1, 'FT-ONCE')).errors).toEqual([]);
    const again = await pay(sec2, t1, 'FT-ONCE');
    expect(again.errors).toEqual([]);
    expect(again.tranche?.paymentReference).toBe('FT-ONCE');
    expect((await pay(sec2, t1, 'FT-OTHER')).errors.map((e) => e.code)).toEqual(['INVALID_STATE']);
    const groups = await app.sql(`select distinct txn_id from ledger_entry where source_id = $1`, [dbId(t1)]);
    expect(groups).toHaveLength(1);
  });

  it('refuses to pay more cash than the fund holds', async () => {
    const a = await makeAward(app, '20000.00');
    const t1 = a.tranches[0]!.id;
    await approved(t1);
    // Cash leaves the fund after the award (e.g. a contribution refunded): simulated by a balanced group.
    const [{ cash }] = await app.sql(
      `select (sum(debit_minor) - sum(credit_minor))::text cash from ledger_entry where account = 'CASH'`,
    );
    const drain = BigInt(cash) - 1000n;
    await app.sql(
      `insert into ledger_entry (txn_id, fund_id, account, debit_minor, credit_minor, currency, kind, source_type, source_id, description, value_date)
       select t, f.id, x.account, x.d, x.c, 'USD', 'CONTRIBUTION_REFUNDED', 'TestDrain', t::text, 'test drain', current_date
         from (select gen_random_uuid() t) g, fund f,
              (values ('CONTRIBUTIONS_INCOME', $1::bigint, 0::bigint), ('CASH', 0::bigint, $1::bigint)) x(account, d, c)`,
      [drain.toString()],
    );
    try {
      const r = await pay(sec2, t1, 'FT-NOCASH');
      expect(r.errors.map((e) => e.code)).toEqual(['INSUFFICIENT_FUNDS']);
    } finally {
      await app.sql(
        `insert into ledger_entry (txn_id, fund_id, account, debit_minor, credit_minor, currency, kind, source_type, source_id, description, value_date)
         select t, f.id, x.account, x.d, x.c, 'USD', 'CONTRIBUTION_RECEIVED', 'TestDrain', t::text, 'test undrain', current_date
           from (select gen_random_uuid() t) g, fund f,
                (values ('CASH', $1::bigint, 0::bigint), ('CONTRIBUTIONS_INCOME', 0::bigint, $1::bigint)) x(account, d, c)`,
        [drain.toString()],
      );
    }
    expect((await pay(sec2, t1, 'FT-CASH-BACK')).errors).toEqual([]);
  });
});

describe('tranches under races', () => {
  it('pays a tranche once when 20 payments with different references race', async () => {
    const a = await makeAward(app);
    const t1 = a.tranches[0]!.id;
    await approved(t1);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => pay(sec2, t1, `FT-RACE-${i}`)));
    const ok = results.filter((r) => r.errors.length === 0);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => r.errors[0]?.code === 'INVALID_STATE')).toHaveLength(19);
    const groups = await app.sql(`select distinct txn_id from ledger_entry where source_id = $1`, [dbId(t1)]);
    expect(groups).toHaveLength(1);
  });

  it('books one payment when 20 retries of the same payment race', async () => {
    const a = await makeAward(app);
    const t1 = a.tranches[0]!.id;
    await approved(t1);
    const results = await Promise.all(Array.from({ length: 20 }, () => pay(sec2, t1, 'FT-RETRY')));
    expect(results.every((r) => r.errors.length === 0 && r.tranche?.status === 'PAID')).toBe(true);
    const lines = await app.sql(`select 1 from ledger_entry where source_id = $1`, [dbId(t1)]);
    expect(lines).toHaveLength(2);
  });

  it('never pays an award beyond its amount when payments of both tranches race', async () => {
    const a = await makeAward(app, '35000.00');
    const [t1, t2] = a.tranches;
    await approved(t1!.id);
    await unlockSecondTranche(a, '0.00');
    await approved(t2!.id);
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        i % 2 === 0 ? pay(sec2, t1!.id, `FT-A${i}`) : pay(sec2, t2!.id, `FT-B${i}`),
      ),
    );
    expect(results.filter((r) => r.errors.length === 0)).toHaveLength(2);
    expect(results.filter((r) => r.errors[0]?.code === 'INVALID_STATE')).toHaveLength(22);
    const [{ s }] = await app.sql(`select coalesce(sum(paid_minor), 0)::text s from tranche where award_id = $1`, [
      dbId(a.awardId),
    ]);
    expect(BigInt(s)).toBeLessThanOrEqual(3_500_000n);
    const [{ payable }] = await app.sql(
      `select (sum(credit_minor) - sum(debit_minor))::text payable from ledger_entry where account = 'GRANTS_PAYABLE'`,
    );
    expect(BigInt(payable)).toBeGreaterThanOrEqual(0n);
  });

  it('records one approval when 20 approvals race', async () => {
    const a = await makeAward(app);
    const t1 = a.tranches[0]!.id;
    await trancheOp(sec, 'requestTranche', { trancheId: t1 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => trancheOp(sec2, 'approveTranche', { trancheId: t1 })),
    );
    expect(results.every((r) => r.errors.length === 0 && r.tranche?.status === 'APPROVED')).toBe(true);
    const events = await app.sql(`select 1 from audit_event where entity_id = $1 and action = 'tranche.approve'`, [
      dbId(t1),
    ]);
    expect(events).toHaveLength(1);
  });
});

describe('tranche permissions and the approver policy', () => {
  const PERMS = `query($id: ID!) { node(id: $id) { ... on Tranche { status permissions {
    request { allowed reason } approve { allowed reason } pay { allowed reason } cancel { allowed } } } } }`;
  const perms = async (client: GqlClient, id: string) =>
    expectNoErrors(await client.gql(PERMS, { id })).node.permissions;

  it('tells each caller what it may do with a tranche now', async () => {
    const a = await makeAward(app);
    const [t1, t2] = a.tranches;
    expect(await perms(sec, t1!.id)).toMatchObject({ request: { allowed: true }, pay: { allowed: false } });
    expect((await perms(sec, t2!.id)).request).toEqual({
      allowed: false,
      reason: expect.stringMatching(
        /^The INTERIM report due \d{4}-\d{2}-\d{2} must be accepted before this tranche\.$/,
      ),
    });
    await trancheOp(sec, 'requestTranche', { trancheId: t1!.id });
    expect((await perms(sec, t1!.id)).approve).toEqual({
      allowed: false,
      reason: 'The person who requested a tranche cannot approve it.',
    });
    expect((await perms(sec2, t1!.id)).approve).toEqual({ allowed: true, reason: null });
    const mine = await perms(ngo, t1!.id);
    expect([mine.request.allowed, mine.approve.allowed, mine.pay.allowed, mine.cancel.allowed]).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('lets only the roles of the fund policy approve', async () => {
    const admin = await app.as('ADMIN');
    const setPolicy = async (roles: string[]) =>
      expectNoErrors(
        await admin.gql(
          `mutation($input: UpdateFundPolicyInput!) { updateFundPolicy(input: $input) { fund { trancheApproverRoles } errors { code field } } }`,
          { input: { fundId: fund, trancheApproverRoles: roles } },
        ),
      ).updateFundPolicy;
    expect((await setPolicy(['BOARD_MEMBER'])).errors).toEqual([
      { code: 'INVALID_VALUE', field: 'trancheApproverRoles' },
    ]);
    expect((await setPolicy(['ADMIN'])).fund.trancheApproverRoles).toEqual(['ADMIN']);
    try {
      const a = await makeAward(app);
      const id = a.tranches[0]!.id;
      await trancheOp(sec, 'requestTranche', { trancheId: id });
      const r = await sec2.gql(
        `mutation($id: String!) { approveTranche(input: { trancheId: $id }) { errors { code } } }`,
        {
          id,
        },
      );
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await trancheOp(admin, 'approveTranche', { trancheId: id })).tranche?.status).toBe('APPROVED');
    } finally {
      await setPolicy(['SECRETARIAT']);
    }
  });
});
