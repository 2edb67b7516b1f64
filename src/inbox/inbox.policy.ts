import { hasRole, type Actor } from '../auth/actor';
import { allow, deny, type Decision } from '../auth/policy';
import { Role } from '../users/user.entity';

/** The inbox lists the work of the fund's secretariat: its members only. */
export function canReadInbox(actor: Actor | null, fundId: string): Decision {
  return hasRole(actor, Role.SECRETARIAT, { fundId })
    ? allow(Role.SECRETARIAT)
    : deny('The inbox is the work of the fund’s secretariat.');
}
