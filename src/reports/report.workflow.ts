import { ReportStatus } from './report.entity';

/** Allowed transitions of a report's stored status. */
export const REPORT_TRANSITIONS: Record<ReportStatus, ReportStatus[]> = {
  [ReportStatus.DUE]: [ReportStatus.SUBMITTED, ReportStatus.OVERDUE, ReportStatus.WAIVED],
  [ReportStatus.OVERDUE]: [ReportStatus.SUBMITTED, ReportStatus.WAIVED],
  [ReportStatus.SUBMITTED]: [ReportStatus.ACCEPTED, ReportStatus.REVISION_REQUESTED, ReportStatus.WAIVED],
  [ReportStatus.REVISION_REQUESTED]: [ReportStatus.SUBMITTED, ReportStatus.OVERDUE, ReportStatus.WAIVED],
  [ReportStatus.ACCEPTED]: [],
  [ReportStatus.WAIVED]: [],
};
