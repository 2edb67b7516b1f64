import { Actor, hasAnyRole, hasRole } from '../auth/actor';
import { allow, deny, Decision } from '../auth/policy';
import { Role } from '../users/user.entity';

export function canSetExchangeRate(actor: Actor | null): Decision {
  return hasRole(actor, Role.SECRETARIAT) ? allow(Role.SECRETARIAT) : deny('Only the secretariat maintains rates.');
}

/** Fund balances: fund staff, auditors and trustees (donors get public statistics instead). */
export function canReadFundBalance(actor: Actor | null, fundId: string): Decision {
  const role = hasAnyRole(actor, [Role.SECRETARIAT, Role.ADMIN, Role.AUDITOR, Role.BOARD_MEMBER], { fundId });
  return role ? allow(role) : deny('Fund balances are for the secretariat, administrators, auditors and trustees.');
}

export function canCheckLedger(actor: Actor | null, fundId: string): Decision {
  const role = hasAnyRole(actor, [Role.SECRETARIAT, Role.ADMIN, Role.AUDITOR], { fundId });
  return role ? allow(role) : deny('Reconciliation is for the secretariat, administrators and auditors.');
}
