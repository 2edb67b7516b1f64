import { Actor, hasAnyRole, hasRole } from '../auth/actor';
import { allow, deny, Decision } from '../auth/policy';
import { Role } from '../users/user.entity';

/** Screening results are for the staff who act on them and audit them, not for the organisation. */
export const SANCTIONS_READERS = [Role.ADMIN, Role.SECRETARIAT, Role.AUDITOR];

export function canReadSanctions(actor: Actor | null): Decision {
  const role = hasAnyRole(actor, SANCTIONS_READERS);
  return role ? allow(role) : deny('Sanctions screening is visible to the secretariat, auditors and administrators.');
}

export function canDecideSanctionsMatch(actor: Actor | null): Decision {
  return hasRole(actor, Role.SECRETARIAT)
    ? allow(Role.SECRETARIAT)
    : deny('Only the secretariat clears or confirms a sanctions match.');
}
