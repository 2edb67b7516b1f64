import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { auditActor, recordAudit, type AuditActor } from '../audit/audit.service';
import { authorize } from '../auth/policy';
import { assertStrongPassword, hashPassword } from '../auth/password';
import { SessionEnd } from '../auth/session.entity';
import { endSessions } from '../auth/session.service';
import { DomainError, ErrorCode, ForbiddenError } from '../core/errors';
import { getByGlobalId } from '../db/find';
import { Organization, OrganizationKind } from '../organizations/organization.entity';
import type { Acting, Anyone } from '../services';
import { digest, newLinkToken, portalLink, sendAfterAnswer } from '../users/account-mail';
import { Language, Membership, Role, RoleGrant, User } from '../users/user.entity';
import { Invitation, TeamRole } from './invitation.entity';
import { invitationMail } from './invitation.mail';
import { canManageTeam, canReadTeam } from './team.policy';
import { orgAdminCount, teamMembers, type TeamMemberRow } from './team.repository';

/**
 * Teams (issue 13): an organisation's ORG_ADMINs invite colleagues by e-mail, change their team
 * role and remove them; never the last administrator. Every change takes the organisation's row
 * lock first, so two admins demoting or removing each other at once cannot both succeed.
 */

const memberRole = (org: Organization) => (org.kind === OrganizationKind.NGO ? Role.NGO : Role.DONOR);

async function lockOrganization(tx: EntityManager, organizationId: string): Promise<Organization> {
  return getByGlobalId(tx, Organization, 'Organization', organizationId, 'organizationId', {
    lockMode: LockMode.PESSIMISTIC_WRITE,
  });
}

/**
 * The team rule, asked under the organisation's lock against the grants as they are now: an
 * administrator demoted or removed by a concurrent request cannot go on with grants read before.
 */
async function authorizeTeam(tx: EntityManager, ctx: Acting, organizationId: string): Promise<Role | 'SELF'> {
  const role = authorize(canManageTeam(ctx.actor, organizationId));
  if (role !== Role.ORG_ADMIN) return role;
  const live = await tx.count(RoleGrant, {
    user: ctx.actor.userId,
    organization: organizationId,
    role: Role.ORG_ADMIN,
  });
  if (!live) throw new ForbiddenError("Only the organisation's administrators manage its team.");
  return role;
}

export async function listTeam(ctx: Acting, organizationId: string): Promise<TeamMemberRow[]> {
  const org = await getByGlobalId(ctx.em, Organization, 'Organization', organizationId, 'organizationId');
  authorize(canReadTeam(ctx.actor, org.id));
  return teamMembers(ctx.em, org.id);
}

export async function listInvitations(ctx: Acting, organizationId: string): Promise<Invitation[]> {
  const org = await getByGlobalId(ctx.em, Organization, 'Organization', organizationId, 'organizationId');
  authorize(canManageTeam(ctx.actor, org.id));
  return ctx.em.find(Invitation, { organization: org }, { orderBy: { id: 'desc' }, limit: 100 });
}

/**
 * Invites an address to the team with a role; an earlier invitation to the same address is
 * revoked. Someone already in the team answers ALREADY_MEMBER. The e-mail (in `language`, else the
 * inviter's) leaves after the answer and carries the only copy of the token.
 */
export async function inviteMember(
  ctx: Acting,
  input: { organizationId: string; email: string; role: TeamRole; language?: Language | null },
): Promise<Invitation> {
  const email = input.email.trim().toLowerCase();
  const now = ctx.app.clock.now();
  const token = newLinkToken();
  const { invitation, inviter, org } = await ctx.em.transactional(async (tx) => {
    const org = await lockOrganization(tx, input.organizationId);
    const role = await authorizeTeam(tx, ctx, org.id);
    const members = await teamMembers(tx, org.id);
    if (members.some((m) => m.email === email)) {
      throw new DomainError(ErrorCode.ALREADY_MEMBER, `${email} is already a member of the organisation.`, 'email');
    }
    await tx.execute(
      `update invitation set revoked_at = ? where organization_id = ? and email = ? and accepted_at is null and revoked_at is null`,
      [now, org.id, email],
    );
    const inviter = await tx.findOneOrFail(User, ctx.actor.userId);
    const ttl = ctx.app.config.INVITATION_TTL_SECONDS * 1000;
    const invitation = new Invitation(
      org,
      email,
      input.role,
      inviter,
      digest(token),
      now,
      new Date(now.getTime() + ttl),
    );
    tx.persist(invitation);
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'team.invite',
      entityType: 'Organization',
      entityId: org.id,
      after: { invitationId: invitation.id, email, role: input.role },
    });
    return { invitation, inviter, org };
  });
  const language = input.language ?? inviter.preferredLanguage;
  const link = portalLink(ctx.app.config.PUBLIC_URL, '/accept-invitation', token);
  const days = Math.max(1, Math.round(ctx.app.config.INVITATION_TTL_SECONDS / 86400));
  sendAfterAnswer(ctx, invitationMail(language, email, inviter.displayName, org.legalName, link, days), 'invitation');
  return invitation;
}

/**
 * Accepts an invitation with its token: once, before it expires. The address's account is
 * linked (it exists) or created (a display name and a strong password are then required); either
 * way the address counts as verified (the link reached it). The member role of the organisation's
 * kind is granted, and ORG_ADMIN for an ADMIN invitation. Two concurrent uses: one wins.
 */
export async function acceptInvitation(
  ctx: Anyone,
  input: { token: string; displayName?: string | null; password?: string | null },
): Promise<{ organization: Organization; user: User }> {
  const now = ctx.app.clock.now();
  const invalid = () =>
    new DomainError(ErrorCode.LINK_INVALID, 'This invitation is no longer valid; ask for a new one.', 'token');
  // Checked before the password is hashed, so a dead link says so whatever the password.
  const probe = await ctx.em.fork().findOne(Invitation, { tokenHash: digest(input.token) });
  if (!probe || probe.acceptedAt || probe.revokedAt || probe.expiresAt <= now) throw invalid();
  const existing = await ctx.em.fork().findOne(User, { email: probe.email });
  if (existing && !existing.active) throw invalid();
  let passwordHash: string | null = null;
  if (!existing) {
    const displayName = input.displayName?.trim() ?? '';
    if (!displayName) throw new DomainError(ErrorCode.INVALID_VALUE, 'Give your name.', 'displayName');
    assertStrongPassword(input.password ?? '', [probe.email, displayName], 'password');
    passwordHash = await hashPassword(input.password ?? '');
  }
  return ctx.em.fork().transactional(async (tx) => {
    const inv = await tx.findOne(
      Invitation,
      { tokenHash: digest(input.token) },
      { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['organization'] },
    );
    if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt <= now) throw invalid();
    const org = inv.organization;
    let user = await tx.findOne(User, { email: inv.email });
    const created = !user;
    if (!user) {
      if (!passwordHash) throw invalid();
      user = new User(inv.email, input.displayName?.trim() ?? '', passwordHash);
      tx.persist(user);
    } else if (!user.active) throw invalid();
    user.emailVerifiedAt ??= now;
    inv.acceptedAt = now;
    inv.acceptedBy = user;
    const roles = [memberRole(org), ...(inv.role === TeamRole.ADMIN ? [Role.ORG_ADMIN] : [])];
    const grants: RoleGrant[] = [];
    for (const role of roles) {
      if (await tx.count(RoleGrant, { user, role, organization: org })) continue;
      const g = new RoleGrant(user, role, null, org);
      tx.persist(g);
      grants.push(g);
    }
    if (!(await tx.count(Membership, { user, organization: org }))) tx.persist(new Membership(user, org));
    await tx.flush();
    const audit: AuditActor = { actorId: user.id, actorRole: 'SELF', requestId: ctx.requestId };
    await recordAudit(tx, audit, [
      ...(created
        ? [
            {
              action: 'user.create',
              entityType: 'User',
              entityId: user.id,
              after: { email: user.email, displayName: user.displayName, active: true },
            },
          ]
        : []),
      {
        action: 'team.accept',
        entityType: 'Organization',
        entityId: org.id,
        after: { invitationId: inv.id, userId: user.id, role: inv.role },
      },
      ...grants.map((g) => ({
        action: 'role.grant',
        entityType: 'RoleGrant',
        entityId: g.id,
        after: { userId: user.id, role: g.role, organizationId: org.id },
      })),
    ]);
    return { organization: org, user };
  });
}

async function memberOrFail(tx: EntityManager, org: Organization, userId: string): Promise<TeamMemberRow> {
  const target = await getByGlobalId(tx, User, 'User', userId, 'userId');
  const row = (await teamMembers(tx, org.id)).find((m) => m.id === target.id);
  if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'This user is not a member of the organisation.', 'userId');
  return row;
}

const lastAdmin = () =>
  new DomainError(
    ErrorCode.LAST_ORG_ADMIN,
    'The organisation would be left without an administrator: name another one first.',
    'userId',
  );

/**
 * Makes a member an administrator (grants ORG_ADMIN) or a plain member (revokes it; their sessions
 * end, as for any role revoked). The last active administrator cannot be made a plain member.
 * Asking for the role the member has changes nothing.
 */
export async function changeMemberRole(
  ctx: Acting,
  input: { organizationId: string; userId: string; role: TeamRole },
): Promise<TeamMemberRow> {
  return ctx.em.transactional(async (tx) => {
    const org = await lockOrganization(tx, input.organizationId);
    const actorRole = await authorizeTeam(tx, ctx, org.id);
    const member = await memberOrFail(tx, org, input.userId);
    const audit = auditActor(ctx, actorRole);
    if (input.role === TeamRole.ADMIN && !member.admin) {
      const g = new RoleGrant(tx.getReference(User, member.id), Role.ORG_ADMIN, null, org);
      tx.persist(g);
      await tx.flush();
      await recordAudit(tx, audit, {
        action: 'role.grant',
        entityType: 'RoleGrant',
        entityId: g.id,
        after: { userId: member.id, role: Role.ORG_ADMIN, organizationId: org.id },
      });
    } else if (input.role === TeamRole.MEMBER && member.admin) {
      if ((await orgAdminCount(tx, org.id)) <= 1) throw lastAdmin();
      await revokeGrants(tx, audit, org.id, member.id, [Role.ORG_ADMIN]);
      await endSessions(tx, audit, member.id, SessionEnd.ROLE_REVOKED, ctx.app.clock.now());
    } else return member;
    return { ...member, admin: input.role === TeamRole.ADMIN };
  });
}

/**
 * Removes a member from the team: every role it holds on the organisation and its membership go,
 * its sessions end. Never the last active administrator (an administrator may leave once another
 * one exists).
 */
export async function removeMember(
  ctx: Acting,
  input: { organizationId: string; userId: string },
): Promise<Organization> {
  return ctx.em.transactional(async (tx) => {
    const org = await lockOrganization(tx, input.organizationId);
    const actorRole = await authorizeTeam(tx, ctx, org.id);
    const member = await memberOrFail(tx, org, input.userId);
    if (member.admin && member.active && (await orgAdminCount(tx, org.id)) <= 1) throw lastAdmin();
    const audit = auditActor(ctx, actorRole);
    await revokeGrants(tx, audit, org.id, member.id, null);
    await tx.execute(`delete from membership where user_id = ? and organization_id = ?`, [member.id, org.id]);
    await recordAudit(tx, audit, {
      action: 'team.remove',
      entityType: 'Organization',
      entityId: org.id,
      before: { userId: member.id, member: true, admin: member.admin },
      after: { userId: member.id, member: false },
    });
    await endSessions(tx, audit, member.id, SessionEnd.ROLE_REVOKED, ctx.app.clock.now());
    return org;
  });
}

/** Deletes the user's grants on the organisation (only `roles`, or all), one audit event each. */
async function revokeGrants(
  tx: EntityManager,
  audit: AuditActor,
  organizationId: string,
  userId: string,
  roles: Role[] | null,
): Promise<void> {
  const grants = await tx.find(RoleGrant, {
    user: userId,
    organization: organizationId,
    ...(roles ? { role: { $in: roles } } : {}),
  });
  for (const g of grants) tx.remove(g);
  await tx.flush();
  await recordAudit(
    tx,
    audit,
    grants.map((g) => ({
      action: 'role.revoke',
      entityType: 'RoleGrant',
      entityId: g.id,
      before: { userId, role: g.role, fundId: null, organizationId },
    })),
  );
}
