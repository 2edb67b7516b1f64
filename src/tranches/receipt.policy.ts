import { hasRole, memberOf, type Actor } from '../auth/actor';
import { refuse, type RuleDecision } from '../auth/enforce';
import { allow, deny } from '../auth/policy';
import type { Award } from '../awards/award.entity';
import { ErrorCode } from '../core/errors';
import { Role } from '../users/user.entity';
import { ReceiptStatus, type TranchePayment } from './tranche-payment.entity';

/** A member of the grantee organisation acknowledges the transfers made to it. */
export function canAcknowledgeReceipt(actor: Actor | null, award: Award): RuleDecision {
  const orgId = award.organization.id;
  return memberOf(actor, orgId) && hasRole(actor, Role.NGO, { organizationId: orgId })
    ? allow(Role.NGO)
    : deny('Only a member of the grantee organisation acknowledges the receipt of a payment.');
}

/** The fund's secretariat clears up a discrepancy the grantee reported. */
export function canResolveDiscrepancy(actor: Actor | null, award: Award): RuleDecision {
  return hasRole(actor, Role.SECRETARIAT, { fundId: award.fund.id })
    ? allow(Role.SECRETARIAT)
    : deny("Only the fund's secretariat resolves a reported discrepancy.");
}

/** `permissions` of a payment: the same rules, and only in the state the action starts from. */
export function receiptPermission(decision: RuleDecision, payment: TranchePayment, from: ReceiptStatus): RuleDecision {
  if (!decision.allowed || payment.receiptStatus === from) return decision;
  return refuse(ErrorCode.INVALID_STATE, `The receipt is ${payment.receiptStatus}.`, 'paymentId');
}
