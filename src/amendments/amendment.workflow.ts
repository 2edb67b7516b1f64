import { Machine, statusField } from '../core/transition';
import { AmendmentStatus, type AwardAmendment } from './award-amendment.entity';

const { PENDING, APPROVED, REJECTED } = AmendmentStatus;

/** An amendment waits for the board; the deciding vote (the fund's threshold) approves or rejects it, for good. */
export const AMENDMENT_MACHINE = new Machine<AmendmentStatus>(
  'AwardAmendment',
  Object.values(AmendmentStatus),
  [
    { from: PENDING, to: APPROVED, who: ['BOARD_VOTES'] },
    { from: PENDING, to: REJECTED, who: ['BOARD_VOTES'] },
  ],
  'amendment',
);

export const AMENDMENT_STATUS = statusField<AwardAmendment, 'status'>('status');
