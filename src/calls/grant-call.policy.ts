import { Actor, hasAnyRole, hasRole } from '../auth/actor';
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

export function canReadCall(actor: Actor | null, call: GrantCall): Decision {
  if (call.status !== GrantCallStatus.DRAFT) return allow('SELF');
  const staff = hasAnyRole(actor, CALL_STAFF, { fundId: call.fund.id });
  return staff ? allow(staff) : deny('Draft calls are visible to fund staff only.');
}
