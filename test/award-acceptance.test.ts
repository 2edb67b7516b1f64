import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { DAY } from './helpers/grants';
import { dbId, fundId } from './helpers/money';
import { fresh, makeAward, trancheOp, wire } from './helpers/post-award';
import { registerAndLogin } from './helpers/register';
import { expectChangesMatchTheirTrail, expectMoneyInvariants } from './reliability/invariants';
import { Role } from '../src/users/user.entity';

/** Award acceptance (issue 18): the grantee accepts or declines within the fund's deadline. */
let app: TestApp;
let fund: string;

const AWARD = `id status acceptanceStatus acceptanceDueDate declineReason amount { amount } released { amount }
  tranches { id status } permissions { answer { allowed code reason } }`;
type Errors = { code: string; field: string | null }[];

async function answer(c: GqlClient, name: 'acceptAward' | 'declineAward', input: Record<string, unknown>) {
  const type = name === 'acceptAward' ? 'AcceptAwardInput' : 'DeclineAwardInput';
  return c.gql(`mutation($i: ${type}!) { ${name}(input: $i) { award { ${AWARD} } errors { code field message } } }`, {
    i: input,
  });
}
const payloadOf = (r: Awaited<ReturnType<typeof answer>>, name: string) =>
  expectNoErrors(r)[name] as { award: any; errors: Errors };

async function readAward(c: GqlClient, id: string) {
  return expectNoErrors(await c.gql(`query($id: String!) { award(id: $id) { ${AWARD} } }`, { id })).award;
}

async function setPolicy(days: number) {
  const r = expectNoErrors(
    await (
      await app.as('ADMIN')
    ).gql(
      `mutation($input: UpdateFundPolicyInput!) { updateFundPolicy(input: $input) { fund { awardAcceptanceDays } errors { code } } }`,
      { input: { fundId: fund, awardAcceptanceDays: days } },
    ),
  ).updateFundPolicy;
  expect(r.errors).toEqual([]);
  return r.fund.awardAcceptanceDays;
}

const auditActions = async (id: string) =>
  (await app.sql(`select action from audit_event where entity_id = $1 order by seq`, [dbId(id)])).map((r) => r.action);

beforeAll(async () => {
  app = await startTestApp();
  fund = await fundId(app);
  await wire(app, '500000.00');
});

afterAll(async () => {
  await app?.stop();
});

describe('award acceptance', () => {
  it('without the policy an award is in force when approved and there is nothing to accept', async () => {
    const a = await makeAward(app, '20000.00');
    const award = await readAward(await app.as('NGO'), a.awardId);
    expect(award).toMatchObject({ acceptanceStatus: 'NOT_REQUIRED', acceptanceDueDate: null });
    const p = payloadOf(await answer(await app.as('NGO'), 'acceptAward', { awardId: a.awardId }), 'acceptAward');
    expect(p.errors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
  });

  it('with the policy, tranches wait for the grantee; only its members answer; an answer is final', async () => {
    expect(await setPolicy(14)).toBe(14);
    const a = await makeAward(app, '30000.00');
    const ngo = await app.as('NGO');
    const award = await readAward(ngo, a.awardId);
    const due = new Date(app.clock.now().getTime() + 14 * DAY).toISOString().slice(0, 10);
    expect(award).toMatchObject({ acceptanceStatus: 'PENDING', acceptanceDueDate: due });
    expect(award.permissions.answer).toMatchObject({ allowed: true });

    const sec = await app.as('SECRETARIAT');
    const early = await trancheOp(sec, 'requestTranche', { trancheId: a.tranches[0]!.id });
    expect(early.errors).toEqual([expect.objectContaining({ code: 'AWARD_NOT_ACCEPTED', field: 'trancheId' })]);

    // Staff cannot answer for the grantee; another NGO cannot either.
    expect((await answer(sec, 'acceptAward', { awardId: a.awardId })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await registerAndLogin(app, {
      kind: 'NGO',
      legalName: 'Other Shelter Network',
      country: 'PH',
      email: 'lead@other-shelter.example',
      displayName: 'Lead',
      password: 'quiet harbour lantern marble 77',
    });
    const foreign = await answer(other.client, 'acceptAward', { awardId: a.awardId });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const ok = payloadOf(await answer(ngo, 'acceptAward', { awardId: a.awardId }), 'acceptAward');
    expect(ok.errors).toEqual([]);
    expect(ok.award).toMatchObject({ acceptanceStatus: 'ACCEPTED', status: 'ACTIVE' });
    expect(ok.award.permissions.answer).toMatchObject({ allowed: false, code: 'INVALID_STATE' });
    // A repeat is done, not a second event; declining after accepting is refused.
    expect(payloadOf(await answer(ngo, 'acceptAward', { awardId: a.awardId }), 'acceptAward').errors).toEqual([]);
    const late = payloadOf(
      await answer(ngo, 'declineAward', { awardId: a.awardId, reason: 'Changed our minds' }),
      'declineAward',
    );
    expect(late.errors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    expect((await auditActions(a.awardId)).filter((x) => x.startsWith('award.'))).toEqual([
      'award.create',
      'award.accept',
    ]);

    const now = await trancheOp(sec, 'requestTranche', { trancheId: a.tranches[0]!.id });
    expect(now.errors).toEqual([]);
    expect(now.tranche).toMatchObject({ status: 'REQUESTED' });
  });

  it('declining gives the whole commitment back to the fund, cancels the tranches and ends the award', async () => {
    const sec = await app.as('SECRETARIAT');
    const before = expectNoErrors(
      await sec.gql(`query($id: ID!) { node(id: $id) { ... on Fund { balance { available { minorUnits } } } } }`, {
        id: fund,
      }),
    ).node.balance.available.minorUnits;
    const a = await makeAward(app, '40000.00');
    const ngo = await app.as('NGO');
    const p = payloadOf(
      await answer(ngo, 'declineAward', { awardId: a.awardId, reason: 'We cannot staff the project this year' }),
      'declineAward',
    );
    expect(p.errors).toEqual([]);
    expect(p.award).toMatchObject({
      status: 'TERMINATED',
      acceptanceStatus: 'DECLINED',
      declineReason: 'We cannot staff the project this year',
      released: { amount: '40000.00' },
    });
    expect(p.award.tranches.every((t: any) => t.status === 'CANCELLED')).toBe(true);
    const after = expectNoErrors(
      await sec.gql(`query($id: ID!) { node(id: $id) { ... on Fund { balance { available { minorUnits } } } } }`, {
        id: fund,
      }),
    ).node.balance.available.minorUnits;
    expect(after).toBe(before);
    const again = payloadOf(await answer(ngo, 'declineAward', { awardId: a.awardId, reason: 'Again' }), 'declineAward');
    expect(again.errors).toEqual([]);
    expect((await auditActions(a.awardId)).filter((x) => x.startsWith('award.'))).toEqual([
      'award.create',
      'award.decline',
      'award.terminate',
    ]);
    const accept = payloadOf(await answer(ngo, 'acceptAward', { awardId: a.awardId }), 'acceptAward');
    expect(accept.errors).toEqual([expect.objectContaining({ code: 'INVALID_STATE' })]);
    await expectMoneyInvariants(app, fund);
    await expectChangesMatchTheirTrail(app);
  });

  it('after the deadline the grantee can no longer answer, and tranches stay blocked', async () => {
    const a = await makeAward(app, '25000.00');
    app.clock.advance(15 * DAY);
    const ngo = await fresh(app, Role.NGO);
    for (const name of ['acceptAward', 'declineAward'] as const) {
      const p = payloadOf(
        await answer(ngo, name, { awardId: a.awardId, ...(name === 'declineAward' ? { reason: 'Late' } : {}) }),
        name,
      );
      expect(p.errors).toEqual([expect.objectContaining({ code: 'ACCEPTANCE_DEADLINE_PASSED', field: 'awardId' })]);
    }
    expect((await readAward(ngo, a.awardId)).permissions.answer).toMatchObject({
      allowed: false,
      code: 'ACCEPTANCE_DEADLINE_PASSED',
    });
    const sec = await fresh(app, Role.SECRETARIAT);
    const t = await trancheOp(sec, 'requestTranche', { trancheId: a.tranches[0]!.id });
    expect(t.errors).toEqual([expect.objectContaining({ code: 'AWARD_NOT_ACCEPTED' })]);
    app.clock.reset();
  });
});
