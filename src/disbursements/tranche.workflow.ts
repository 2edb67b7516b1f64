import { TrancheStatus } from '../awards/award.entity';
import { ReportStatus } from '../awards/award.entity';

/** Allowed transitions of a tranche. */
export const TRANCHE_TRANSITIONS: Record<TrancheStatus, TrancheStatus[]> = {
  [TrancheStatus.SCHEDULED]: [TrancheStatus.REQUESTED, TrancheStatus.CANCELLED],
  [TrancheStatus.REQUESTED]: [TrancheStatus.APPROVED, TrancheStatus.CANCELLED],
  [TrancheStatus.APPROVED]: [TrancheStatus.PAID, TrancheStatus.CANCELLED],
  [TrancheStatus.PAID]: [],
  [TrancheStatus.CANCELLED]: [],
};

/** Allowed transitions of a report's stored status. */
export const REPORT_TRANSITIONS: Record<ReportStatus, ReportStatus[]> = {
  [ReportStatus.DUE]: [ReportStatus.SUBMITTED, ReportStatus.OVERDUE, ReportStatus.WAIVED],
  [ReportStatus.OVERDUE]: [ReportStatus.SUBMITTED, ReportStatus.WAIVED],
  [ReportStatus.SUBMITTED]: [ReportStatus.ACCEPTED, ReportStatus.REVISION_REQUESTED, ReportStatus.WAIVED],
  [ReportStatus.REVISION_REQUESTED]: [ReportStatus.SUBMITTED, ReportStatus.OVERDUE, ReportStatus.WAIVED],
  [ReportStatus.ACCEPTED]: [],
  [ReportStatus.WAIVED]: [],
};

export function canMove<S extends string>(table: Record<S, S[]>, from: S, to: S): boolean {
  return table[from].includes(to);
}
