import type { FilterQuery } from '@mikro-orm/core';
import { Actor, hasRole } from '../auth/actor';
import { decideRead, defineReadRule, inFundsOf, notIn, readFilter } from '../auth/read-rule';
import { allow, deny, Decision } from '../auth/policy';
import { Role } from '../users/user.entity';
import { GrantCall, GrantCallStatus } from './grant-call.entity';

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
