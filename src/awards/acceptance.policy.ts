import { hasRole, memberOf, type Actor } from '../auth/actor';
import { refuse, type RuleDecision } from '../auth/enforce';
import { allow, deny } from '../auth/policy';
import { isoDate } from '../core/clock';
import { ErrorCode } from '../core/errors';
import { Role } from '../users/user.entity';
import { AcceptanceStatus, AwardStatus, type Award } from './award.entity';

/**
 * Accepting or declining an award: a member of the grantee organisation, while the award waits for
 * its answer and until the end of its due date. (A repeat of the same answer is done, not refused.)
 */
export function canAnswerAward(actor: Actor | null, award: Award, now: Date): RuleDecision {
  const orgId = award.organization.id;
  if (!memberOf(actor, orgId) || !hasRole(actor, Role.NGO, { organizationId: orgId })) {
    return deny('Only a member of the grantee organisation accepts or declines its award.');
  }
  if (award.acceptanceStatus === AcceptanceStatus.NOT_REQUIRED) {
    return refuse(ErrorCode.INVALID_STATE, 'This fund does not ask grantees to accept their awards.', 'awardId');
  }
  if (award.acceptanceStatus === AcceptanceStatus.PENDING) {
    if (award.status !== AwardStatus.ACTIVE) {
      return refuse(ErrorCode.INVALID_STATE, `The award is ${award.status}.`, 'awardId');
    }
    if (award.acceptanceDueDate && isoDate(now) > award.acceptanceDueDate) {
      return refuse(
        ErrorCode.ACCEPTANCE_DEADLINE_PASSED,
        `The award had to be answered by ${award.acceptanceDueDate}; ask the secretariat.`,
        'awardId',
      );
    }
  }
  return allow(Role.NGO);
}

/** `permissions { answer }`: the same rule, and only while the award waits for an answer. */
export function canAnswerAwardNow(actor: Actor | null, award: Award, now: Date): RuleDecision {
  const decision = canAnswerAward(actor, award, now);
  if (!decision.allowed || award.acceptanceStatus === AcceptanceStatus.PENDING) return decision;
  return refuse(ErrorCode.INVALID_STATE, `The award is already ${award.acceptanceStatus}.`, 'awardId');
}
