import { ScreeningTrigger } from '../sanctions/sanctions.entity';
import { newId } from '../core/ids';
import { screeningDeps } from '../sanctions/sanctions.service';
import { screenOrganization } from '../sanctions/screening.service';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Actor, Grant } from '../auth/actor';
import { assertStrongPassword, dummyPasswordHash, hashPassword, verifyPassword } from '../auth/password';
import { authorize } from '../auth/policy';
import { enforce } from '../auth/enforce';
import { appendAuditNow, auditActor, type AuditActor, recordAudit } from '../audit/audit.service';
import { getByGlobalId } from '../db/find';
import { Fund } from '../funds/fund.entity';
import type { Acting, Anyone } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { Organization, OrganizationKind } from '../organizations/organization.entity';
import { newOrganization, snapshot as orgSnapshot } from '../organizations/organization.service';
import { notify } from '../notifications/notification.service';
import { endSessions, startSession, type IssuedSession } from '../auth/session.service';
import { SessionEnd } from '../auth/session.entity';
import { hasSecondFactor, openLoginChallenge } from '../auth/two-factor.service';
import { Language, Membership, Role, RoleGrant, User } from './user.entity';
import { canManageUsers, canRevokeGrant, canSetUserActive } from './user.policy';
import { issueEmailVerification, sendVerification } from './verification.service';
import { requireStepUp, StepUpAction } from '../auth/step-up';
import type {
  CreateUserInput,
  GrantRoleInput,
  LoginInput,
  RegisterOrganizationInput,
  RevokeRoleInput,
  UserActionInput,
} from './user.types';

/**
 * Loads what a request needs to know about its caller: active user, grants, memberships. With a
 * session id, the session must belong to the user, be live (not revoked, not past its absolute
 * lifetime at `now`), or the caller is nobody: a revoked session's access tokens stop at once.
 */
export async function loadActor(
  em: EntityManager,
  userId: string,
  session?: { id: string; now: Date },
): Promise<Actor | null> {
  // One statement on every authenticated request: the user, its role grants and its memberships.
  // A membership counts only while a role grant on that organisation is live: rights come from grants.
  const [row] = await em.execute<
    {
      id: string;
      email: string;
      verified: boolean;
      grants: Grant[] | null;
      memberships: string[] | null;
      second_factor_at: Date | null;
    }[]
  >(
    `select u.id, u.email, u.email_verified_at is not null as verified,${session ? ' (select s.second_factor_at from auth_session s where s.id = ?) as second_factor_at,' : ' null as second_factor_at,'}
       (select json_agg(json_build_object('role', g.role, 'fundId', g.fund_id, 'organizationId', g.organization_id)
                        order by g.id) from role_grant g where g.user_id = u.id) as grants,
       (select json_agg(m.organization_id order by m.id) from membership m where m.user_id = u.id
          and exists (select 1 from role_grant g where g.user_id = u.id and g.organization_id = m.organization_id)
       ) as memberships
     from app_user u where u.id = ? and u.active${
       session
         ? ` and exists (select 1 from auth_session s where s.id = ? and s.user_id = u.id
                and s.revoked_at is null and s.expires_at > ?)`
         : ''
     }`,
    session ? [session.id, userId, session.id, session.now] : [userId],
  );
  if (!row) return null;
  return {
    userId: row.id,
    email: row.email,
    emailVerified: row.verified,
    grants: row.grants ?? [],
    memberships: row.memberships ?? [],
    sessionId: session?.id ?? null,
    secondFactorAt: row.second_factor_at ? new Date(row.second_factor_at) : null,
  };
}

/**
 * Exchanges e-mail and password for a new session: a short-lived access token bound to it and a
 * refresh token (see src/auth/session.service.ts). A user with a second factor gets a login
 * challenge instead, which `completeLogin` exchanges for the session with a code or a passkey. The session row, its first refresh token and the
 * audit event commit together.
 */
export async function login(
  ctx: Anyone,
  input: LoginInput,
  userAgent: string | null,
): Promise<(IssuedSession & { user: User }) | { secondFactor: { challengeToken: string; expiresAt: Date } }> {
  const email = input.email.trim().toLowerCase();
  const em = ctx.em;
  // Throttled per account and per client address (HTTP 429 RATE_LIMITED): delays, never a lock.
  await ctx.app.rateLimits.beforeLogin(email, ctx.clientAddress);
  const user = await em.findOne(User, { email, active: true });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
  if (!user || !ok) {
    await ctx.app.rateLimits.loginFailed(email, ctx.clientAddress);
    ctx.log.warn({ event: 'login_failed' }, 'login failed');
    throw new DomainError(ErrorCode.INVALID_CREDENTIALS, 'Email or password is wrong.', null);
  }
  await ctx.app.rateLimits.loginSucceeded(email, ctx.clientAddress);
  if (await hasSecondFactor(em, user.id)) {
    // The password was right; the session starts only after the second step (`completeLogin`).
    return em.transactional(async (tx) => {
      const challenge = await openLoginChallenge(tx, ctx.app, user, userAgent);
      await recordAudit(
        tx,
        { actorId: user.id, actorRole: 'SELF', requestId: ctx.requestId },
        { action: 'user.loginChallenge', entityType: 'User', entityId: user.id },
      );
      return { secondFactor: challenge };
    });
  }
  const issued = await em.transactional(async (tx) => {
    const started = await startSession(tx, ctx.app, user, userAgent);
    await recordAudit(
      tx,
      { actorId: user.id, actorRole: 'SELF', requestId: ctx.requestId },
      {
        action: 'user.login',
        entityType: 'User',
        entityId: user.id,
        after: { sessionId: started.session.id },
      },
    );
    return started;
  });
  return { ...issued, user };
}

async function newUser(tx: EntityManager, email: string, displayName: string, password: string): Promise<User> {
  const normalized = email.trim().toLowerCase();
  assertStrongPassword(password, [normalized, displayName]);
  if (await tx.count(User, { email: normalized })) {
    throw new DomainError(ErrorCode.EMAIL_TAKEN, 'This email address is already registered.', 'email');
  }
  const user = new User(normalized, displayName, await hashPassword(password));
  tx.persist(user);
  return user;
}

function userSnapshot(u: User) {
  return { email: u.email, displayName: u.displayName, active: u.active };
}

/** Unique violations from a concurrent duplicate become the same business error. */
async function uniqueEmail<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof UniqueConstraintViolationException) {
      throw new DomainError(ErrorCode.EMAIL_TAKEN, 'This email address is already registered.', 'email');
    }
    throw e;
  }
}

/**
 * Public registration. The answer is the same whether or not the address is already registered
 * (no user enumeration): a new address gets its organisation and first user; a known one gets
 * nothing written but a notification (mailed when SMTP is configured) telling its owner that
 * someone tried to register with it. Both paths hash the password and do the same writes (the
 * known address's are rolled back), so their timing matches too.
 */
export async function registerOrganization(ctx: Anyone, input: RegisterOrganizationInput): Promise<{ accepted: true }> {
  await ctx.app.rateLimits.beforeRegistration(ctx.clientAddress);
  const email = input.email.trim().toLowerCase();
  assertStrongPassword(input.password, [email, input.displayName]);
  const passwordHash = await hashPassword(input.password);
  let verification: string | null = null;
  try {
    await ctx.em.transactional(async (tx) => {
      // A known address goes through the same work under a throw-away address, then rolls back:
      // the answer's timing does not tell the two apart either.
      const known = (await tx.count(User, { email })) > 0;
      const user = new User(known ? `${newId()}@registration.invalid` : email, input.displayName, passwordHash);
      user.preferredLanguage = input.preferredLanguage ?? Language.EN;
      tx.persist(user);
      const org = newOrganization(tx, {
        kind: input.kind,
        legalName: input.legalName,
        country: input.country,
        registrationNumber: input.registrationNumber,
      });
      const role = input.kind === OrganizationKind.NGO ? Role.NGO : Role.DONOR;
      tx.persist(new Membership(user, org));
      const grant = new RoleGrant(user, role, null, org);
      // The registering user administers the organisation's team (invites, removes colleagues).
      const admin = new RoleGrant(user, Role.ORG_ADMIN, null, org);
      tx.persist([grant, admin]);
      const now = ctx.app.clock.now();
      const token = await issueEmailVerification(tx, user, now, ctx.app.config.EMAIL_VERIFICATION_TTL_SECONDS);
      await tx.flush();
      const actor = { actorId: user.id, actorRole: role, requestId: ctx.requestId };
      await recordAudit(tx, actor, [
        { action: 'organization.register', entityType: 'Organization', entityId: org.id, after: orgSnapshot(org) },
        { action: 'user.create', entityType: 'User', entityId: user.id, after: userSnapshot(user) },
        {
          action: 'role.grant',
          entityType: 'RoleGrant',
          entityId: grant.id,
          after: { userId: user.id, role, organizationId: org.id },
        },
        {
          action: 'role.grant',
          entityType: 'RoleGrant',
          entityId: admin.id,
          after: { userId: user.id, role: Role.ORG_ADMIN, organizationId: org.id },
        },
      ]);
      await screenOrganization(tx, screeningDeps(ctx), actor, org, ScreeningTrigger.REGISTRATION);
      if (known) {
        // The same chain append as the commit of a new address, then rolled back with the rest.
        await appendAuditNow(tx);
        throw new EmailTaken();
      }
      verification = token;
    });
  } catch (e) {
    // A concurrent registration of the same address loses on the unique index: same neutral answer.
    if (!(e instanceof EmailTaken) && !(e instanceof UniqueConstraintViolationException)) throw e;
    await tellOwnerOfRegistrationAttempt(ctx, email, input.legalName);
  }
  if (verification) sendVerification(ctx, verification, { email, language: input.preferredLanguage ?? Language.EN });
  return { accepted: true };
}

/** Rolls back the rehearsal of a registration for an address that already has an account. */
class EmailTaken extends Error {}

/** One message a day at most per address, so the form cannot be used to flood someone's inbox. */
async function tellOwnerOfRegistrationAttempt(ctx: Anyone, email: string, legalName: string): Promise<void> {
  const owner = await ctx.em.fork().findOne(User, { email });
  if (!owner) return;
  const day = ctx.app.clock.now().toISOString().slice(0, 10);
  await notify(ctx.em.fork(), {
    userId: owner.id,
    kind: 'REGISTRATION_ATTEMPT',
    subject: 'Someone tried to register with your e-mail address',
    body:
      `Someone asked to register the organisation "${legalName.slice(0, 200)}" with your e-mail address, ` +
      'which already has an account. Nothing was created. If it was you, sign in with your existing ' +
      'password; if it was not, you can ignore this message.',
    entityType: null,
    entityId: null,
    dedupeKey: `registration-attempt:${owner.id}:${day}`,
  });
}

export async function createUser(ctx: Acting, input: CreateUserInput): Promise<User> {
  const role = authorize(canManageUsers(ctx.actor));
  return uniqueEmail(() =>
    ctx.em.transactional(async (tx) => {
      const user = await newUser(tx, input.email, input.displayName, input.password);
      // An administrator creates staff accounts for addresses the fund knows: counted as verified.
      user.emailVerifiedAt = ctx.app.clock.now();
      await tx.flush();
      await recordAudit(tx, auditActor(ctx, role), {
        action: 'user.create',
        entityType: 'User',
        entityId: user.id,
        after: userSnapshot(user),
      });
      return user;
    }),
  );
}

const FUND_SCOPED = new Set([Role.SECRETARIAT, Role.BOARD_MEMBER]);
const ORG_SCOPED: Partial<Record<Role, OrganizationKind>> = {
  [Role.NGO]: OrganizationKind.NGO,
  [Role.DONOR]: OrganizationKind.DONOR,
};

export async function grantRole(ctx: Acting, input: GrantRoleInput): Promise<{ grant: RoleGrant; user: User }> {
  const actorRole = authorize(canManageUsers(ctx.actor));
  return ctx.em.transactional(async (tx) => {
    const user = await getByGlobalId(tx, User, 'User', input.userId, 'userId', {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    const fund = input.fundId ? await getByGlobalId(tx, Fund, 'Fund', input.fundId, 'fundId') : null;
    const org = input.organizationId
      ? await getByGlobalId(tx, Organization, 'Organization', input.organizationId, 'organizationId')
      : null;
    if (FUND_SCOPED.has(input.role) && !fund) {
      throw new DomainError(ErrorCode.INVALID_VALUE, `${input.role} is granted for one fund.`, 'fundId');
    }
    const kind = ORG_SCOPED[input.role];
    if (kind && org?.kind !== kind) {
      throw new DomainError(
        ErrorCode.INVALID_VALUE,
        `${input.role} needs an organisation of kind ${kind}.`,
        'organizationId',
      );
    }
    if (input.role === Role.ORG_ADMIN && (!org || fund)) {
      throw new DomainError(ErrorCode.INVALID_VALUE, 'ORG_ADMIN is granted on one organisation.', 'organizationId');
    }
    if (!kind && org && input.role !== Role.ORG_ADMIN)
      throw new DomainError(
        ErrorCode.INVALID_VALUE,
        `${input.role} is not scoped to an organisation.`,
        'organizationId',
      );
    const existing = await tx.findOne(RoleGrant, { user, role: input.role, fund, organization: org });
    if (existing) return { grant: existing, user };
    // A grant on one fund follows that fund's policy; a global one, the strictest.
    await requireStepUp(tx, ctx, StepUpAction.GRANT_ROLE, fund ? [fund.id] : null);
    const grant = new RoleGrant(user, input.role, fund, org);
    tx.persist(grant);
    if (org && !(await tx.count(Membership, { user, organization: org }))) tx.persist(new Membership(user, org));
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, actorRole), {
      action: 'role.grant',
      entityType: 'RoleGrant',
      entityId: grant.id,
      fundId: fund?.id ?? null,
      after: { userId: user.id, role: input.role, fundId: fund?.id ?? null, organizationId: org?.id ?? null },
    });
    return { grant, user };
  });
}

export async function revokeRole(ctx: Acting, input: RevokeRoleInput): Promise<{ user: User }> {
  const actorRole = authorize(canManageUsers(ctx.actor));
  return ctx.em.transactional(async (tx) => {
    const grant = await getByGlobalId(tx, RoleGrant, 'RoleGrant', input.grantId, 'grantId', {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    enforce(canRevokeGrant(ctx.actor, grant));
    const before = {
      userId: grant.user.id,
      role: grant.role,
      fundId: grant.fund?.id ?? null,
      organizationId: grant.organization?.id ?? null,
    };
    const user = await tx.findOneOrFail(User, grant.user.id);
    tx.remove(grant);
    await tx.flush();
    const audit = auditActor(ctx, actorRole);
    await recordAudit(tx, audit, {
      action: 'role.revoke',
      entityType: 'RoleGrant',
      entityId: grant.id,
      fundId: before.fundId,
      before,
    });
    if (grant.organization) await endMembershipWithoutRole(tx, audit, user, grant.organization.id);
    // Rights are read on every request anyway; ending the sessions also signs out every device that
    // was using the role, so a revoked trustee or secretary is not left signed in anywhere.
    await endSessions(tx, audit, user.id, SessionEnd.ROLE_REVOKED, ctx.app.clock.now());
    return { user };
  });
}

/** The organisation's own roles: a membership rests on one of them. */
const MEMBER_ROLES: readonly Role[] = [Role.NGO, Role.DONOR];

/**
 * The last organisation role (NGO or DONOR) on an organisation gone, the membership goes too, and
 * with it the member's rights and any ORG_ADMIN grant there (administering a team one no longer
 * belongs to is no right), each audited.
 */
async function endMembershipWithoutRole(tx: EntityManager, audit: AuditActor, user: User, organizationId: string) {
  const left = await tx.find(RoleGrant, { user, organization: organizationId });
  if (left.some((g) => MEMBER_ROLES.includes(g.role))) return;
  for (const g of left) tx.remove(g);
  await tx.flush();
  if (left.length) {
    await recordAudit(
      tx,
      audit,
      left.map((g) => ({
        action: 'role.revoke',
        entityType: 'RoleGrant',
        entityId: g.id,
        before: { userId: user.id, role: g.role, fundId: null, organizationId },
        after: { reason: 'membership ended' },
      })),
    );
  }
  const membership = await tx.findOne(Membership, { user, organization: organizationId });
  if (!membership) return;
  tx.remove(membership);
  await tx.flush();
  await recordAudit(tx, audit, {
    action: 'membership.end',
    entityType: 'Organization',
    entityId: organizationId,
    before: { userId: user.id, member: true },
    after: { userId: user.id, member: false },
  });
}

/**
 * Switches a user off or on. Switching off ends every session of the user (its access and refresh
 * tokens are refused from the next request on); switching on again does not revive them, the user
 * signs in again. Repeating the same switch changes nothing.
 */
export async function setUserActive(ctx: Acting, input: UserActionInput, active: boolean): Promise<User> {
  const actorRole = authorize(canManageUsers(ctx.actor));
  return ctx.em.transactional(async (tx) => {
    const user = await getByGlobalId(tx, User, 'User', input.userId, 'userId', {
      lockMode: LockMode.PESSIMISTIC_WRITE,
    });
    enforce(canSetUserActive(ctx.actor, user, active));
    if (user.active === active) return user;
    user.active = active;
    await tx.flush();
    const audit = auditActor(ctx, actorRole);
    await recordAudit(tx, audit, {
      action: active ? 'user.reactivate' : 'user.deactivate',
      entityType: 'User',
      entityId: user.id,
      before: { active: !active },
      after: { active },
    });
    // Deactivation ends every session: reactivating does not bring them back.
    if (!active) await endSessions(tx, audit, user.id, SessionEnd.DEACTIVATED, ctx.app.clock.now());
    return user;
  });
}
