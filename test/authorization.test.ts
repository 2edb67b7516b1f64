import { randomUUID } from 'node:crypto';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { globalId } from '../src/graphql/relay';
import { draft, openCall } from './helpers/grants';
import { registerAndLogin } from './helpers/register';

let app: TestApp;
let ngoOrgId: string;
let donorOrgId: string;
let fundId: string;
let otherNgo: { orgId: string; client: GqlClient };

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.as('ADMIN');
  const orgs = expectNoErrors(
    await admin.gql('{ organizations { edges { node { id kind legalName } } } }'),
  ).organizations.edges.map((e: any) => e.node);
  ngoOrgId = orgs.find((o: any) => o.kind === 'NGO').id;
  donorOrgId = orgs.find((o: any) => o.kind === 'DONOR').id;
  fundId = expectNoErrors(await admin.gql('{ fund(code: "UNVTF") { id } }')).fund.id;
  // The demo NGO applies to UNVTF, so UNVTF's secretariat holds its staff powers over it.
  await draft(await app.as('NGO'), await openCall(await app.as('SECRETARIAT'), fundId));
  const reg = await registerAndLogin(app, {
    kind: 'NGO',
    legalName: 'Other Shelter',
    country: 'PH',
    email: 'lead@other.example',
    displayName: 'Lead',
    password: 'quiet harbour lantern marble 77',
  });
  otherNgo = { orgId: reg.orgId, client: reg.client };
});
afterAll(async () => {
  await app.stop();
});

type Who = 'ANON' | 'ADMIN' | 'SECRETARIAT' | 'BOARD_MEMBER' | 'AUDITOR' | 'DONOR' | 'NGO';
const WHO: Who[] = ['ANON', 'ADMIN', 'SECRETARIAT', 'BOARD_MEMBER', 'AUDITOR', 'DONOR', 'NGO'];

async function clientFor(who: Who): Promise<GqlClient> {
  return who === 'ANON' ? app.anonymous : app.as(who);
}

async function freshUserId(): Promise<string> {
  const admin = await app.as('ADMIN');
  return expectNoErrors(
    await admin.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
      i: { email: `u${unique()}@x.example`.toLowerCase(), displayName: 'U', password: 'amber falcon river stone 42' },
    }),
  ).createUser.user.id;
}

/** The global id of an object that does not exist (well-formed, so it reaches the service). */
const missing = (type: string) => Buffer.from(`${type}:00000000-0000-7000-8000-000000000000`).toString('base64');

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

interface Case {
  name: string;
  allowed: Who[];
  run: (c: GqlClient) => Promise<{ errors?: { extensions?: Record<string, any> }[] }>;
}

const cases: Case[] = [
  {
    name: 'createFund',
    allowed: ['ADMIN'],
    run: (c) =>
      c.gql(`mutation($i: CreateFundInput!) { createFund(input: $i) { fund { id } errors { code } } }`, {
        i: { code: `F${unique()}`, name: 'Fund', baseCurrency: 'USD' },
      }),
  },
  {
    name: 'createUser',
    allowed: ['ADMIN'],
    run: (c) =>
      c.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
        i: { email: `u${unique()}@x.example`.toLowerCase(), displayName: 'U', password: 'amber falcon river stone 42' },
      }),
  },
  { name: 'users', allowed: ['ADMIN'], run: (c) => c.gql('{ users { totalCount } }') },
  ...(['deactivateUser', 'reactivateUser'] as const).map((m): Case => ({
    name: m,
    allowed: ['ADMIN'],
    run: async (c) =>
      c.gql(`mutation($i: UserActionInput!) { ${m}(input: $i) { user { id active } errors { code } } }`, {
        i: { userId: await freshUserId() },
      }),
  })),
  {
    name: 'createOrganization',
    allowed: ['ADMIN', 'SECRETARIAT'],
    run: (c) =>
      c.gql(
        `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { organization { id } errors { code } } }`,
        { i: { kind: 'DONOR', legalName: `Donor ${unique()}`, country: 'FR' } },
      ),
  },
  {
    name: 'updateOrganization (an NGO)',
    allowed: ['ADMIN', 'SECRETARIAT', 'NGO'],
    run: (c) =>
      c.gql(
        `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { organization { id } errors { code } } }`,
        { i: { organizationId: ngoOrgId, website: `https://example.org/${unique().toLowerCase()}` } },
      ),
  },
  {
    name: 'setBankAccount (an NGO)',
    allowed: ['SECRETARIAT', 'NGO'],
    run: (c) =>
      c.gql(
        `mutation($i: SetBankAccountInput!) { setBankAccount(input: $i) { organization { id } errors { code } } }`,
        {
          i: {
            organizationId: ngoOrgId,
            accountHolder: 'Safe Harbour Network',
            bankName: 'Bank',
            iban: 'DE89370400440532013000',
          },
        },
      ),
  },
  {
    name: 'vetOrganization',
    allowed: ['SECRETARIAT'],
    run: (c) =>
      c.gql(
        `mutation($i: VetOrganizationInput!) { vetOrganization(input: $i) { organization { id } errors { code } } }`,
        { i: { organizationId: ngoOrgId, status: 'VERIFIED', reason: 'documents checked' } },
      ),
  },
  {
    name: 'sanctionsList',
    allowed: ['ADMIN', 'SECRETARIAT', 'AUDITOR'],
    run: (c) => c.gql('{ sanctionsList { importedAt } }'),
  },
  ...(['clearSanctionsMatch', 'confirmSanctionsMatch'] as const).map((m): Case => ({
    name: m,
    allowed: ['SECRETARIAT'],
    // An unknown match: the secretariat reaches the service and gets NOT_FOUND in the payload.
    run: (c) =>
      c.gql(`mutation($i: DecideSanctionsMatchInput!) { ${m}(input: $i) { match { id } errors { code } } }`, {
        i: { matchId: globalId('SanctionsMatch', randomUUID()), reason: 'false positive' },
      }),
  })),
  {
    // An open quarter: allowed roles reach the service and get PERIOD_NOT_CLOSED; nothing is published.
    name: 'publishStatistics',
    allowed: ['ADMIN', 'SECRETARIAT'],
    run: (c) =>
      c.gql(
        `mutation($i: PublishStatisticsInput!) { publishStatistics(input: $i) { publication { period } errors { code } } }`,
        { i: { fundId, period: '2099-Q1' } },
      ),
  },
  { name: 'auditEvents', allowed: ['ADMIN', 'AUDITOR'], run: (c) => c.gql('{ auditEvents(first: 1) { totalCount } }') },
  { name: 'verifyAuditTrail', allowed: ['ADMIN', 'AUDITOR'], run: (c) => c.gql('{ verifyAuditTrail { ok } }') },
  {
    // A report id that exists nowhere: staff of the fund get a coded NOT_FOUND, everyone else FORBIDDEN.
    name: 'waiveReport',
    allowed: ['SECRETARIAT'],
    run: (c) =>
      c.gql(`mutation($i: WaiveReportInput!) { waiveReport(input: $i) { report { id } errors { code } } }`, {
        i: { reportId: missing('Report'), reason: 'Statutory audit covers it' },
      }),
  },
  {
    name: 'refundWireContribution',
    allowed: ['SECRETARIAT'],
    run: (c) =>
      c.gql(
        `mutation($i: RefundWireContributionInput!) { refundWireContribution(input: $i) { contribution { id } errors { code } } }`,
        {
          i: {
            contributionId: missing('Contribution'),
            reference: 'RF-MATRIX',
            valueDate: '2026-11-20',
            reason: 'Donor asked',
          },
        },
      ),
  },
  {
    name: 'confirmWireRate',
    allowed: ['SECRETARIAT'],
    run: (c) =>
      c.gql(
        `mutation($i: ConfirmWireRateInput!) { confirmWireRate(input: $i) { contribution { id } errors { code } } }`,
        { i: { contributionId: missing('Contribution') } },
      ),
  },
  {
    name: 'rejectWireRate',
    allowed: ['SECRETARIAT'],
    run: (c) =>
      c.gql(
        `mutation($i: RejectWireRateInput!) { rejectWireRate(input: $i) { contribution { id } errors { code } } }`,
        { i: { contributionId: missing('Contribution'), reason: 'Wrong rate typed' } },
      ),
  },
  {
    name: 'organization (NGO by id)',
    allowed: ['ADMIN', 'SECRETARIAT', 'BOARD_MEMBER', 'AUDITOR', 'NGO'],
    run: (c) => c.gql('query($id: String!) { organization(id: $id) { id } }', { id: ngoOrgId }),
  },
];

describe('role matrix', () => {
  const table = cases.flatMap((c) => WHO.map((who) => [c.name, who, c.allowed.includes(who)] as const));
  it.each(table)('%s as %s (allowed: %s)', async (name, who, allowed) => {
    const c = cases.find((x) => x.name === name)!;
    const r = await c.run(await clientFor(who));
    const code = r.errors?.[0]?.extensions?.code;
    if (who === 'ANON') expect(code).toBe('UNAUTHENTICATED');
    else if (allowed) expect(r.errors).toBeUndefined();
    else expect(code).toBe('FORBIDDEN');
  });
});

describe('organisation confidentiality', () => {
  it('denies an NGO member another NGO by id and through node()', async () => {
    const byId = await otherNgo.client.gql('query($id: String!) { organization(id: $id) { id legalName } }', {
      id: ngoOrgId,
    });
    expect(byId.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(byId.data?.organization ?? null).toBeNull();
    const node = await otherNgo.client.gql(
      'query($id: ID!) { node(id: $id) { id ... on Organization { legalName } } }',
      { id: ngoOrgId },
    );
    expect(node.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('lists only the caller’s own organisation to an NGO member', async () => {
    const list = expectNoErrors(
      await otherNgo.client.gql('{ organizations(first: 100) { totalCount edges { node { id } } } }'),
    );
    expect(list.organizations.edges.map((e: any) => e.node.id)).toEqual([otherNgo.orgId]);
    expect(list.organizations.totalCount).toBe(1);
    const filtered = expectNoErrors(
      await otherNgo.client.gql('{ organizations(filter: { kind: NGO }) { edges { node { id } } } }'),
    );
    expect(filtered.organizations.edges.map((e: any) => e.node.id)).toEqual([otherNgo.orgId]);
  });

  it('refuses an NGO member editing another NGO and leaves it unchanged', async () => {
    const r = await otherNgo.client.gql(
      `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { errors { code } } }`,
      {
        i: { organizationId: ngoOrgId, legalName: 'Hijacked' },
      },
    );
    expect(r.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const [row] = await app.sql('select legal_name from organization where legal_name = $1', ['Safe Harbour Network']);
    expect(row).toBeDefined();
  });

  it('shows bank details only to the organisation itself and the secretariat', async () => {
    const q = 'query($id: String!) { organization(id: $id) { hasBankAccount bankAccount { iban } } }';
    const seen: Record<string, unknown> = {};
    for (const who of ['NGO', 'SECRETARIAT', 'ADMIN', 'AUDITOR', 'BOARD_MEMBER'] as const) {
      const r = expectNoErrors(await (await app.as(who)).gql(q, { id: ngoOrgId }));
      expect(r.organization.hasBankAccount).toBe(true);
      seen[who] = r.organization.bankAccount?.iban ?? null;
    }
    expect(seen).toEqual({
      NGO: 'DE89370400440532013000',
      SECRETARIAT: 'DE89370400440532013000',
      ADMIN: null,
      AUDITOR: null,
      BOARD_MEMBER: null,
    });
  });

  it('keeps the bank account number out of the audit trail', async () => {
    const rows = await app.sql(
      "select before::text || after::text as t from audit_event where action = 'organization.set_bank_account'",
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.t).not.toContain('DE89370400440532013000');
  });
});

describe('administration', () => {
  it('grants and revokes a fund-scoped role, and the change applies to the next request', async () => {
    const admin = await app.as('ADMIN');
    const user = expectNoErrors(
      await admin.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
        i: { email: 'new.trustee@x.example', displayName: 'New Trustee', password: 'violet otter canyon drum 19' },
      }),
    ).createUser.user;
    const missingFund = expectNoErrors(
      await admin.gql(`mutation($i: GrantRoleInput!) { grantRole(input: $i) { errors { code field } } }`, {
        i: { userId: user.id, role: 'BOARD_MEMBER' },
      }),
    );
    expect(missingFund.grantRole.errors[0]).toEqual({ code: 'INVALID_VALUE', field: 'fundId' });
    const granted = expectNoErrors(
      await admin.gql(
        `mutation($i: GrantRoleInput!) { grantRole(input: $i) { grant { id role fund { code } } errors { code } } }`,
        {
          i: { userId: user.id, role: 'BOARD_MEMBER', fundId },
        },
      ),
    ).grantRole;
    expect(granted.grant).toMatchObject({ role: 'BOARD_MEMBER', fund: { code: 'UNVTF' } });
    expect(expectNoErrors(await admin.gql('{ fund(code: "UNVTF") { boardSize } }')).fund.boardSize).toBe(6);
    const trustee = await app.login('new.trustee@x.example', 'violet otter canyon drum 19');
    expect(
      (await trustee.gql('query($id: String!) { organization(id: $id) { id } }', { id: ngoOrgId })).errors,
    ).toBeUndefined();
    expectNoErrors(
      await admin.gql(`mutation($i: RevokeRoleInput!) { revokeRole(input: $i) { errors { code } } }`, {
        i: { grantId: granted.grant.id },
      }),
    );
    // The revocation ends the trustee's sessions; signed in again, the role is gone.
    const ended = await trustee.gql('query($id: String!) { organization(id: $id) { id } }', { id: ngoOrgId });
    expect(ended.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const again = await app.login('new.trustee@x.example', 'violet otter canyon drum 19');
    const after = await again.gql('query($id: String!) { organization(id: $id) { id } }', { id: ngoOrgId });
    expect(after.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an NGO role on a donor organisation', async () => {
    const admin = await app.as('ADMIN');
    const me = expectNoErrors(await admin.gql('{ me { id } }')).me;
    const r = expectNoErrors(
      await admin.gql(`mutation($i: GrantRoleInput!) { grantRole(input: $i) { errors { code field } } }`, {
        i: { userId: me.id, role: 'NGO', organizationId: donorOrgId },
      }),
    );
    expect(r.grantRole.errors[0]).toEqual({ code: 'INVALID_VALUE', field: 'organizationId' });
  });

  it('refuses a vetting transition that is not allowed (PENDING → SUSPENDED)', async () => {
    const sec = await app.as('SECRETARIAT');
    const r = expectNoErrors(
      await sec.gql(
        `mutation($i: VetOrganizationInput!) { vetOrganization(input: $i) { organization { vettingStatus } errors { code } } }`,
        {
          i: { organizationId: otherNgo.orgId, status: 'SUSPENDED', reason: 'no reason' },
        },
      ),
    );
    expect(r.vetOrganization.errors[0].code).toBe('INVALID_STATE');
    const ok = expectNoErrors(
      await sec.gql(
        `mutation($i: VetOrganizationInput!) { vetOrganization(input: $i) { organization { vettingStatus vettingReason } errors { code } } }`,
        {
          i: { organizationId: otherNgo.orgId, status: 'VERIFIED', reason: 'registration certificate checked' },
        },
      ),
    );
    expect(ok.vetOrganization.organization).toEqual({
      vettingStatus: 'VERIFIED',
      vettingReason: 'registration certificate checked',
    });
  });
});

describe('fund scope of staff powers over an organisation', () => {
  const PASSWORD = 'granite willow harbour cobalt 31';
  const BANK = 'query($id: String!) { organization(id: $id) { bankAccount { iban } } }';
  const SET_BANK = `mutation($i: SetBankAccountInput!) { setBankAccount(input: $i) { errors { code } } }`;
  const VET = `mutation($i: VetOrganizationInput!) { vetOrganization(input: $i) { organization { vettingStatus } errors { code } } }`;
  const RENAME = `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { organization { legalName } errors { code } } }`;
  let otherSec: GqlClient;

  beforeAll(async () => {
    const admin = await app.as('ADMIN');
    const fund = expectNoErrors(
      await admin.gql(`mutation($i: CreateFundInput!) { createFund(input: $i) { fund { id } errors { code } } }`, {
        i: { code: `S${unique()}`, name: 'Slavery fund', baseCurrency: 'USD' },
      }),
    ).createFund.fund;
    const userId = await freshUserId('other.sec@x.example');
    expectNoErrors(
      await admin.gql(`mutation($i: GrantRoleInput!) { grantRole(input: $i) { errors { code } } }`, {
        i: { userId, role: 'SECRETARIAT', fundId: fund.id },
      }),
    );
    otherSec = await app.login('other.sec@x.example', PASSWORD);
  });

  async function freshUserId(email: string): Promise<string> {
    const admin = await app.as('ADMIN');
    return expectNoErrors(
      await admin.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
        i: { email, displayName: 'Other fund secretariat', password: PASSWORD },
      }),
    ).createUser.user.id;
  }

  it("hides a UNVTF applicant's bank account from another fund's secretariat and shows it to UNVTF's", async () => {
    const other = expectNoErrors(await otherSec.gql(BANK, { id: ngoOrgId })).organization;
    expect(other.bankAccount).toBeNull();
    const own = expectNoErrors(await (await app.as('SECRETARIAT')).gql(BANK, { id: ngoOrgId })).organization;
    expect(own.bankAccount).toEqual({ iban: 'DE89370400440532013000' });
  });

  it("refuses another fund's secretariat replacing the bank account, suspending or renaming the organisation", async () => {
    const bank = await otherSec.gql(SET_BANK, {
      i: { organizationId: ngoOrgId, accountHolder: 'Thief', bankName: 'Elsewhere', iban: 'GB82WEST12345698765432' },
    });
    expect(bank.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const vet = await otherSec.gql(VET, { i: { organizationId: ngoOrgId, status: 'SUSPENDED', reason: 'Because' } });
    expect(vet.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const rename = await otherSec.gql(RENAME, { i: { organizationId: ngoOrgId, legalName: 'Hijacked' } });
    expect(rename.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const [row] = await app.sql<{ legal_name: string; vetting_status: string; iban: string }>(
      `select legal_name, vetting_status, bank_account->>'iban' as iban from organization where legal_name = 'Safe Harbour Network'`,
    );
    expect(row).toEqual({
      legal_name: 'Safe Harbour Network',
      vetting_status: 'VERIFIED',
      iban: 'DE89370400440532013000',
    });
  });

  it('refuses confirming bank details to the secretariat of a fund the organisation only applied to', async () => {
    const sec = await app.as('SECRETARIAT');
    const r = await sec.gql(
      `mutation($i: ConfirmBankAccountInput!) { confirmBankAccount(input: $i) { errors { code } } }`,
      { i: { organizationId: ngoOrgId, note: 'Called back', changedAt: new Date().toISOString() } },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = await otherSec.gql(
      `mutation($i: ConfirmBankAccountInput!) { confirmBankAccount(input: $i) { errors { code } } }`,
      { i: { organizationId: ngoOrgId, note: 'Called back', changedAt: new Date().toISOString() } },
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('leaves a global administrator its powers over every organisation', async () => {
    const admin = await app.as('ADMIN');
    const r = expectNoErrors(
      await admin.gql(RENAME, { i: { organizationId: otherNgo.orgId, website: 'https://other.example.org' } }),
    );
    expect(r.updateOrganization.errors).toEqual([]);
  });

  it('puts an organisation waiting for its first vetting in every fund’s queue until it applies to one', async () => {
    const email = `lead-${unique().toLowerCase()}@queue.example`;
    expectNoErrors(
      await app.anonymous.gql(
        `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { errors { code } } }`,
        {
          input: {
            kind: 'NGO',
            legalName: 'Queue Shelter',
            country: 'UG',
            email,
            displayName: 'Lead',
            password: PASSWORD,
          },
        },
      ),
    );
    const ngo = await app.login(email, PASSWORD);
    const orgId = expectNoErrors(await ngo.gql('{ me { organizations { id } } }')).me.organizations[0].id;
    const call = await openCall(await app.as('SECRETARIAT'), fundId, { allowPendingVetting: true });
    await draft(ngo, call);
    // It applied to UNVTF: pending vetting for UNVTF, not for the other fund.
    const refused = await otherSec.gql(VET, { i: { organizationId: orgId, status: 'VERIFIED', reason: 'Checked' } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const sec = await app.as('SECRETARIAT');
    const ok = expectNoErrors(
      await sec.gql(VET, { i: { organizationId: orgId, status: 'VERIFIED', reason: 'Checked' } }),
    );
    expect(ok.vetOrganization).toEqual({ organization: { vettingStatus: 'VERIFIED' }, errors: [] });

    const email2 = `lead-${unique().toLowerCase()}@queue.example`;
    const reg = expectNoErrors(
      await app.anonymous.gql(
        `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { errors { code } } }`,
        {
          input: {
            kind: 'NGO',
            legalName: 'New Shelter',
            country: 'UG',
            email: email2,
            displayName: 'Lead',
            password: PASSWORD,
          },
        },
      ),
    ).registerOrganization;
    expect(reg.errors).toEqual([]);
    const fresh = await app.login(email2, PASSWORD);
    const freshOrg = expectNoErrors(await fresh.gql('{ me { organizations { id } } }')).me.organizations[0].id;
    const queued = expectNoErrors(
      await otherSec.gql(VET, { i: { organizationId: freshOrg, status: 'VERIFIED', reason: 'Checked' } }),
    );
    expect(queued.vetOrganization.errors).toEqual([]);
  });
});
