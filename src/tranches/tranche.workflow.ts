import { TrancheStatus } from './tranche.entity';

/** Allowed transitions of a tranche. */
export const TRANCHE_TRANSITIONS: Record<TrancheStatus, TrancheStatus[]> = {
  [TrancheStatus.SCHEDULED]: [TrancheStatus.REQUESTED, TrancheStatus.CANCELLED],
  [TrancheStatus.REQUESTED]: [TrancheStatus.APPROVED, TrancheStatus.CANCELLED],
  [TrancheStatus.APPROVED]: [TrancheStatus.PAID, TrancheStatus.CANCELLED],
  [TrancheStatus.PAID]: [],
  [TrancheStatus.CANCELLED]: [],
};
