import { randomUUID } from 'node:crypto';
import { verifyEmailOf } from './helpers/register';
import { countStatements, expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { makeAward, secondSecretariat, wire } from './helpers/post-award';

/**
 * `Organization.permissions` is computed by the rules updateOrganization, setBankAccount,
 * confirmBankAccount and vetOrganization enforce (fund scope, bank confirmation state, separation
 * of duties, the vetting machine): `allowed: true` means the mutation then succeeds, `allowed: false`
 * that it refuses with the same code (a payload error), or FORBIDDEN when the code is null.
 */
let app: TestApp;
let orgId: string;

interface Perm {
  allowed: boolean;
  code: string | null;
  reason: string | null;
}
type Perms = Record<Action, Perm>;
const ACTIONS = ['update', 'setBankAccount', 'confirmBankAccount', 'verify', 'reject', 'suspend'] as const;
type Action = (typeof ACTIONS)[number];
const P = '{ allowed code reason }';
const PERMS = `permissions { ${ACTIONS.map((a) => `${a} ${P}`).join(' ')} }`;
const Q = `query($id: String!) { organization(id: $id) { vettingStatus bankAccount { status changedAt } ${PERMS} } }`;
const PASSWORD = 'amber lantern orchard 4410';

const MUTATIONS: Record<Action, string> = {
  update: `mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { id } errors { code } } }`,
  setBankAccount: `mutation($input: SetBankAccountInput!) { setBankAccount(input: $input) { organization { id } errors { code } } }`,
  confirmBankAccount: `mutation($input: ConfirmBankAccountInput!) { confirmBankAccount(input: $input) { organization { id } errors { code } } }`,
  verify: `mutation($input: VetOrganizationInput!) { vetOrganization(input: $input) { organization { id } errors { code } } }`,
  reject: `mutation($input: VetOrganizationInput!) { vetOrganization(input: $input) { organization { id } errors { code } } }`,
  suspend: `mutation($input: VetOrganizationInput!) { vetOrganization(input: $input) { organization { id } errors { code } } }`,
};

let seq = 0;
const IBANS = [
  'GB82WEST12345698765432',
  'DE89370400440532013000',
  'GB33BUKB20201555555555',
  'FR1420041010050500013M02606',
];

/** The input of each action on organisation `id`; `changedAt` is what a confirmer saw. */
function inputOf(action: Action, id: string, changedAt: string | null): Record<string, unknown> {
  const n = ++seq;
  switch (action) {
    case 'update':
      return { organizationId: id, website: `https://example.org/v${n}` };
    case 'setBankAccount':
      return { organizationId: id, accountHolder: 'Holder', bankName: `Bank ${n}`, iban: IBANS[n % IBANS.length] };
    case 'confirmBankAccount':
      return { organizationId: id, note: 'Called back on the known number.', changedAt: changedAt ?? new Date(0) };
    case 'verify':
      return { organizationId: id, status: 'VERIFIED', reason: `Checked papers ${n}` };
    case 'reject':
      return { organizationId: id, status: 'REJECTED', reason: `Papers forged ${n}` };
    case 'suspend':
      return { organizationId: id, status: 'SUSPENDED', reason: `Under review ${n}` };
  }
}

/** Runs the action's mutation and checks that its answer is the one the permission announced. */
async function agrees(client: GqlClient, perm: Perm, action: Action, id: string, changedAt: string | null) {
  const mutation = MUTATIONS[action];
  const name = /\{\s*(\w+)\(/.exec(mutation)![1]!;
  const r = await client.gql<Record<string, { errors: { code: string }[] }>>(mutation, {
    input: inputOf(action, id, changedAt),
  });
  if (perm.allowed) {
    expect([action, r.errors]).toEqual([action, undefined]);
    expect([action, r.data![name]!.errors]).toEqual([action, []]);
  } else if (perm.code) {
    expect([action, r.errors]).toEqual([action, undefined]);
    expect([action, r.data![name]!.errors.map((e) => e.code)]).toEqual([action, [perm.code]]);
  } else {
    expect([action, r.errors?.[0]?.extensions?.code]).toEqual([action, 'FORBIDDEN']);
  }
}

interface OrgView {
  vettingStatus: string;
  bankAccount: { status: string; changedAt: string } | null;
  permissions: Perms;
}
async function view(client: GqlClient, id = orgId): Promise<OrgView> {
  return expectNoErrors(await client.gql(Q, { id })).organization as OrgView;
}
/** allowed / code per action, in one comparable object ('ok', a code, or 'FORBIDDEN'). */
const summary = (p: Perms) =>
  Object.fromEntries(ACTIONS.map((a) => [a, p[a].allowed ? 'ok' : (p[a].code ?? 'FORBIDDEN')]));

async function newUser(role: string, scope: Record<string, string>): Promise<GqlClient> {
  const admin = await app.as('ADMIN');
  const email = `op-${randomUUID().slice(0, 8)}@perm.example`;
  const u = expectNoErrors(
    await admin.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
      i: { email, displayName: 'Other', password: PASSWORD },
    }),
  ).createUser;
  expect(u.errors).toEqual([]);
  const g = expectNoErrors(
    await admin.gql(`mutation($i: GrantRoleInput!) { grantRole(input: $i) { errors { code } } }`, {
      i: { userId: u.user.id, role, ...scope },
    }),
  ).grantRole;
  expect(g.errors).toEqual([]);
  return app.login(email, PASSWORD);
}

async function registerNgo(name: string): Promise<{ client: GqlClient; orgId: string }> {
  const email = `lead-${randomUUID().slice(0, 8)}@perm.example`;
  const reg = expectNoErrors(
    await app.anonymous.gql(
      `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { errors { code } } }`,
      { input: { kind: 'NGO', legalName: name, country: 'KE', email, displayName: 'Lead', password: PASSWORD } },
    ),
  ).registerOrganization;
  expect(reg.errors).toEqual([]);
  await verifyEmailOf(app, email);
  const client = await app.login(email, PASSWORD);
  return { client, orgId: expectNoErrors(await client.gql('{ me { organizations { id } } }')).me.organizations[0].id };
}

let sec: GqlClient;
let sec2: GqlClient;
let otherSec: GqlClient;
let ngo: GqlClient;
let admin: GqlClient;
let auditor: GqlClient;

beforeAll(async () => {
  app = await startTestApp();
  sec = await app.as('SECRETARIAT');
  sec2 = await secondSecretariat(app);
  ngo = await app.as('NGO');
  admin = await app.as('ADMIN');
  auditor = await app.as('AUDITOR');
  orgId = expectNoErrors(await ngo.gql('{ me { organizations { id } } }')).me.organizations[0].id;
  await wire(app, '500000.00');
  await makeAward(app); // the demo NGO holds an award in the demo fund
  const fund = expectNoErrors(
    await admin.gql(`mutation($i: CreateFundInput!) { createFund(input: $i) { fund { id } errors { code } } }`, {
      i: { code: `P${randomUUID().slice(0, 6)}`.toUpperCase(), name: 'Another fund', baseCurrency: 'USD' },
    }),
  ).createFund.fund;
  otherSec = await newUser('SECRETARIAT', { fundId: fund.id });
}, 240_000);
afterAll(async () => {
  await app.stop();
});

/** Reads the permissions as `client`, expects `expected`, then runs every action and checks it agrees. */
async function check(client: GqlClient, expected: Record<Action, string>, id = orgId, skip: Action[] = []) {
  const p = (await view(client, id)).permissions;
  expect(summary(p)).toEqual(expected);
  const changedAt = (await view(sec2, id)).bankAccount?.changedAt ?? null;
  for (const a of ACTIONS) if (!skip.includes(a)) await agrees(client, p[a], a, id, changedAt);
}

const FORBIDDEN_ALL = Object.fromEntries(ACTIONS.map((a) => [a, 'FORBIDDEN'])) as Record<Action, string>;

describe('Organization.permissions', () => {
  it('announces what each organisation mutation answers, for every kind of caller', async () => {
    let v = await view(sec);
    expect([v.vettingStatus, v.bankAccount?.status]).toEqual(['VERIFIED', 'CONFIRMED']);

    // Callers who hold no power over this organisation: everything FORBIDDEN, and so it is.
    await check(otherSec, FORBIDDEN_ALL);
    await check(auditor, FORBIDDEN_ALL);
    // An administrator edits the profile, and nothing else here.
    await check(admin, { ...FORBIDDEN_ALL, update: 'ok' });
    // Another NGO cannot even read it; each mutation is refused.
    const other = await registerNgo('Other Shelter');
    expect((await other.client.gql(Q, { id: orgId })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    for (const a of ACTIONS) await agrees(other.client, { allowed: false, code: null, reason: null }, a, orgId, null);

    // The NGO itself: edits its profile (bank change tested below), never confirms or vets itself.
    await check(ngo, { ...FORBIDDEN_ALL, update: 'ok', setBankAccount: 'ok' }, orgId, ['setBankAccount']);

    // The award fund's secretariat on a VERIFIED organisation with CONFIRMED details: the state decides.
    await check(
      sec,
      {
        update: 'ok',
        setBankAccount: 'ok',
        confirmBankAccount: 'INVALID_STATE', // already CONFIRMED
        verify: 'INVALID_STATE',
        reject: 'INVALID_STATE',
        suspend: 'ok',
      },
      orgId,
      ['setBankAccount'],
    );
    // Now SUSPENDED: reinstating (verify) and rejecting are open, suspending again is not.
    v = await view(sec);
    expect(v.vettingStatus).toBe('SUSPENDED');
    expect(summary(v.permissions)).toMatchObject({ verify: 'ok', reject: 'ok', suspend: 'INVALID_STATE' });
    await agrees(sec, v.permissions.suspend, 'suspend', orgId, null);
    await agrees(sec, v.permissions.verify, 'verify', orgId, null);
    expect((await view(sec)).vettingStatus).toBe('VERIFIED');
  });

  it('confirmBankAccount: the award fund’s secretariat while the change waits, never its author, not twice', async () => {
    // The NGO changes its account.
    const mine = (await view(ngo)).permissions.setBankAccount;
    expect(mine.allowed).toBe(true);
    await agrees(ngo, mine, 'setBankAccount', orgId, null);
    expect((await view(sec)).bankAccount?.status).toBe('PENDING_CONFIRMATION');

    for (const client of [ngo, otherSec, admin, auditor]) {
      const p = (await view(client)).permissions.confirmBankAccount;
      expect(p).toMatchObject({ allowed: false, code: null });
      await agrees(client, p, 'confirmBankAccount', orgId, (await view(sec)).bankAccount!.changedAt);
    }
    const ok = (await view(sec)).permissions.confirmBankAccount;
    expect(ok).toMatchObject({ allowed: true, code: null, reason: null });
    await agrees(sec, ok, 'confirmBankAccount', orgId, (await view(sec)).bankAccount!.changedAt);
    expect((await view(sec)).bankAccount?.status).toBe('CONFIRMED');

    // Separation of duties: the secretariat member who changed the account cannot confirm it.
    const set = (await view(sec)).permissions.setBankAccount;
    await agrees(sec, set, 'setBankAccount', orgId, null);
    const own = await view(sec);
    expect(own.permissions.confirmBankAccount).toMatchObject({ allowed: false, code: 'SEPARATION_OF_DUTIES' });
    await agrees(sec, own.permissions.confirmBankAccount, 'confirmBankAccount', orgId, own.bankAccount!.changedAt);
    expect((await view(sec)).bankAccount?.status).toBe('PENDING_CONFIRMATION');
    // A colleague can; after that, nobody confirms again (the state case).
    const colleague = await view(sec2);
    expect(colleague.permissions.confirmBankAccount.allowed).toBe(true);
    await agrees(
      sec2,
      colleague.permissions.confirmBankAccount,
      'confirmBankAccount',
      orgId,
      colleague.bankAccount!.changedAt,
    );
    for (const client of [sec, sec2]) {
      const again = await view(client);
      expect(again.permissions.confirmBankAccount).toMatchObject({ allowed: false, code: 'INVALID_STATE' });
      await agrees(
        client,
        again.permissions.confirmBankAccount,
        'confirmBankAccount',
        orgId,
        again.bankAccount!.changedAt,
      );
    }
  });

  it('a new NGO waiting for its first vetting: any fund’s secretariat vets and edits it; nobody confirms for it', async () => {
    const fresh = await registerNgo('Fresh Shelter');
    // It deals with no fund yet, so it is in every fund's vetting queue (the other fund's too).
    const p = (await view(otherSec, fresh.orgId)).permissions;
    expect(summary(p)).toEqual({
      update: 'ok',
      setBankAccount: 'ok',
      confirmBankAccount: 'FORBIDDEN', // it holds no award
      verify: 'ok',
      reject: 'ok',
      suspend: 'INVALID_STATE',
    });
    await agrees(otherSec, p.update, 'update', fresh.orgId, null);
    await agrees(otherSec, p.suspend, 'suspend', fresh.orgId, null);
    await agrees(otherSec, p.confirmBankAccount, 'confirmBankAccount', fresh.orgId, null);
    await check(fresh.client, { ...FORBIDDEN_ALL, update: 'ok', setBankAccount: 'ok' }, fresh.orgId);
    await agrees(otherSec, p.verify, 'verify', fresh.orgId, null);
  });
});

describe('Organization.permissions on a list', () => {
  it('sends the same number of SQL statements for 2 organisations as for 8 (the funds are batched)', async () => {
    for (let i = 0; i < 6; i++) await registerNgo(`Batch Shelter ${i}`);
    const LIST = `query($first: Int) { organizations(first: $first) { edges { node { id legalName
      bankAccount { status } ${PERMS} } } } }`;
    let two: any;
    let eight: any;
    const small = await countStatements(app, async () => (two = expectNoErrors(await sec.gql(LIST, { first: 2 }))));
    const large = await countStatements(app, async () => (eight = expectNoErrors(await sec.gql(LIST, { first: 8 }))));
    expect(two.organizations.edges).toHaveLength(2);
    expect(eight.organizations.edges).toHaveLength(8);
    expect(eight.organizations.edges.every((e: any) => typeof e.node.permissions.update.allowed === 'boolean')).toBe(
      true,
    );
    expect(large).toBe(small);
    expect(small).toBeGreaterThan(1);
  });
});
