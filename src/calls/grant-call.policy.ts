import type { FilterQuery } from '@mikro-orm/core';
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

/** `canReadCall` as a filter: drafts only of the funds the caller staffs. */
export function readableCallsWhere(actor: Actor | null): FilterQuery<GrantCall> {
  if (hasAnyRole(actor, CALL_STAFF, { fundId: '' })) return {};
  const funds = [...new Set((actor?.grants ?? []).filter((g) => CALL_STAFF.includes(g.role)).map((g) => g.fundId!))];
  const notDraft = { status: { $ne: GrantCallStatus.DRAFT } };
  return funds.length ? { $or: [notDraft, { fund: { $in: funds } }] } : notDraft;
}

export function canReadCall(actor: Actor | null, call: GrantCall): Decision {
  if (call.status !== GrantCallStatus.DRAFT) return allow('SELF');
  const staff = hasAnyRole(actor, CALL_STAFF, { fundId: call.fund.id });
  return staff ? allow(staff) : deny('Draft calls are visible to fund staff only.');
}
