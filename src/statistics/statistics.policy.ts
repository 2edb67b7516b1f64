import { Actor, hasAnyRole } from '../auth/actor';
import { allow, deny, Decision } from '../auth/policy';
import { Role } from '../users/user.entity';

/** Publishing a fund's victim statistics for a closed quarter: its administrators and secretariat. */
export function canPublishStatistics(actor: Actor | null, fundId: string): Decision {
  const role = hasAnyRole(actor, [Role.ADMIN, Role.SECRETARIAT], { fundId });
  return role ? allow(role) : deny('Only the administrators and the secretariat of the fund publish its statistics.');
}
