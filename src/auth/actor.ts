import { Role } from '../users/user.entity';

export interface Grant {
  role: Role;
  /** null: all funds */
  fundId: string | null;
  organizationId: string | null;
}

/** The authenticated caller of a request, with the grants loaded at the start of the request. */
export interface Actor {
  userId: string;
  email: string;
  grants: Grant[];
  /** Organisations the user is a member of. */
  memberships: string[];
  /** Whether the user proved its e-mail address: unverified users submit nothing and move no money. */
  emailVerified: boolean;
  /** The session the request's access token belongs to (null outside HTTP: jobs, CLI). */
  sessionId?: string | null;
  /** When the session last passed a second factor (step-up); null: never, or no session. */
  secondFactorAt?: Date | null;
}

export interface Scope {
  fundId?: string | null;
  organizationId?: string | null;
}

/** The grant of `role` that covers the scope, if any. */
export function grantFor(actor: Actor | null, role: Role, scope: Scope = {}): Grant | undefined {
  if (!actor) return undefined;
  return actor.grants.find(
    (g) =>
      g.role === role &&
      (scope.fundId === undefined || g.fundId === null || g.fundId === scope.fundId) &&
      (scope.organizationId === undefined || g.organizationId === scope.organizationId),
  );
}

export function hasRole(actor: Actor | null, role: Role, scope: Scope = {}): boolean {
  return grantFor(actor, role, scope) !== undefined;
}

export function hasAnyRole(actor: Actor | null, roles: Role[], scope: Scope = {}): Role | undefined {
  return roles.find((r) => hasRole(actor, r, scope));
}

export function memberOf(actor: Actor | null, organizationId: string): boolean {
  return !!actor?.memberships.includes(organizationId);
}
