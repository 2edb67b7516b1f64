import { hasAnyRole, hasRole, type Actor } from '../auth/actor';
import { allow, deny, type Decision } from '../auth/policy';
import { MONEY_READERS } from '../pledges/pledge.policy';
import { Role } from '../users/user.entity';

/** Importing statements and deciding their lines: the fund's secretariat (who records wires). */
export function canReconcile(actor: Actor | null, fundId: string): Decision {
  return hasRole(actor, Role.SECRETARIAT, { fundId })
    ? allow(Role.SECRETARIAT)
    : deny('Only the secretariat of the fund reconciles its bank statements.');
}

/** Statements and the queue are the fund's money records: the readers of its contributions. */
export function canReadReconciliation(actor: Actor | null, fundId: string): Decision {
  const role = hasAnyRole(actor, MONEY_READERS, { fundId });
  return role ? allow(role) : deny("Only the fund's secretariat, auditors and administrators see its bank statements.");
}
