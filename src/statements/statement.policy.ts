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

/**
 * The fund statement as a PDF for one's files (the issue's "for donors' and the board's files"): who
 * reads statements, and the fund's donors. A donor's copy names other donors only when they are
 * public donors (`statementForDonor`), as the public figures do.
 */
export function canReceiveStatement(actor: Actor | null, fundId: string): Decision {
  const staff = canReadStatement(actor, fundId);
  if (staff.allowed) return staff;
  return hasAnyRole(actor, [Role.DONOR], { fundId })
    ? allow(Role.DONOR)
    : deny('The fund statement is for the fund\u2019s donors, secretariat, administrators, auditors and trustees.');
}
