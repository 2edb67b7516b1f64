import { Actor, hasRole } from '../auth/actor';
import { allow, deny, Decision } from '../auth/policy';
import { Role } from '../users/user.entity';
import type { Organization } from '../organizations/organization.entity';
import { isDonorMember, moneyReadRule } from '../pledges/pledge.policy';
import { PledgeStatus, type Pledge } from '../pledges/pledge.entity';
import { ErrorCode } from '../core/errors';
import { decideRead } from '../auth/read-rule';
import { Contribution, ContributionChannel, ContributionStatus, RateCheck } from './contribution.entity';
import { refuse, type RuleDecision } from '../auth/enforce';
import { verifiedOnly } from '../auth/verified';

export const CONTRIBUTION_READ = moneyReadRule(
  'contribution',
  Contribution,
  "Only the donor's members, the secretariat, administrators and auditors see a contribution.",
);

export const canReadContribution = (actor: Actor | null, c: Contribution): Decision =>
  decideRead(CONTRIBUTION_READ, actor, c);

/**
 * Card payments are made by the donor's own members only: the secretariat never enters a
 * donor's card (it records wires instead).
 */
export function canPayByCard(actor: Actor | null, org: Organization): RuleDecision {
  if (!isDonorMember(actor, org.id)) return deny('Only a member of the donor organisation can pay by card.');
  return verifiedOnly(actor, allow(Role.DONOR));
}

/**
 * Paying a pledge by card: a member of its donor, while the pledge takes receipts (a fulfilled
 * pledge still does: over-payment is recorded) and the server takes card payments.
 */
export function canPayPledgeByCard(
  actor: Actor | null,
  p: Pledge,
  cardPayments: boolean,
): Decision & { code?: ErrorCode } {
  const member = canPayByCard(actor, p.donorOrganization);
  if (!member.allowed) return member;
  if (p.status === PledgeStatus.CANCELLED)
    return { ...deny('The pledge is cancelled.'), code: ErrorCode.INVALID_STATE };
  if (!cardPayments) {
    return { ...deny('Card payments are not configured on this server.'), code: ErrorCode.PAYMENTS_NOT_CONFIGURED };
  }
  return member;
}

export function canRecordWire(actor: Actor | null, fundId: string): Decision {
  return hasRole(actor, Role.SECRETARIAT, { fundId })
    ? allow(Role.SECRETARIAT)
    : deny('Only the secretariat of the fund records wire receipts.');
}

export function canRefundCard(actor: Actor | null, c: Contribution): Decision {
  return hasRole(actor, Role.SECRETARIAT, { fundId: c.fund.id })
    ? allow(Role.SECRETARIAT)
    : deny('Only the secretariat of the fund refunds contributions.');
}

/** Wires are sent back by the secretariat of the fund that received them. */
export function canRefundWire(actor: Actor | null, c: Contribution): Decision {
  return hasRole(actor, Role.SECRETARIAT, { fundId: c.fund.id })
    ? allow(Role.SECRETARIAT)
    : deny('Only the secretariat of the fund refunds wires.');
}

/** Refunding a card contribution now: the fund's secretariat, card payments on, a RECEIVED card payment. */
export function canRefundCardNow(actor: Actor | null, c: Contribution, paymentsConfigured: boolean): RuleDecision {
  const who = canRefundCard(actor, c);
  if (!who.allowed) return who;
  if (!paymentsConfigured) {
    return refuse(ErrorCode.PAYMENTS_NOT_CONFIGURED, 'Card payments are not configured on this server.');
  }
  if (c.channel !== ContributionChannel.STRIPE || !c.stripePaymentIntentId) {
    return refuse(ErrorCode.INVALID_STATE, 'Only card contributions are refunded through Stripe.', 'contributionId');
  }
  return receivedProblem(c) ?? who;
}

/** Sending a wire back now: the fund's secretariat, a RECEIVED wire. */
export function canRefundWireNow(actor: Actor | null, c: Contribution): RuleDecision {
  const who = canRefundWire(actor, c);
  if (!who.allowed) return who;
  if (c.channel !== ContributionChannel.WIRE) {
    return refuse(
      ErrorCode.INVALID_STATE,
      'Card contributions are refunded through the payment provider (refundCardContribution).',
      'contributionId',
    );
  }
  return receivedProblem(c) ?? who;
}

const receivedProblem = (c: Contribution): RuleDecision | null =>
  c.status === ContributionStatus.RECEIVED
    ? null
    : refuse(ErrorCode.INVALID_STATE, `A ${c.status} contribution cannot be refunded.`, 'contributionId');

/**
 * Confirming or rejecting a wire's rate (beyond the fund's tolerance): the fund's secretariat, a
 * PENDING wire that waits for that decision, and never the member who recorded it (four eyes).
 */
export function canDecideWireRate(actor: Actor | null, c: Contribution): RuleDecision {
  const who = canRecordWire(actor, c.fund.id);
  if (!who.allowed) return who;
  if (c.rateCheck !== RateCheck.AWAITING_CONFIRMATION || c.status !== ContributionStatus.PENDING) {
    return refuse(
      ErrorCode.INVALID_STATE,
      `This contribution does not wait for a rate confirmation (${c.rateCheck ?? 'no rate check'}, ${c.status}).`,
      'contributionId',
    );
  }
  if (c.createdById === actor?.userId) {
    return refuse(
      ErrorCode.SEPARATION_OF_DUTIES,
      'The person who recorded the wire cannot confirm or reject its rate.',
      'contributionId',
    );
  }
  return who;
}
