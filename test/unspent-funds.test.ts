import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { fundId } from './helpers/money';
import { awardOp, makeAward, reportOp, secondSecretariat, submission, trancheOp, wire } from './helpers/post-award';
import { registerAndLogin } from './helpers/register';
import { expectMoneyInvariants } from './reliability/invariants';

/** The grantee's side of returning unspent funds at close-out (issue 18). */
let app: TestApp;
let sec: GqlClient;
let sec2: GqlClient;
let ngo: GqlClient;
let fund: string;
const today = () => app.clock.now().toISOString().slice(0, 10);

const UNSPENT = `status paid { amount } spent { amount } returned { amount } due { amount currency }
  howToReturn { reference iban swift accountHolder amount { amount } } returns { amount { amount } valueDate reference }`;
const unspent = async (c: GqlClient, id: string) =>
  expectNoErrors(await c.gql(`query($id: String!) { award(id: $id) { unspentFunds { ${UNSPENT} } } }`, { id })).award
    ?.unspentFunds;

beforeAll(async () => {
  app = await startTestApp();
  sec = await app.as('SECRETARIAT');
  ngo = await app.as('NGO');
  sec2 = await secondSecretariat(app);
  fund = await fundId(app);
  await wire(app, '100000.00');
});
afterAll(() => app.stop());

async function pay(trancheId: string, ref: string) {
  expect((await trancheOp(sec, 'requestTranche', { trancheId })).errors).toEqual([]);
  expect((await trancheOp(sec2, 'approveTranche', { trancheId })).errors).toEqual([]);
  expect(
    (await trancheOp(sec2, 'recordTranchePayment', { trancheId, reference: ref, valueDate: today() })).errors,
  ).toEqual([]);
}
async function report(id: string, spent: string) {
  expect((await reportOp(ngo, 'submitReport', submission(id, spent))).errors).toEqual([]);
  expect((await reportOp(sec, 'acceptReport', { reportId: id })).errors).toEqual([]);
}
const refund = (awardId: string, amount: string, reference: string) =>
  awardOp(sec, 'recordGrantRefund', { awardId, amount, currency: 'USD', reference, valueDate: today() });

describe('unspent funds at close-out', () => {
  it('shows the grantee what is due, where to send it and each return recorded', async () => {
    const a = await makeAward(app, '35000.00');
    const reportId = (kind: string) => a.reports.find((r) => r.kind === kind)!.id;
    await pay(a.tranches[0]!.id, 'FT-UNSPENT-1');
    await report(reportId('INTERIM'), '20000.00');
    await pay(a.tranches[1]!.id, 'FT-UNSPENT-2');
    // Before the final report nothing is computed.
    expect(await unspent(ngo, a.awardId)).toMatchObject({
      status: 'AWAITING_FINAL_REPORT',
      paid: { amount: '35000.00' },
      spent: null,
      due: null,
      howToReturn: null,
      returns: [],
    });
    await report(reportId('FINAL'), '33800.00');
    const due = await unspent(ngo, a.awardId);
    expect(due).toMatchObject({
      status: 'DUE',
      spent: { amount: '33800.00' },
      returned: { amount: '0.00' },
      due: { amount: '1200.00', currency: 'USD' },
      howToReturn: { amount: { amount: '1200.00' }, iban: expect.any(String) },
    });
    expect(due.howToReturn.reference).toMatch(/^[A-Z0-9_-]+-R-[0-9A-F]{10}$/);
    // The secretariat sees the same figures.
    expect(await unspent(sec, a.awardId)).toEqual(due);

    expect((await refund(a.awardId, '500.00', 'RET-1')).errors).toEqual([]);
    expect(await unspent(ngo, a.awardId)).toMatchObject({
      status: 'DUE',
      returned: { amount: '500.00' },
      due: { amount: '700.00' },
      howToReturn: { amount: { amount: '700.00' } },
      returns: [{ amount: { amount: '500.00' }, valueDate: today(), reference: 'RET-1' }],
    });
    expect((await refund(a.awardId, '700.00', 'RET-2')).errors).toEqual([]);
    const settled = await unspent(ngo, a.awardId);
    expect(settled).toMatchObject({ status: 'RETURNED', due: { amount: '0.00' }, howToReturn: null });
    expect(settled.returns.map((r: any) => r.reference)).toEqual(['RET-1', 'RET-2']);
    // A return recorded twice is refused, and the figures do not move.
    expect((await refund(a.awardId, '700.00', 'RET-2')).errors.map((e) => e.code)).toEqual(['DUPLICATE_REFERENCE']);
    expect(await unspent(ngo, a.awardId)).toEqual(settled);
    await expectMoneyInvariants(app, fund);
  });

  it('is nothing when everything paid was spent, and hidden from another organisation', async () => {
    const a = await makeAward(app, '20000.00');
    const reportId = (kind: string) => a.reports.find((r) => r.kind === kind)!.id;
    await pay(a.tranches[0]!.id, 'FT-SPENT-1');
    await report(reportId('INTERIM'), '14000.00');
    await pay(a.tranches[1]!.id, 'FT-SPENT-2');
    await report(reportId('FINAL'), '20000.00');
    expect(await unspent(ngo, a.awardId)).toMatchObject({ status: 'NONE', due: { amount: '0.00' }, howToReturn: null });
    const other = await registerAndLogin(app, {
      kind: 'NGO',
      legalName: 'Other Shelter Network',
      country: 'PH',
      email: `lead-${Date.now()}@other-shelter.example`,
      displayName: 'Lead',
      password: 'quiet harbour lantern marble 77',
    });
    const r = await other.client.gql(`query($id: String!) { award(id: $id) { unspentFunds { status } } }`, {
      id: a.awardId,
    });
    expect(r.data?.award ?? null).toBeNull();
  });
});
