import { createHash, randomUUID } from 'node:crypto';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { startMailbox, type Mailbox } from './helpers/mailbox';
import { registerAndLogin } from './helpers/register';

/**
 * Teams (issue 13): the registering user is its organisation's ORG_ADMIN; it invites colleagues by
 * e-mail (single-use, expiring links read here from a loopback SMTP server), changes their team
 * role and removes them, never the last administrator; everything audited. Other organisations'
 * administrators and plain members are refused.
 */
let app: TestApp;
let box: Mailbox;

beforeAll(async () => {
  box = await startMailbox();
  app = await startTestApp({
    SMTP_URL: `smtp://127.0.0.1:${box.port}`,
    SMTP_FROM: 'VTF Grants <grants@vtf.test>',
    PUBLIC_URL: 'https://grants.vtf.test',
  });
});
afterAll(async () => {
  await app.stop();
  await box.close();
});

const PASSWORD = 'quiet harbour lantern marble 77';
const INVITE = `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { invitation { id email role status } errors { code field } } }`;
const ACCEPT = `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { accepted errors { code field } } }`;
const CHANGE = `mutation($i: ChangeMemberRoleInput!) { changeMemberRole(input: $i) { member { email role } errors { code field } } }`;
const REMOVE = `mutation($i: RemoveMemberInput!) { removeMember(input: $i) { organization { id } errors { code field } } }`;
const MEMBERS = `query($id: String!) { teamMembers(organizationId: $id) { userId email role active } }`;
const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0]?.extensions?.code;

async function organization(kind: 'NGO' | 'DONOR' = 'NGO') {
  const email = `admin-${randomUUID()}@team.example`;
  const reg = await registerAndLogin(app, {
    kind,
    legalName: `Team Org ${randomUUID().slice(0, 8)}`,
    country: 'KE',
    email,
    displayName: 'Achieng Admin',
    password: PASSWORD,
  });
  return { ...reg, email };
}

async function invite(admin: GqlClient, orgId: string, email: string, role: 'MEMBER' | 'ADMIN' = 'MEMBER') {
  const n = box.mails.length;
  const r = expectNoErrors(await admin.gql(INVITE, { i: { organizationId: orgId, email, role } })).inviteMember;
  if (r.errors.length) throw new Error(JSON.stringify(r.errors));
  return box.tokenOf(await box.mailTo(email, n, '/accept-invitation'), '/accept-invitation');
}

async function join(admin: GqlClient, orgId: string, role: 'MEMBER' | 'ADMIN' = 'MEMBER') {
  const email = `colleague-${randomUUID()}@team.example`;
  const token = await invite(admin, orgId, email, role);
  const r = expectNoErrors(
    await app.anonymous.gql(ACCEPT, { i: { token, displayName: 'Colleague', password: PASSWORD } }),
  );
  expect(r.acceptInvitation).toEqual({ accepted: true, errors: [] });
  const client = await app.login(email, PASSWORD);
  const userId = expectNoErrors(await client.gql('{ me { id } }')).me.id as string;
  return { email, client, userId };
}

const members = async (c: GqlClient, orgId: string) => expectNoErrors(await c.gql(MEMBERS, { id: orgId })).teamMembers;

describe('teams', () => {
  it('invites a colleague by e-mail; the link creates a verified account in the team, once', async () => {
    const org = await organization();
    expect(await members(org.client, org.orgId)).toEqual([
      expect.objectContaining({ email: org.email, role: 'ADMIN', active: true }),
    ]);
    const email = `Colleague-${randomUUID()}@team.example`;
    const n = box.mails.length;
    const invited = expectNoErrors(
      await org.client.gql(INVITE, { i: { organizationId: org.orgId, email, role: 'MEMBER' } }),
    ).inviteMember;
    expect(invited).toMatchObject({
      invitation: { email: email.toLowerCase(), role: 'MEMBER', status: 'PENDING' },
      errors: [],
    });
    const mail = await box.mailTo(email.toLowerCase(), n, '/accept-invitation');
    expect(mail.raw).toMatch(/Subject: You are invited to join Team Org/);
    const token = box.tokenOf(mail, '/accept-invitation');
    const stored = await app.sql(`select token_hash from invitation where token_hash in ($1, $2)`, [
      token,
      createHash('sha256').update(token).digest('hex'),
    ]);
    expect(stored).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);

    // A new account needs a name and a strong password; a refusal leaves the link usable.
    const weak = expectNoErrors(
      await app.anonymous.gql(ACCEPT, { i: { token, displayName: 'Colleague', password: 'weak' } }),
    );
    expect(weak.acceptInvitation).toEqual({ accepted: false, errors: [{ code: 'WEAK_PASSWORD', field: 'password' }] });
    const ok = expectNoErrors(
      await app.anonymous.gql(ACCEPT, { i: { token, displayName: 'Colleague', password: PASSWORD } }),
    );
    expect(ok.acceptInvitation).toEqual({ accepted: true, errors: [] });
    const again = expectNoErrors(
      await app.anonymous.gql(ACCEPT, { i: { token, displayName: 'X', password: PASSWORD } }),
    );
    expect(again.acceptInvitation).toEqual({ accepted: false, errors: [{ code: 'LINK_INVALID', field: 'token' }] });

    const colleague = await app.login(email, PASSWORD);
    const me = expectNoErrors(await colleague.gql('{ me { emailVerifiedAt organizations { id } roles { role } } }')).me;
    expect(me.emailVerifiedAt).not.toBeNull();
    expect(me.organizations).toEqual([{ id: org.orgId }]);
    expect(me.roles.map((r: { role: string }) => r.role)).toEqual(['NGO']);
    expect((await members(colleague, org.orgId)).map((m: { role: string }) => m.role)).toEqual(['ADMIN', 'MEMBER']);
    const invitations = expectNoErrors(
      await org.client.gql('query($id: String!) { teamInvitations(organizationId: $id) { email status } }', {
        id: org.orgId,
      }),
    ).teamInvitations;
    expect(invitations).toEqual([{ email: email.toLowerCase(), status: 'ACCEPTED' }]);
    const events = await app.sql(
      `select action from audit_event where action in ('team.invite', 'team.accept') and entity_id = (
         select m.organization_id::text from membership m join app_user u on u.id = m.user_id where u.email = $1) order by seq`,
      [org.email],
    );
    expect(events).toEqual([{ action: 'team.invite' }, { action: 'team.accept' }]);
  });

  it('links an existing account, refuses an expired or replaced invitation and a member invited again', async () => {
    const org = await organization();
    const other = await organization('DONOR');
    // The donor's administrator joins the NGO too: no new account, no password needed.
    const token = await invite(org.client, org.orgId, other.email, 'ADMIN');
    expect(expectNoErrors(await app.anonymous.gql(ACCEPT, { i: { token } })).acceptInvitation.accepted).toBe(true);
    const both = expectNoErrors(await other.client.gql('{ me { organizations { id } } }')).me.organizations;
    expect(both.map((o: { id: string }) => o.id).sort()).toEqual([org.orgId, other.orgId].sort());
    expect((await members(org.client, org.orgId)).find((m: { email: string }) => m.email === other.email).role).toBe(
      'ADMIN',
    );
    const dup = expectNoErrors(
      await org.client.gql(INVITE, { i: { organizationId: org.orgId, email: other.email, role: 'MEMBER' } }),
    );
    expect(dup.inviteMember.errors).toEqual([{ code: 'ALREADY_MEMBER', field: 'email' }]);

    const email = `late-${randomUUID()}@team.example`;
    const first = await invite(org.client, org.orgId, email);
    const second = await invite(org.client, org.orgId, email);
    const answer = async (t: string) =>
      expectNoErrors(await app.anonymous.gql(ACCEPT, { i: { token: t, displayName: 'Late', password: PASSWORD } }))
        .acceptInvitation;
    expect(await answer(first)).toEqual({ accepted: false, errors: [{ code: 'LINK_INVALID', field: 'token' }] });
    app.clock.advance((app.config.INVITATION_TTL_SECONDS + 1) * 1000);
    try {
      expect(await answer(second)).toEqual({ accepted: false, errors: [{ code: 'LINK_INVALID', field: 'token' }] });
    } finally {
      app.clock.reset();
    }
    expect(await answer('Z'.repeat(43))).toEqual({
      accepted: false,
      errors: [{ code: 'LINK_INVALID', field: 'token' }],
    });
    expect(await app.sql(`select count(*)::int as n from app_user where email = $1`, [email])).toEqual([{ n: 0 }]);
  });

  it('lets one of two concurrent acceptances of a link win', async () => {
    const org = await organization();
    const email = `race-${randomUUID()}@team.example`;
    const token = await invite(org.client, org.orgId, email);
    const answers = (
      await Promise.all(
        ['Racer One', 'Racer Two'].map((displayName) =>
          app.anonymous.gql(ACCEPT, { i: { token, displayName, password: PASSWORD } }),
        ),
      )
    ).map((r) => expectNoErrors(r).acceptInvitation);
    expect(answers.filter((a) => a.accepted)).toHaveLength(1);
    expect(answers.find((a) => !a.accepted)?.errors).toEqual([{ code: 'LINK_INVALID', field: 'token' }]);
    expect(await app.sql(`select count(*)::int as n from app_user where email = $1`, [email])).toEqual([{ n: 1 }]);
    expect(
      await app.sql(
        `select count(*)::int as n from role_grant g join app_user u on u.id = g.user_id where u.email = $1`,
        [email],
      ),
    ).toEqual([{ n: 1 }]);
  });

  it("refuses another organisation's administrator, a plain member and a stranger", async () => {
    const org = await organization();
    const other = await organization();
    const plain = await join(org.client, org.orgId);
    const i = { organizationId: org.orgId, email: `x-${randomUUID()}@team.example`, role: 'ADMIN' };
    for (const c of [other.client, plain.client]) {
      expect(code(await c.gql(INVITE, { i }))).toBe('FORBIDDEN');
      expect(code(await c.gql(CHANGE, { i: { organizationId: org.orgId, userId: plain.userId, role: 'ADMIN' } }))).toBe(
        'FORBIDDEN',
      );
      expect(code(await c.gql(REMOVE, { i: { organizationId: org.orgId, userId: plain.userId } }))).toBe('FORBIDDEN');
      expect(
        code(await c.gql('query($id: String!) { teamInvitations(organizationId: $id) { id } }', { id: org.orgId })),
      ).toBe('FORBIDDEN');
    }
    expect(code(await other.client.gql(MEMBERS, { id: org.orgId }))).toBe('FORBIDDEN');
    expect(code(await app.anonymous.gql(INVITE, { i }))).toBe('UNAUTHENTICATED');
    // An administrator cannot act on another organisation's member through its own organisation.
    const outsider = await join(other.client, other.orgId);
    const notMine = expectNoErrors(
      await org.client.gql(REMOVE, { i: { organizationId: org.orgId, userId: outsider.userId } }),
    );
    expect(notMine.removeMember.errors).toEqual([{ code: 'NOT_FOUND', field: 'userId' }]);
    expect((await members(other.client, other.orgId)).length).toBe(2);
    expect(await app.sql(`select count(*)::int as n from invitation where email = $1`, [i.email])).toEqual([{ n: 0 }]);
  });

  it('never leaves an organisation without an administrator, also when two admins demote each other at once', async () => {
    const org = await organization();
    const self = expectNoErrors(await org.client.gql('{ me { id } }')).me.id;
    expect(
      expectNoErrors(await org.client.gql(REMOVE, { i: { organizationId: org.orgId, userId: self } })).removeMember
        .errors,
    ).toEqual([{ code: 'LAST_ORG_ADMIN', field: 'userId' }]);
    expect(
      expectNoErrors(await org.client.gql(CHANGE, { i: { organizationId: org.orgId, userId: self, role: 'MEMBER' } }))
        .changeMemberRole.errors,
    ).toEqual([{ code: 'LAST_ORG_ADMIN', field: 'userId' }]);

    const second = await join(org.client, org.orgId, 'ADMIN');
    const [a, b] = await Promise.all([
      org.client.gql(CHANGE, { i: { organizationId: org.orgId, userId: second.userId, role: 'MEMBER' } }),
      second.client.gql(CHANGE, { i: { organizationId: org.orgId, userId: self, role: 'MEMBER' } }),
    ]);
    // One demotion wins; the other is refused (no administrator left to demote, or no longer one).
    const outcomes = [a, b].map((r) => code(r) ?? r.data?.changeMemberRole.errors[0]?.code ?? 'OK');
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'OK')[0]).toMatch(/LAST_ORG_ADMIN|FORBIDDEN|UNAUTHENTICATED/);
    const [{ n }] = await app.sql<{ n: number }>(
      `select count(*)::int as n from role_grant g join membership m on m.organization_id = g.organization_id and m.user_id = g.user_id
        where g.role = 'ORG_ADMIN' and g.organization_id = (select organization_id from membership m2 join app_user u on u.id = m2.user_id where u.email = $1)`,
      [org.email],
    );
    expect(n).toBe(1);
  });

  it('promotes, demotes and removes a member: audited, and the removed member is signed out and loses access', async () => {
    const org = await organization();
    const colleague = await join(org.client, org.orgId);
    const up = expectNoErrors(
      await org.client.gql(CHANGE, { i: { organizationId: org.orgId, userId: colleague.userId, role: 'ADMIN' } }),
    ).changeMemberRole;
    expect(up).toEqual({ member: { email: colleague.email, role: 'ADMIN' }, errors: [] });
    // The same role again changes nothing (no second audit event).
    expectNoErrors(
      await org.client.gql(CHANGE, { i: { organizationId: org.orgId, userId: colleague.userId, role: 'ADMIN' } }),
    );
    const down = expectNoErrors(
      await org.client.gql(CHANGE, { i: { organizationId: org.orgId, userId: colleague.userId, role: 'MEMBER' } }),
    ).changeMemberRole;
    expect(down).toEqual({ member: { email: colleague.email, role: 'MEMBER' }, errors: [] });
    // A demotion ends the member's sessions, like any role revoked.
    expect(code(await colleague.client.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    const again = await app.login(colleague.email, PASSWORD);
    expect((await members(again, org.orgId)).length).toBe(2);

    const removed = expectNoErrors(
      await org.client.gql(REMOVE, { i: { organizationId: org.orgId, userId: colleague.userId } }),
    ).removeMember;
    expect(removed).toEqual({ organization: { id: org.orgId }, errors: [] });
    expect(code(await again.gql('{ me { id } }'))).toBe('UNAUTHENTICATED');
    const back = await app.login(colleague.email, PASSWORD);
    expect(expectNoErrors(await back.gql('{ me { organizations { id } roles { role } } }')).me).toEqual({
      organizations: [],
      roles: [],
    });
    expect(code(await back.gql(MEMBERS, { id: org.orgId }))).toBe('FORBIDDEN');
    const colleagueDb = (await app.sql(`select id::text from app_user where email = $1`, [colleague.email]))[0]!.id;
    const events = await app.sql(
      `select action, after->>'role' as granted, before->>'role' as revoked from audit_event
        where (action in ('role.grant', 'role.revoke') and coalesce(after->>'userId', before->>'userId') = $1)
           or (action = 'team.remove' and before->>'userId' = $1)
        order by seq`,
      [colleagueDb],
    );
    expect(events).toEqual([
      { action: 'role.grant', granted: 'NGO', revoked: null },
      { action: 'role.grant', granted: 'ORG_ADMIN', revoked: null },
      { action: 'role.revoke', granted: null, revoked: 'ORG_ADMIN' },
      { action: 'role.revoke', granted: null, revoked: 'NGO' },
      { action: 'team.remove', granted: null, revoked: null },
    ]);
  });
});
