import type { FilterQuery } from '@mikro-orm/core';
import { Actor, hasRole } from '../auth/actor';
import { decideRead, defineReadRule, inFundsOf, notIn, readFilter } from '../auth/read-rule';
import { allow, deny, Decision } from '../auth/policy';
import { refuse, type RuleDecision } from '../auth/enforce';
import { ErrorCode } from '../core/errors';
import { Role } from '../users/user.entity';
import { GrantCall, GrantCallStatus } from './grant-call.entity';
import { CALL_MACHINE } from './grant-call.workflow';

/** Fund staff who see every call, drafts included. */
export const CALL_STAFF = [Role.SECRETARIAT, Role.ADMIN, Role.AUDITOR, Role.BOARD_MEMBER];

export function canManageCalls(actor: Actor | null, fundId: string): Decision {
  return hasRole(actor, Role.SECRETARIAT, { fundId })
    ? allow(Role.SECRETARIAT)
    : deny('Only the secretariat of this fund runs calls.');
}

/** Who reads a call: anyone once it is out of draft; drafts only the fund's staff. */
export const CALL_READ = defineReadRule<GrantCall>({
  name: 'grantCall',
  entity: GrantCall,
  fields: { fund: 'fund', status: Object.values(GrantCallStatus) },
  clauses: (actor) => [
    { role: 'SELF', when: notIn('status', [GrantCallStatus.DRAFT]) },
    ...CALL_STAFF.map((role) => ({ role, when: inFundsOf(actor, role) })),
  ],
  denied: 'Draft calls are visible to fund staff only.',
});

export const canReadCall = (actor: Actor | null, call: GrantCall): Decision => decideRead(CALL_READ, actor, call);

/** `canReadCall` as a filter. */
export const readableCallsWhere = (actor: Actor | null): FilterQuery<GrantCall> => readFilter(CALL_READ, actor);

/** What makes a call's content invalid (the first problem), or null. */
export function callContentProblem(c: GrantCall): RuleDecision | null {
  const invalid = (reason: string, field: string) => refuse(ErrorCode.INVALID_VALUE, reason, field);
  if (c.minAwardMinor <= 0n) return invalid('The minimum award must be positive.', 'minAward');
  if (c.minAwardMinor > c.maxAwardMinor) return invalid('The minimum award exceeds the maximum award.', 'maxAward');
  if (c.envelopeMinor < c.maxAwardMinor)
    return invalid('The envelope must cover at least one maximum award.', 'envelope');
  if (c.opensAt >= c.closesAt) return invalid('A call closes after it opens.', 'closesAt');
  if (c.conceptClosesAt && (c.conceptClosesAt <= c.opensAt || c.conceptClosesAt >= c.closesAt)) {
    return invalid('The concept-note stage ends after the call opens and before it closes.', 'conceptClosesAt');
  }
  const keys = c.rubric.map((r) => r.key);
  if (new Set(keys).size !== keys.length) return invalid('Rubric keys must be unique.', 'rubric');
  if (c.rubric.length && c.rubric.reduce((s, r) => s + r.weight, 0) !== 100) {
    return invalid('Rubric weights must sum to 100.', 'rubric');
  }
  const categories = c.categories.map((k) => k.key);
  if (new Set(categories).size !== categories.length) return invalid('Category keys must be unique.', 'categories');
  for (const k of c.categories) {
    const max = BigInt(k.maxAwardMinor);
    if (max < c.minAwardMinor || max > c.maxAwardMinor) {
      return invalid(`The cap of category ${k.key} must lie within the call's award range.`, 'categories');
    }
  }
  const rules = c.eligibilityRules.map((r) => r.key);
  if (new Set(rules).size !== rules.length) return invalid('Eligibility rule keys must be unique.', 'eligibilityRules');
  return null;
}

/**
 * Editing a call: its fund's secretariat, while the call is a draft or open (what may change once
 * it is open is checked against the input).
 */
export function canUpdateCall(actor: Actor | null, call: GrantCall, now: Date): RuleDecision {
  const manage = canManageCalls(actor, call.fund.id);
  if (!manage.allowed) return manage;
  const status = call.effectiveStatus(now);
  if (status !== GrantCallStatus.DRAFT && status !== GrantCallStatus.OPEN) {
    return refuse(ErrorCode.INVALID_STATE, `A ${status} call cannot be edited.`, 'callId');
  }
  return manage;
}

/**
 * Moving a call to `to`: its fund's secretariat, along the transitions table; opening needs valid
 * content, a rubric and a closing time ahead. Already there: refused here (nothing to offer), though
 * the mutation answers a repeat as done.
 */
export function canTransitionCall(actor: Actor | null, call: GrantCall, to: GrantCallStatus, now: Date): RuleDecision {
  const manage = canManageCalls(actor, call.fund.id);
  if (!manage.allowed) return manage;
  const from = call.effectiveStatus(now);
  if (from === to && call.status === to) return refuse(ErrorCode.INVALID_STATE, `The call is already ${to}.`, 'callId');
  if (from !== to && !CALL_MACHINE.allows(from, to)) {
    return refuse(ErrorCode.INVALID_STATE, `A call cannot go from ${from} to ${to}.`, 'callId');
  }
  if (to === GrantCallStatus.OPEN) {
    const problem = callContentProblem(call);
    if (problem) return problem;
    if (!call.rubric.length) return refuse(ErrorCode.INVALID_VALUE, 'A call needs a rubric to open.', 'rubric');
    if (call.closesAt <= now) return refuse(ErrorCode.CALL_CLOSED, 'The closing time has passed.', 'closesAt');
  }
  return manage;
}
