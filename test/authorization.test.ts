import { randomUUID } from 'node:crypto';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { globalId } from '../src/graphql/relay';

let app: TestApp;
let ngoOrgId: string;
let donorOrgId: string;
let fundId: string;
let otherNgo: { orgId: string; client: GqlClient };

beforeAll(async () => {
  app = await startTestApp();
  const admin = await app.as('ADMIN' as never);
  const orgs = expectNoErrors(
    await admin.gql('{ organizations { edges { node { id kind legalName } } } }'),
  ).organizations.edges.map((e: any) => e.node);
  ngoOrgId = orgs.find((o: any) => o.kind === 'NGO').id;
  donorOrgId = orgs.find((o: any) => o.kind === 'DONOR').id;
  fundId = expectNoErrors(await admin.gql('{ fund(code: "UNVTF") { id } }')).fund.id;
  const reg = expectNoErrors(
    await app.anonymous.gql(
      `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { token organization { id } errors { code } } }`,
      {
        input: {
          kind: 'NGO',
          legalName: 'Other Shelter',
          country: 'PH',
          email: 'lead@other.example',
          displayName: 'Lead',
          password: 'quiet harbour lantern marble 77',
        },
      },
    ),
  ).registerOrganization;
  otherNgo = { orgId: reg.organization.id, client: app.client(reg.token) };
});
afterAll(async () => {
  await app.stop();
});

type Who = 'ANON' | 'ADMIN' | 'SECRETARIAT' | 'BOARD_MEMBER' | 'AUDITOR' | 'DONOR' | 'NGO';
const WHO: Who[] = ['ANON', 'ADMIN', 'SECRETARIAT', 'BOARD_MEMBER', 'AUDITOR', 'DONOR', 'NGO'];

async function clientFor(who: Who): Promise<GqlClient> {
  return who === 'ANON' ? app.anonymous : app.as(who as never);
}

async function freshUserId(): Promise<string> {
  const admin = await app.as('ADMIN' as never);
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
        { i: { organizationId: donorOrgId, status: 'VERIFIED', reason: 'documents checked' } },
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
      const r = expectNoErrors(await (await app.as(who as never)).gql(q, { id: ngoOrgId }));
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
    const admin = await app.as('ADMIN' as never);
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
    const after = await trustee.gql('query($id: String!) { organization(id: $id) { id } }', { id: ngoOrgId });
    expect(after.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an NGO role on a donor organisation', async () => {
    const admin = await app.as('ADMIN' as never);
    const me = expectNoErrors(await admin.gql('{ me { id } }')).me;
    const r = expectNoErrors(
      await admin.gql(`mutation($i: GrantRoleInput!) { grantRole(input: $i) { errors { code field } } }`, {
        i: { userId: me.id, role: 'NGO', organizationId: donorOrgId },
      }),
    );
    expect(r.grantRole.errors[0]).toEqual({ code: 'INVALID_VALUE', field: 'organizationId' });
  });

  it('refuses a vetting transition that is not allowed (PENDING → SUSPENDED)', async () => {
    const sec = await app.as('SECRETARIAT' as never);
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
