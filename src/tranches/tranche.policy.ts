import { type Actor, hasRole } from '../auth/actor';
import { allow, deny, type Decision } from '../auth/policy';
import type { Award } from '../awards/award.entity';
import { Role } from '../users/user.entity';

/**
 * Secretariat of the award's fund: amends, terminates, records refunds. The tranche actions have
 * their own ordered rules in tranche.rules.ts.
 */
export function canManageDisbursements(actor: Actor | null, award: Award): Decision {
  return hasRole(actor, Role.SECRETARIAT, { fundId: award.fund.id })
    ? allow(Role.SECRETARIAT)
    : deny("Only the fund's secretariat manages the disbursements of an award.");
}
