import { Field, ObjectType } from 'type-graphql';
import { ErrorCode, ForbiddenError } from '../core/errors';
import { Role } from '../users/user.entity';

/** The answer of a policy function: may this actor do this now, and if not, why. */
export interface Decision {
  allowed: boolean;
  reason: string | null;
  /** The role under which the action is allowed; it goes into the audit trail. */
  role: Role | 'SELF' | null;
}

export const allow = (role: Role | 'SELF'): Decision => ({ allowed: true, reason: null, role });
export const deny = (reason: string): Decision => ({ allowed: false, reason, role: null });

/** Throws FORBIDDEN unless allowed; returns the role that allowed it. */
export function authorize(decision: Decision): Role | 'SELF' {
  if (!decision.allowed || !decision.role) throw new ForbiddenError(decision.reason ?? 'Not allowed.');
  return decision.role;
}

@ObjectType({ description: 'Whether the caller may take an action now, and why not.' })
export class Permission {
  @Field(() => Boolean) allowed!: boolean;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => ErrorCode, {
    nullable: true,
    description: 'The code the mutation answers with for this refusal; null when allowed or not your role.',
  })
  code!: ErrorCode | null;

  static of(d: Decision & { code?: ErrorCode }): Permission {
    return Object.assign(new Permission(), {
      allowed: d.allowed,
      reason: d.reason,
      code: d.allowed ? null : (d.code ?? null),
    });
  }
}
