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

/**
 * The fund's ledger, as lines (`ledger.csv`) or reconciled (`ledgerCheck`): one rule for both, fund
 * staff, administrators, auditors and the fund's trustees (who oversee it and read its statements).
 */
export function canReadLedger(actor: Actor | null, fundId: string): Decision {
  const role = hasAnyRole(actor, [Role.SECRETARIAT, Role.ADMIN, Role.AUDITOR, Role.BOARD_MEMBER], { fundId });
  return role
    ? allow(role)
    : deny('The ledger is for the secretariat, administrators, auditors and trustees of the fund.');
}
