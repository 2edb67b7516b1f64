import { Actor, hasAnyRole } from '../auth/actor';
import { allow, deny, Decision } from '../auth/policy';
import { Role } from '../users/user.entity';

export function canReadAudit(actor: Actor | null): Decision {
  const role = hasAnyRole(actor, [Role.AUDITOR, Role.ADMIN]);
  return role ? allow(role) : deny('Only auditors and administrators read the audit trail.');
}
