import { randomUUID } from 'node:crypto';
import { verifyEmailOf } from './helpers/register';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';

/** Rights come from live role grants; revoked roles and deactivated users lose access at once. */
let app: TestApp;
let admin: GqlClient;

beforeAll(async () => {
  app = await startTestApp();
  admin = await app.as('ADMIN');
});
afterAll(async () => {
  await app.stop();
});

const PASSWORD = 'quiet harbour lantern marble 77';

async function registerNgo(): Promise<{ client: GqlClient; orgId: string; email: string }> {
  const email = `lead-${randomUUID()}@access.example`;
  const reg = expectNoErrors(
    await app.anonymous.gql(
      `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { errors { code } } }`,
      {
        input: {
          kind: 'NGO',
          legalName: 'Access Shelter',
          country: 'KE',
          email,
          displayName: 'Lead',
          password: PASSWORD,
        },
      },
    ),
  ).registerOrganization;
  expect(reg.errors).toEqual([]);
  await verifyEmailOf(app, email);
  const client = await app.login(email, PASSWORD);
  const me = expectNoErrors(await client.gql('{ me { organizations { id } } }')).me;
  return { client, orgId: me.organizations[0].id, email };
}

const READ_ORG = 'query($id: String!) { organization(id: $id) { id legalName } }';
const RENAME = `mutation($i: UpdateOrganizationInput!) { updateOrganization(input: $i) { organization { legalName } errors { code } } }`;
const SET_BANK = `mutation($i: SetBankAccountInput!) { setBankAccount(input: $i) { organization { id } errors { code } } }`;
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

async function grantsOf(client: GqlClient): Promise<{ id: string; role: string }[]> {
  return expectNoErrors(await client.gql('{ me { roles { id role } } }')).me.roles;
}

describe('revoking the last role of an organisation', () => {
  it('ends the membership: the existing token no longer reads, renames or changes the bank account', async () => {
    const ngo = await registerNgo();
    const apps = 'query { applications(first: 5) { totalCount } }';
    expect((await ngo.client.gql(READ_ORG, { id: ngo.orgId })).errors).toBeUndefined();
    const [grant] = await grantsOf(ngo.client);
    const revoked = expectNoErrors(
      await admin.gql(`mutation($i: RevokeRoleInput!) { revokeRole(input: $i) { errors { code } } }`, {
        i: { grantId: grant!.id },
      }),
    ).revokeRole;
    expect(revoked.errors).toEqual([]);

    // The revocation ends the user's sessions: the old token is refused outright.
    expect(code(await ngo.client.gql(READ_ORG, { id: ngo.orgId }))).toBe('UNAUTHENTICATED');
    // Signed in again, the user has no rights on the organisation any more.
    const again = await app.login(ngo.email, PASSWORD);
    expect(code(await again.gql(READ_ORG, { id: ngo.orgId }))).toBe('FORBIDDEN');
    expect(code(await again.gql(RENAME, { i: { organizationId: ngo.orgId, legalName: 'Renamed' } }))).toBe('FORBIDDEN');
    expect(
      code(
        await again.gql(SET_BANK, {
          i: {
            organizationId: ngo.orgId,
            accountHolder: 'Access Shelter',
            bankName: 'Bank',
            iban: 'DE89370400440532013000',
          },
        }),
      ),
    ).toBe('FORBIDDEN');
    expect(expectNoErrors(await again.gql(apps)).applications.totalCount).toBe(0);
    expect(expectNoErrors(await again.gql('{ me { organizations { id } } }')).me.organizations).toEqual([]);
    const rows = await app.sql(`select m.id from membership m join app_user u on u.id = m.user_id where u.email = $1`, [
      ngo.email,
    ]);
    expect(rows).toEqual([]);
    const [ended] = await app.sql(
      `select action, before from audit_event where action = 'membership.end' order by seq desc limit 1`,
    );
    expect(ended).toBeDefined();
  });

  it('gives no rights from a membership row without a live grant (legacy data)', async () => {
    const ngo = await registerNgo();
    await app.sql(`delete from role_grant where user_id = (select id from app_user where email = $1)`, [ngo.email]);
    expect(code(await ngo.client.gql(READ_ORG, { id: ngo.orgId }))).toBe('FORBIDDEN');
    expect(code(await ngo.client.gql(RENAME, { i: { organizationId: ngo.orgId, legalName: 'Renamed' } }))).toBe(
      'FORBIDDEN',
    );
  });
});

const DEACTIVATE = `mutation($i: UserActionInput!) { deactivateUser(input: $i) { user { id active } errors { code field } } }`;
const REACTIVATE = `mutation($i: UserActionInput!) { reactivateUser(input: $i) { user { id active } errors { code field } } }`;

describe('deactivateUser / reactivateUser', () => {
  it('refuses every existing token of a deactivated user on its next request; after reactivation the user signs in again', async () => {
    const ngo = await registerNgo();
    const userId = expectNoErrors(await ngo.client.gql('{ me { id } }')).me.id;
    const second = await app.login(ngo.email, PASSWORD);
    const off = expectNoErrors(await admin.gql(DEACTIVATE, { i: { userId } })).deactivateUser;
    expect(off).toEqual({ user: { id: userId, active: false }, errors: [] });
    for (const c of [ngo.client, second]) {
      expect(code(await c.gql(READ_ORG, { id: ngo.orgId }))).toBe('UNAUTHENTICATED');
    }
    const login = expectNoErrors(
      await app.anonymous.gql(`mutation($i: LoginInput!) { login(input: $i) { token errors { code } } }`, {
        i: { email: ngo.email, password: PASSWORD },
      }),
    ).login;
    expect(login.token).toBeNull();
    // Repeating it changes nothing and writes no second event.
    expect(expectNoErrors(await admin.gql(DEACTIVATE, { i: { userId } })).deactivateUser.errors).toEqual([]);
    const on = expectNoErrors(await admin.gql(REACTIVATE, { i: { userId } })).reactivateUser;
    expect(on).toEqual({ user: { id: userId, active: true }, errors: [] });
    // Deactivation ended the sessions for good: the old token stays refused, a new login works.
    expect(code(await ngo.client.gql(READ_ORG, { id: ngo.orgId }))).toBe('UNAUTHENTICATED');
    const again = await app.login(ngo.email, PASSWORD);
    expect((await again.gql(READ_ORG, { id: ngo.orgId })).errors).toBeUndefined();
    const events = await app.sql<{ action: string; actor_role: string; before: unknown; after: unknown }>(
      `select action, actor_role, before, after from audit_event
        where entity_type = 'User' and action in ('user.deactivate', 'user.reactivate') order by seq`,
    );
    expect(events).toEqual([
      { action: 'user.deactivate', actor_role: 'ADMIN', before: { active: true }, after: { active: false } },
      { action: 'user.reactivate', actor_role: 'ADMIN', before: { active: false }, after: { active: true } },
    ]);
  });

  it('refuses an administrator deactivating itself', async () => {
    const me = expectNoErrors(await admin.gql('{ me { id } }')).me;
    const r = expectNoErrors(await admin.gql(DEACTIVATE, { i: { userId: me.id } })).deactivateUser;
    expect(r.errors).toEqual([{ code: 'INVALID_STATE', field: 'userId' }]);
  });

  it('is for administrators only', async () => {
    const ngo = await registerNgo();
    const userId = expectNoErrors(await ngo.client.gql('{ me { id } }')).me.id;
    for (const who of ['SECRETARIAT', 'AUDITOR', 'NGO'] as const) {
      const c = await app.as(who);
      expect(code(await c.gql(DEACTIVATE, { i: { userId } }))).toBe('FORBIDDEN');
      expect(code(await c.gql(REACTIVATE, { i: { userId } }))).toBe('FORBIDDEN');
    }
  });
});
