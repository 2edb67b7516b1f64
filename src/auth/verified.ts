import { ErrorCode } from '../core/errors';
import type { Actor } from './actor';
import { refuse, type RuleDecision } from './enforce';
import type { Decision } from './policy';

/**
 * Unverified accounts may sign in, read and draft, but do nothing that submits or moves money
 * (issue 13): the allowed decisions of those actions pass through here.
 */
export function verifiedOnly(actor: Actor | null, d: Decision | RuleDecision): RuleDecision {
  if (!d.allowed || !actor || actor.emailVerified) return d;
  return refuse(
    ErrorCode.EMAIL_NOT_VERIFIED,
    'Confirm your e-mail address first: open the link sent to it, or ask for a new one.',
  );
}
