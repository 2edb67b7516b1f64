import { Machine, statusField } from '../core/transition';
import { Role } from '../users/user.entity';
import { AcceptanceStatus, type Award } from './award.entity';

const { PENDING, ACCEPTED, DECLINED } = AcceptanceStatus;

/**
 * The grantee's answer to an award, where the fund asks for one (`awardAcceptanceDays`): accepted
 * (tranches may then be requested) or declined (the commitment goes back to the fund). Both final;
 * NOT_REQUIRED awards never move.
 */
export const ACCEPTANCE_MACHINE = new Machine<AcceptanceStatus>(
  'Award',
  Object.values(AcceptanceStatus),
  [
    { from: PENDING, to: ACCEPTED, who: [Role.NGO] },
    { from: PENDING, to: DECLINED, who: [Role.NGO] },
  ],
  'award acceptance',
);

export const ACCEPTANCE_STATUS = statusField<Award, 'acceptanceStatus'>('acceptanceStatus');
