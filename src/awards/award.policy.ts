import type { FilterQuery } from '@mikro-orm/core';
import type { Actor } from '../auth/actor';
import type { Decision } from '../auth/policy';
import { decideRead, defineReadRule, inFundsOf, isIn, readFilter } from '../auth/read-rule';
import { Role } from '../users/user.entity';
import { refuse, type RuleDecision } from '../auth/enforce';
import { ErrorCode } from '../core/errors';
import { canManageDisbursements } from '../tranches/tranche.policy';
import { Award, AwardStatus } from './award.entity';

export const AWARD_STAFF = [Role.SECRETARIAT, Role.BOARD_MEMBER, Role.AUDITOR, Role.ADMIN];

/** Who reads an award: the grantee organisation's members and the fund's staff. */
export const AWARD_READ = defineReadRule<Award>({
  name: 'award',
  entity: Award,
  fields: { fund: 'fund', organization: 'organization' },
  clauses: (actor) => [
    { role: Role.NGO, when: isIn('organization', actor?.memberships ?? []) },
    ...AWARD_STAFF.map((role) => ({ role, when: inFundsOf(actor, role) })),
  ],
  denied: 'Only the grantee and fund staff can see this award.',
});

export const canReadAward = (actor: Actor | null, award: Award): Decision => decideRead(AWARD_READ, actor, award);

/** `canReadAward` as a filter. */
export const readableAwardsWhere = (actor: Actor): FilterQuery<Award> => readFilter(AWARD_READ, actor);

const active = (award: Award, action: string): RuleDecision | null =>
  award.status === AwardStatus.ACTIVE
    ? null
    : refuse(ErrorCode.INVALID_STATE, `A ${award.status} award cannot ${action}.`, 'awardId');

/** Terminating: the fund's secretariat, an ACTIVE award (a repeat is answered as done by the mutation). */
export function canTerminateAward(actor: Actor | null, award: Award): RuleDecision {
  const who = canManageDisbursements(actor, award);
  return who.allowed ? (active(award, 'be terminated') ?? who) : who;
}

/** Amending the schedule of SCHEDULED tranches: the fund's secretariat, an ACTIVE award. */
export function canAmendSchedule(actor: Actor | null, award: Award): RuleDecision {
  const who = canManageDisbursements(actor, award);
  return who.allowed ? (active(award, 'be amended') ?? who) : who;
}

/** Recording a refund from the grantee: the fund's secretariat (the amount is checked against what was paid). */
export const canRecordGrantRefund = (actor: Actor | null, award: Award): RuleDecision =>
  canManageDisbursements(actor, award);
