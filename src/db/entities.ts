import { AuditEvent } from '../audit/audit-event.entity';
import { LedgerEntry } from '../ledger/ledger-entry.entity';
import { Fund } from '../funds/fund.entity';
import { Organization } from '../organizations/organization.entity';
import { LoginThrottle, Membership, RoleGrant, User } from '../users/user.entity';

/** Every MikroORM entity; a new domain adds its entities here. */
export const entities = [Fund, Organization, User, Membership, RoleGrant, LoginThrottle, AuditEvent, LedgerEntry];
