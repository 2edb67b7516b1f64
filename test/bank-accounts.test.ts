import { randomUUID } from 'node:crypto';
import { verifyEmailOf } from './helpers/register';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { parseGlobalId } from '../src/graphql/relay';
import { makeAward, secondSecretariat, trancheOp, wire, type AwardInfo } from './helpers/post-award';

/** Bank accounts: real-world formats, and changes after vetting held until another person confirms. */
let app: TestApp;
let sec: GqlClient;
let sec2: GqlClient;
let ngo: GqlClient;
let orgId: string;

const PASSWORD = 'copper meadow falcon quartz 58';
const SET = `mutation($i: SetBankAccountInput!) { setBankAccount(input: $i) {
  organization { bankAccount { status accountHolder bankName bankCountry iban accountNumber swift } } errors { code field } } }`;
const CONFIRM = `mutation($i: ConfirmBankAccountInput!) { confirmBankAccount(input: $i) {
  organization { bankAccount { status } } errors { code field } } }`;
const RENAME = `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { errors { code } } }`;
const STATUS = 'query($id: String!) { organization(id: $id) { bankAccount { status } } }';

const account = (over: Record<string, unknown> = {}) => ({
  organizationId: orgId,
  accountHolder: 'Safe Harbour Network',
  bankName: 'Barclays',
  iban: 'GB82 WEST 1234 5698 7654 32',
  ...over,
});

async function set(client: GqlClient, over: Record<string, unknown> = {}) {
  return expectNoErrors(await client.gql(SET, { i: account(over) })).setBankAccount;
}
/** When the details on file last changed, as a confirmer sees them before confirming. */
async function changedAt(id = orgId): Promise<string> {
  const r = expectNoErrors(
    await sec.gql('query($id: String!) { organization(id: $id) { bankAccount { changedAt } } }', { id }),
  );
  return r.organization.bankAccount?.changedAt ?? new Date(0).toISOString();
}
async function confirm(client: GqlClient, id = orgId, seen?: string) {
  return client.gql(CONFIRM, {
    i: {
      organizationId: id,
      note: 'Called the finance officer back on the known number.',
      changedAt: seen ?? (await changedAt(id)),
    },
  });
}
async function status(id = orgId): Promise<string> {
  return expectNoErrors(await sec.gql(STATUS, { id })).organization.bankAccount.status;
}

beforeAll(async () => {
  app = await startTestApp();
  sec = await app.as('SECRETARIAT');
  ngo = await app.as('NGO');
  sec2 = await secondSecretariat(app);
  orgId = expectNoErrors(await ngo.gql('{ me { organizations { id } } }')).me.organizations[0].id;
  await wire(app, '500000.00');
});
afterAll(async () => {
  await app.stop();
});

async function freshAward(): Promise<AwardInfo> {
  const a = await makeAward(app);
  return a;
}

describe('a change of bank account after vetting', () => {
  it('holds tranche requests until a secretariat member of the award’s fund other than its author confirms it', async () => {
    const award = await freshAward();
    const t1 = award.tranches.find((t) => t.number === 1)!.id;
    expect(await status()).toBe('CONFIRMED');

    const changed = await set(ngo);
    expect(changed.errors).toEqual([]);
    expect(changed.organization.bankAccount).toEqual({
      status: 'PENDING_CONFIRMATION',
      accountHolder: 'Safe Harbour Network',
      bankName: 'Barclays',
      bankCountry: 'GB',
      iban: 'GB82WEST12345698765432',
      accountNumber: null,
      swift: null,
    });
    const refused = await trancheOp(sec2, 'requestTranche', { trancheId: t1 });
    expect(refused.errors.map((e) => e.code)).toEqual(['BANK_ACCOUNT_UNCONFIRMED']);

    // The organisation cannot confirm its own change.
    expect((await confirm(ngo)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ok = expectNoErrors(await confirm(sec)).confirmBankAccount;
    expect(ok).toEqual({ organization: { bankAccount: { status: 'CONFIRMED' } }, errors: [] });
    // Again: nothing waits for a confirmation any more (Organization.permissions.confirmBankAccount says so too).
    expect(expectNoErrors(await confirm(sec2)).confirmBankAccount.errors).toEqual([
      { code: 'INVALID_STATE', field: null },
    ]);
    expect((await trancheOp(sec2, 'requestTranche', { trancheId: t1 })).errors).toEqual([]);
    expect((await trancheOp(sec, 'approveTranche', { trancheId: t1 })).errors).toEqual([]);

    // A change between approval and payment holds the payment too.
    expect((await set(ngo, { iban: 'DE89370400440532013000', bankName: 'Commerzbank' })).errors).toEqual([]);
    const pay = await trancheOp(sec, 'recordTranchePayment', {
      trancheId: t1,
      reference: `FT-${randomUUID().slice(0, 8)}`,
      valueDate: new Date().toISOString().slice(0, 10),
    });
    expect(pay.errors.map((e) => e.code)).toEqual(['BANK_ACCOUNT_UNCONFIRMED']);
    expect(pay.tranche).toBeNull();
    expect(expectNoErrors(await confirm(sec2)).confirmBankAccount.errors).toEqual([]);
  });

  it('refuses the secretariat member who changed the account its own confirmation', async () => {
    expect((await set(sec, { iban: 'FR1420041010050500013M02606', bankName: 'La Banque Postale' })).errors).toEqual([]);
    const own = expectNoErrors(await confirm(sec)).confirmBankAccount;
    expect(own.errors).toEqual([{ code: 'SEPARATION_OF_DUTIES', field: null }]);
    expect(await status()).toBe('PENDING_CONFIRMATION');
    expect(expectNoErrors(await confirm(sec2)).confirmBankAccount.errors).toEqual([]);
  });

  it('treats a new legal name like a new account', async () => {
    expect(
      expectNoErrors(await ngo.gql(RENAME, { i: { organizationId: orgId, legalName: 'Safe Harbour Trust' } }))
        .updateOrganization.errors,
    ).toEqual([]);
    expect(await status()).toBe('PENDING_CONFIRMATION');
    const award = await freshAward();
    const t1 = award.tranches.find((t) => t.number === 1)!.id;
    const refused = await trancheOp(sec2, 'requestTranche', { trancheId: t1 });
    expect(refused.errors.map((e) => e.code)).toEqual(['BANK_ACCOUNT_UNCONFIRMED']);
    expect(expectNoErrors(await confirm(sec)).confirmBankAccount.errors).toEqual([]);
    const [ev] = await app.sql(
      `select before, after from audit_event where action = 'organization.update' order by seq desc limit 1`,
    );
    expect(ev).toMatchObject({
      before: { legalName: 'Safe Harbour Network', bankConfirmation: 'CONFIRMED' },
      after: { legalName: 'Safe Harbour Trust', bankConfirmation: 'PENDING_CONFIRMATION' },
    });
  });

  it("refuses a confirmation by another fund's secretariat", async () => {
    const admin = await app.as('ADMIN');
    const fund = expectNoErrors(
      await admin.gql(`mutation($i: CreateFundInput!) { createFund(input: $i) { fund { id } errors { code } } }`, {
        i: { code: `B${randomUUID().slice(0, 6)}`.toUpperCase(), name: 'Torture fund', baseCurrency: 'USD' },
      }),
    ).createFund.fund;
    const email = `other-${randomUUID().slice(0, 8)}@bank.example`;
    const userId = expectNoErrors(
      await admin.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
        i: { email, displayName: 'Other Secretariat', password: PASSWORD },
      }),
    ).createUser.user.id;
    expectNoErrors(
      await admin.gql(`mutation($i: GrantRoleInput!) { grantRole(input: $i) { errors { code } } }`, {
        i: { userId, role: 'SECRETARIAT', fundId: fund.id },
      }),
    );
    const other = await app.login(email, PASSWORD);
    expect((await set(ngo, { iban: 'GB33BUKB20201555555555', bankName: 'Bukbank' })).errors).toEqual([]);
    expect((await confirm(other)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await status()).toBe('PENDING_CONFIRMATION');
    expect(expectNoErrors(await confirm(sec)).confirmBankAccount.errors).toEqual([]);
  });

  it("tells the organisation's other members, not the author, and keeps old and new accounts masked in the trail", async () => {
    const admin = await app.as('ADMIN');
    const email = `treasurer-${randomUUID().slice(0, 8)}@safe-harbour.example`;
    const userId = expectNoErrors(
      await admin.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
        i: { email, displayName: 'Treasurer', password: PASSWORD },
      }),
    ).createUser.user.id;
    expectNoErrors(
      await admin.gql(`mutation($i: GrantRoleInput!) { grantRole(input: $i) { errors { code } } }`, {
        i: { userId, role: 'NGO', organizationId: orgId },
      }),
    );
    const treasurer = await app.login(email, PASSWORD);
    const notes = (what: GqlClient) =>
      what
        .gql('{ notifications(first: 50) { edges { node { kind subject body } } } }')
        .then((r) =>
          expectNoErrors(r).notifications.edges.map((e: { node: { kind: string; body: string } }) => e.node),
        );
    const authorHad = (await notes(ngo)).filter((n: { kind: string }) => n.kind === 'BANK_ACCOUNT_CHANGED').length;
    expect((await set(ngo, { iban: 'GB82WEST12345698765432', bankName: 'Barclays' })).errors).toEqual([]);
    const mine = await notes(treasurer);
    expect(mine.filter((n: { kind: string }) => n.kind === 'BANK_ACCOUNT_CHANGED')).toHaveLength(1);
    expect(JSON.stringify(mine)).not.toContain('GB82WEST12345698765432');
    expect((await notes(ngo)).filter((n: { kind: string }) => n.kind === 'BANK_ACCOUNT_CHANGED')).toHaveLength(
      authorHad,
    );
    const toSec = (await notes(sec2)).filter((n: { kind: string }) => n.kind === 'BANK_ACCOUNT_TO_CONFIRM');
    expect(toSec.length).toBeGreaterThan(0);

    const [ev] = await app.sql(
      `select before, after from audit_event where action = 'organization.set_bank_account' order by seq desc limit 1`,
    );
    expect(ev).toEqual({
      before: {
        holder: 'Safe Harbour Network',
        bankName: 'Bukbank',
        bankCountry: 'GB',
        ending: '5555',
        bic: null,
        confirmation: 'CONFIRMED',
      },
      after: {
        holder: 'Safe Harbour Network',
        bankName: 'Barclays',
        bankCountry: 'GB',
        ending: '5432',
        bic: null,
        confirmation: 'PENDING_CONFIRMATION',
      },
    });
    const all = await app.sql(`select coalesce(before::text, '') || coalesce(after::text, '') as t from audit_event`);
    for (const r of all) expect(r.t).not.toMatch(/GB82WEST12345698765432|GB33BUKB20201555555555/);
    expect(expectNoErrors(await confirm(sec)).confirmBankAccount.errors).toEqual([]);
  });
  it('refuses to confirm details that changed again after the confirmer checked them', async () => {
    await freshAward();
    await set(ngo, { iban: 'DE89 3704 0044 0532 0130 00', bankName: 'Commerzbank' });
    const checked = await changedAt();
    // Before the secretariat confirms, the details change again (a second, unseen account).
    await set(ngo, { iban: 'FR14 2004 1010 0505 0001 3M02 606', bankName: 'La Banque Postale' });
    const stale = expectNoErrors(await confirm(sec, orgId, checked)).confirmBankAccount;
    expect(stale.errors).toEqual([{ code: 'BANK_DETAILS_CHANGED', field: 'changedAt' }]);
    expect(stale.organization).toBeNull();
    expect(await status()).toBe('PENDING_CONFIRMATION');
    const events = await app.sql<{ n: number }>(
      "select count(*)::int as n from audit_event where action = 'organization.confirm_bank_account' and entity_id = $1",
      [parseGlobalId(orgId).id],
    );
    // Confirming what is on file now works.
    expect(expectNoErrors(await confirm(sec)).confirmBankAccount.errors).toEqual([]);
    expect(await status()).toBe('CONFIRMED');
    const after = await app.sql<{ n: number }>(
      "select count(*)::int as n from audit_event where action = 'organization.confirm_bank_account' and entity_id = $1",
      [parseGlobalId(orgId).id],
    );
    expect(after[0].n).toBe(events[0].n + 1);
  });
});

describe('account formats', () => {
  let pendingOrg: string;
  let pendingNgo: GqlClient;

  beforeAll(async () => {
    const email = `lead-${randomUUID().slice(0, 8)}@lagos.example`;
    expectNoErrors(
      await app.anonymous.gql(
        `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { errors { code } } }`,
        {
          input: {
            kind: 'NGO',
            legalName: 'Lagos Refuge',
            country: 'NG',
            email,
            displayName: 'Lead',
            password: PASSWORD,
          },
        },
      ),
    );
    await verifyEmailOf(app, email);
    pendingNgo = await app.login(email, PASSWORD);
    pendingOrg = expectNoErrors(await pendingNgo.gql('{ me { organizations { id } } }')).me.organizations[0].id;
  });

  const attempt = async (over: Record<string, unknown>) =>
    expectNoErrors(
      await pendingNgo.gql(SET, {
        i: { organizationId: pendingOrg, accountHolder: 'Lagos Refuge', bankName: 'Zenith Bank', ...over },
      }),
    ).setBankAccount;

  it.each([
    ['an IBAN with a wrong check digit', { iban: 'GB83WEST12345698765432' }, 'iban'],
    ['an IBAN of another country than the bank', { iban: 'DE89370400440532013000', bankCountry: 'FR' }, 'iban'],
    [
      'an account number in a country that uses IBAN',
      { accountNumber: '0532013000', bankCountry: 'DE', swift: 'COBADEFF' },
      'accountNumber',
    ],
    ['an account number without SWIFT/BIC', { accountNumber: '1012345678', bankCountry: 'NG' }, 'swift'],
    ['a malformed SWIFT/BIC', { accountNumber: '1012345678', bankCountry: 'NG', swift: 'ZEIB-NG-LA' }, 'swift'],
    ['a SWIFT/BIC of another country', { accountNumber: '1012345678', bankCountry: 'NG', swift: 'COBADEFF' }, 'swift'],
    [
      'both an IBAN and an account number',
      { iban: 'DE89370400440532013000', accountNumber: '1012345678', bankCountry: 'DE' },
      'accountNumber',
    ],
    ['neither an IBAN nor an account number', { bankCountry: 'NG', swift: 'ZEIBNGLA' }, 'accountNumber'],
  ])('refuses %s', async (_name, over, field) => {
    const r = await attempt(over);
    expect(r.errors).toEqual([{ code: 'INVALID_VALUE', field }]);
  });

  it('accepts a Nigerian account number with its SWIFT/BIC, pending until the first vetting confirms it', async () => {
    const r = await attempt({ accountNumber: '10-1234-5678', bankCountry: 'NG', swift: 'zeibngla' });
    expect(r.errors).toEqual([]);
    expect(r.organization.bankAccount).toMatchObject({
      status: 'PENDING_CONFIRMATION',
      bankCountry: 'NG',
      iban: null,
      accountNumber: '1012345678',
      swift: 'ZEIBNGLA',
    });
    const vet = expectNoErrors(
      await sec.gql(`mutation($i: VetOrganizationInput!) { vetOrganization(input: $i) { errors { code } } }`, {
        i: { organizationId: pendingOrg, status: 'VERIFIED', reason: 'Registration and bank letter checked' },
      }),
    ).vetOrganization;
    expect(vet.errors).toEqual([]);
    const own = expectNoErrors(await pendingNgo.gql(STATUS, { id: pendingOrg })).organization.bankAccount;
    expect(own.status).toBe('CONFIRMED');
  });
});
