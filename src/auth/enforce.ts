import { DomainError, ErrorCode, ForbiddenError } from '../core/errors';
import type { Role } from '../users/user.entity';
import type { Decision } from './policy';

/**
 * A policy answer that may carry a business error code: a refusal with a code is an expected
 * business failure (payload `errors`); one without is an authorization failure (FORBIDDEN).
 */
export interface RuleDecision extends Decision {
  code?: ErrorCode;
  field?: string;
}

export const refuse = (code: ErrorCode, reason: string, field?: string): RuleDecision => ({
  allowed: false,
  reason,
  role: null,
  code,
  field,
});

/** Returns the allowing role, or throws DomainError (coded refusal) / ForbiddenError. */
export function enforce(d: RuleDecision): Role | 'SELF' {
  if (d.allowed && d.role) return d.role;
  if (d.code) throw new DomainError(d.code, d.reason ?? 'Not allowed now.', d.field ?? null);
  throw new ForbiddenError(d.reason ?? 'Not allowed.');
}
