import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';
import { makeAward, wire } from './helpers/post-award';
import { fundId, ok, openCall, recommended } from './helpers/grants';

/**
 * The two small reads the staff screens needed: the board's list of awards with an amendment
 * waiting for its vote, and the administrators' user search.
 */

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  await wire(app, '500000.00');
}, 120_000);
afterAll(async () => {
  await app.stop();
});

const PENDING = `query($p: Boolean) { awards(filter: { pendingAmendment: $p }, first: 100) {
  edges { node { id amendments { status } } } } }`;

describe('awards(filter: { pendingAmendment })', () => {
  it('lists the awards with an amendment waiting for the board, and drops one once the board decides', async () => {
    const sec = await app.as('SECRETARIAT');
    const amended = await makeAward(app, '30000.00');
    const plain = await makeAward(app, '25000.00');
    const last = amended.tranches.at(-1)!; // a new award's last tranche is SCHEDULED
    const up = expectNoErrors(
      await sec.gql(
        `mutation($input: AmendTrancheScheduleInput!) { amendTrancheSchedule(input: $input) { amendment { id } errors { code } } }`,
        {
          input: {
            awardId: amended.awardId,
            reason: 'Caseload doubled',
            tranches: [{ trancheId: last.id, amount: '20000.00', plannedDate: '2027-07-01' }],
          },
        },
      ),
    ).amendTrancheSchedule;
    expect(up.errors).toEqual([]);

    const ids = async (role: 'BOARD_MEMBER' | 'NGO' | 'SECRETARIAT', p: boolean) =>
      expectNoErrors(await (await app.as(role)).gql(PENDING, { p })).awards.edges.map(
        (e: { node: { id: string } }) => e.node.id,
      ) as string[];

    const board = await ids('BOARD_MEMBER', true);
    expect(board).toContain(amended.awardId);
    expect(board).not.toContain(plain.awardId);
    expect(await ids('BOARD_MEMBER', false)).toContain(plain.awardId);
    expect(await ids('BOARD_MEMBER', false)).not.toContain(amended.awardId);
    expect(await ids('SECRETARIAT', true)).toContain(amended.awardId);

    // The filter narrows the read rule, never widens it: an anonymous caller is refused.
    const anon = await app.client(null).gql(PENDING, { p: true });
    expect(anon.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    for (const role of ['BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3'] as const) {
      const v = expectNoErrors(
        await (
          await app.as(role)
        ).gql(
          `mutation($input: CastAmendmentVoteInput!) { castAmendmentVote(input: $input) { amendment { status } errors { code } } }`,
          { input: { amendmentId: up.amendment.id, choice: 'APPROVE', reason: 'Justified by the caseload' } },
        ),
      ).castAmendmentVote;
      expect(v.errors).toEqual([]);
    }
    expect(await ids('BOARD_MEMBER', true)).not.toContain(amended.awardId);
  });
});

const USERS = `query($s: String) { users(search: $s, first: 100) { totalCount edges { node { email displayName } } } }`;

describe('users(search)', () => {
  it('finds users by part of the e-mail address or the name, in any case', async () => {
    const admin = await app.as('ADMIN');
    for (const [email, displayName] of [
      ['zoe.quill@example.org', 'Zoë Quill'],
      ['bob_50%@example.org', 'Robert Marsh'],
      ['bobx50z@example.org', 'Roberta Lane'],
    ]) {
      const r = expectNoErrors(
        await admin.gql(`mutation($input: CreateUserInput!) { createUser(input: $input) { errors { code } } }`, {
          input: { email, displayName, password: 'Search-Test-Pelican-2026' },
        }),
      ).createUser;
      expect(r.errors).toEqual([]);
    }
    const found = async (s: string | null) =>
      (expectNoErrors(await admin.gql(USERS, { s })).users.edges as { node: { email: string } }[]).map(
        (e) => e.node.email,
      );
    expect(await found('QUILL')).toEqual(['zoe.quill@example.org']);
    expect(await found('robert')).toEqual(['bob_50%@example.org', 'bobx50z@example.org']);
    // LIKE's wildcards are searched for as themselves.
    expect(await found('_50%')).toEqual(['bob_50%@example.org']);
    const all = expectNoErrors(await admin.gql(USERS, { s: null })).users.totalCount;
    expect(all).toBeGreaterThan(3);
    expect(expectNoErrors(await admin.gql(USERS, { s: 'quill' })).users.totalCount).toBe(1);
  });

  it('refuses a search of more than 200 characters, and any caller but an administrator', async () => {
    const admin = await app.as('ADMIN');
    const long = await admin.gql(USERS, { s: 'x'.repeat(201) });
    expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const role of ['SECRETARIAT', 'BOARD_MEMBER', 'NGO'] as const) {
      const r = await (await app.as(role)).gql(USERS, { s: 'quill' });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

const PERMS = `query($s: String) { me { id } users(search: $s, first: 10) { edges { node { id email active
  permissions { deactivate { allowed code } reactivate { allowed code } grantRole { allowed code } }
  roles { id role permissions { revoke { allowed code } } } } } } }`;

describe('User.permissions and RoleGrant.permissions', () => {
  it('say what deactivateUser and revokeRole answer: never one’s own account or administrator role', async () => {
    const admin = await app.as('ADMIN');
    const self = expectNoErrors(await admin.gql(PERMS, { s: 'admin@' })).users.edges[0].node;
    expect(self.permissions.deactivate).toEqual({ allowed: false, code: 'INVALID_STATE' });
    expect(self.permissions.reactivate).toEqual({ allowed: true, code: null });
    const ownAdmin = self.roles.find((g: { role: string }) => g.role === 'ADMIN');
    expect(ownAdmin.permissions.revoke).toEqual({ allowed: false, code: 'INVALID_STATE' });

    const off = expectNoErrors(
      await admin.gql(`mutation($input: UserActionInput!) { deactivateUser(input: $input) { errors { code } } }`, {
        input: { userId: self.id },
      }),
    ).deactivateUser;
    expect(off.errors.map((e: { code: string }) => e.code)).toEqual(['INVALID_STATE']);
    const revoke = expectNoErrors(
      await admin.gql(`mutation($input: RevokeRoleInput!) { revokeRole(input: $input) { errors { code } } }`, {
        input: { grantId: ownAdmin.id },
      }),
    ).revokeRole;
    expect(revoke.errors.map((e: { code: string }) => e.code)).toEqual(['INVALID_STATE']);

    const other = expectNoErrors(await admin.gql(PERMS, { s: 'zoe.quill' })).users.edges[0].node;
    expect(other.permissions.deactivate).toEqual({ allowed: true, code: null });
    expect(other.permissions.grantRole).toEqual({ allowed: true, code: null });
    const done = expectNoErrors(
      await admin.gql(
        `mutation($input: UserActionInput!) { deactivateUser(input: $input) { user { active } errors { code } } }`,
        { input: { userId: other.id } },
      ),
    ).deactivateUser;
    expect(done).toEqual({ user: { active: false }, errors: [] });
  });

  it('refuse every action to a caller who is not an administrator (no code: FORBIDDEN)', async () => {
    const sec = await app.as('SECRETARIAT');
    const me = expectNoErrors(
      await sec.gql(`{ me { permissions { deactivate { allowed code } grantRole { allowed code } }
        roles { permissions { revoke { allowed code } } } } }`),
    ).me;
    expect(me.permissions.deactivate).toEqual({ allowed: false, code: null });
    expect(me.permissions.grantRole).toEqual({ allowed: false, code: null });
    expect(me.roles[0].permissions.revoke).toEqual({ allowed: false, code: null });
  });
});

describe('Fund.permissions', () => {
  it('allow updateFundPolicy to an administrator only, as the mutation does', async () => {
    const Q = `{ funds(first: 1) { edges { node { id permissions { updatePolicy { allowed code } } } } } }`;
    const UPDATE = `mutation($input: UpdateFundPolicyInput!) { updateFundPolicy(input: $input) { fund { minApprovals } errors { code } } }`;
    for (const [client, allowed] of [
      [await app.as('ADMIN'), true],
      [await app.as('SECRETARIAT'), false],
      [app.client(null), false],
    ] as const) {
      const fund = expectNoErrors(await client.gql(Q)).funds.edges[0].node;
      expect(fund.permissions.updatePolicy).toEqual({ allowed, code: null });
      const r = await client.gql(UPDATE, { input: { fundId: fund.id, minApprovals: 3 } });
      if (allowed) expect(expectNoErrors(r).updateFundPolicy).toEqual({ fund: { minApprovals: 3 }, errors: [] });
      else expect(r.errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    }
  });
});

describe('Application.conflicts (the board pack)', () => {
  it('lists declared conflicts, on the application or its organisation, to the readers of the reviews only', async () => {
    const sec = await app.as('SECRETARIAT');
    const ngo = await app.as('NGO');
    const fund = await fundId(app);
    const callId = await openCall(sec, fund, { envelope: '1000000.00', maxAward: '100000.00' });
    const id = await recommended(ngo, sec, await app.as('BOARD_MEMBER'), callId);
    const t4 = await app.as('TRUSTEE4');
    await ok(t4, 'declareConflict', 'DeclareConflictInput', {
      applicationId: id,
      nature: 'Sits on its advisory council',
    });
    const t5 = await app.as('TRUSTEE5');
    const org = expectNoErrors(
      await sec.gql(`query($id: String!) { application(id: $id) { organization { id } } }`, { id }),
    ).application.organization.id;
    await ok(t5, 'declareConflict', 'DeclareConflictInput', {
      organizationId: org,
      fundId: fund,
      nature: 'Former employee',
    });
    await ok(await app.as('TRUSTEE2'), 'confirmNoConflict', 'ConfirmNoConflictInput', { applicationId: id });

    const Q = `query($id: String!) { application(id: $id) { conflicts { hasConflict nature member { displayName } } } }`;
    const natures = async (role: 'SECRETARIAT' | 'TRUSTEE2') =>
      (expectNoErrors(await (await app.as(role)).gql(Q, { id })).application.conflicts as { nature: string }[]).map(
        (c) => c.nature,
      );
    // A confirmation of no conflict is not a conflict.
    expect(await natures('SECRETARIAT')).toEqual(['Sits on its advisory council', 'Former employee']);
    expect(await natures('TRUSTEE2')).toEqual(['Sits on its advisory council', 'Former employee']);

    for (const client of [t4, ngo]) {
      const r = await client.gql(Q, { id });
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});
