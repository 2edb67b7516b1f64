import { Machine, statusField } from '../core/transition';
import { Role } from '../users/user.entity';
import { type Award, AwardStatus } from './award.entity';

const { ACTIVE, COMPLETED, TERMINATED } = AwardStatus;

/**
 * An award's life: it completes by itself when its last obligation is met (close-out, run by the
 * event that meets it: SYSTEM), or the secretariat records the board's decision to terminate it.
 * Both are final.
 */
export const AWARD_MACHINE = new Machine<AwardStatus>('Award', Object.values(AwardStatus), [
  { from: ACTIVE, to: COMPLETED, who: ['SYSTEM'] },
  { from: ACTIVE, to: TERMINATED, who: [Role.SECRETARIAT] },
]);

export const AWARD_STATUS = statusField<Award, 'status'>('status');
