import type { FilterQuery } from '@mikro-orm/core';
import type { Actor } from '../auth/actor';
import type { Decision } from '../auth/policy';
import { decideRead, defineReadRule, inFundsOf, isIn, readFilter } from '../auth/read-rule';
import { Role } from '../users/user.entity';
import { Award } from './award.entity';

export const AWARD_STAFF = [Role.SECRETARIAT, Role.BOARD_MEMBER, Role.AUDITOR, Role.ADMIN];

/** Who reads an award: the grantee organisation's members and the fund's staff. */
export const AWARD_READ = defineReadRule<Award>({
  name: 'award',
  entity: Award,
  fields: { fund: 'fund', organization: 'organization' },
  clauses: (actor) => [
    { role: Role.NGO, when: isIn('organization', actor?.memberships ?? []) },
    ...AWARD_STAFF.map((role) => ({ role, when: inFundsOf(actor, role) })),
  ],
  denied: 'Only the grantee and fund staff can see this award.',
});

export const canReadAward = (actor: Actor | null, award: Award): Decision => decideRead(AWARD_READ, actor, award);

/** `canReadAward` as a filter. */
export const readableAwardsWhere = (actor: Actor): FilterQuery<Award> => readFilter(AWARD_READ, actor);
