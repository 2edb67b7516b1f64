import { isoDate } from '../core/clock';
import { ReportStatus, type Report } from './report.entity';

/** Allowed transitions of a report's stored status. */
export const REPORT_TRANSITIONS: Record<ReportStatus, ReportStatus[]> = {
  [ReportStatus.DUE]: [ReportStatus.SUBMITTED, ReportStatus.OVERDUE, ReportStatus.WAIVED],
  [ReportStatus.OVERDUE]: [ReportStatus.SUBMITTED, ReportStatus.WAIVED],
  [ReportStatus.SUBMITTED]: [ReportStatus.ACCEPTED, ReportStatus.REVISION_REQUESTED, ReportStatus.WAIVED],
  [ReportStatus.REVISION_REQUESTED]: [ReportStatus.SUBMITTED, ReportStatus.OVERDUE, ReportStatus.WAIVED],
  [ReportStatus.ACCEPTED]: [],
  [ReportStatus.WAIVED]: [],
};

/** Stored statuses that still owe a submission: past the due date they are OVERDUE. */
export const OWING: ReportStatus[] = [ReportStatus.DUE, ReportStatus.REVISION_REQUESTED, ReportStatus.OVERDUE];

/** The status clients see: a report that owes a submission past its due date is OVERDUE. */
export function effectiveReportStatus(r: Report, now: Date): ReportStatus {
  return OWING.includes(r.status) && r.dueDate < isoDate(now) ? ReportStatus.OVERDUE : r.status;
}
