import type { Actor } from '../auth/actor';
import { hasAnyRole } from '../auth/actor';
import { allow, deny, type Decision } from '../auth/policy';
import { Role } from '../users/user.entity';

/** Financial statements and ledger exports: fund staff, administrators, auditors and the fund's trustees. */
export function canReadStatement(actor: Actor | null, fundId: string): Decision {
  const role = hasAnyRole(actor, [Role.SECRETARIAT, Role.ADMIN, Role.AUDITOR, Role.BOARD_MEMBER], { fundId });
  return role
    ? allow(role)
    : deny('Financial statements are for the secretariat, administrators, auditors and trustees of the fund.');
}
