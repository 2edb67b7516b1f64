import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { assertStrongPassword, hashPassword } from '../auth/password';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import { Role, RoleGrant, User } from './user.entity';

export const ADMIN_CLI_ACTOR: AuditActor = { actorId: null, actorRole: 'system:admin-create', requestId: null };

export interface FirstAdminInput {
  email: string;
  displayName: string;
  /** Unset: a random password is generated and returned once. */
  password?: string;
  /** Create (or promote) one although an administrator exists. */
  force: boolean;
}

export type FirstAdminResult =
  | { outcome: 'created'; user: User; password: string; generated: boolean }
  | { outcome: 'promoted'; user: User }
  | { outcome: 'refused'; reason: string };

/**
 * The way into a new deployment: production refuses demo data and only an ADMIN creates users.
 * Refuses when an active administrator exists unless forced; audited like a createUser + grantRole.
 */
export async function createFirstAdmin(orm: MikroORM, input: FirstAdminInput): Promise<FirstAdminResult> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    return { outcome: 'refused', reason: `"${input.email}" is not an e-mail address.` };
  const generated = input.password === undefined;
  const password = input.password ?? randomBytes(18).toString('base64url');
  assertStrongPassword(password, [email, input.displayName]);
  return orm.em.fork().transactional(async (tx): Promise<FirstAdminResult> => {
    // Two operators running the command at once: one creates, the other finds the admin.
    await tx.execute('select pg_advisory_xact_lock(?)', [7_240_011]);
    const admins = await tx.find(RoleGrant, { role: Role.ADMIN, user: { active: true } }, { populate: ['user'] });
    if (admins.length && !input.force) {
      const who = admins.map((g) => g.user.email).join(', ');
      return { outcome: 'refused', reason: `An administrator exists (${who}); add --force to create another.` };
    }
    const existing = await tx.findOne(User, { email });
    if (existing && !input.force) {
      return { outcome: 'refused', reason: `${email} is already registered; add --force to make it an administrator.` };
    }
    const user = existing ?? new User(email, input.displayName, await hashPassword(password));
    // The operator at the server's console vouches for the address.
    user.emailVerifiedAt ??= new Date();
    tx.persist(user);
    const grant = new RoleGrant(user, Role.ADMIN, null, null);
    tx.persist(grant);
    await tx.flush();
    await recordAudit(tx, ADMIN_CLI_ACTOR, [
      ...(existing
        ? []
        : [
            {
              action: 'user.create',
              entityType: 'User',
              entityId: user.id,
              after: { email: user.email, displayName: user.displayName, active: user.active },
            },
          ]),
      {
        action: 'role.grant',
        entityType: 'RoleGrant',
        entityId: grant.id,
        after: { userId: user.id, role: Role.ADMIN, fundId: null, organizationId: null },
      },
    ]);
    return existing ? { outcome: 'promoted', user } : { outcome: 'created', user, password, generated };
  });
}
