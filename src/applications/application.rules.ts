import { ErrorCode } from '../core/errors';
import { formatMinor } from '../core/money';
import { GrantCall, GrantCallStatus } from '../calls/grant-call.entity';
import { Organization, VettingStatus } from '../organizations/organization.entity';
import type { GrantHistory } from '../awards/award.repository';
import { Application, ApplicationStatus } from './application.entity';

/** Allowed status transitions of an application: draft, screening, review, board decision, award. */
export const APPLICATION_TRANSITIONS: Record<ApplicationStatus, ApplicationStatus[]> = {
  [ApplicationStatus.DRAFT]: [ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN],
  [ApplicationStatus.SUBMITTED]: [
    ApplicationStatus.ELIGIBLE,
    ApplicationStatus.INELIGIBLE,
    ApplicationStatus.INFO_REQUESTED,
    ApplicationStatus.WITHDRAWN,
  ],
  [ApplicationStatus.INFO_REQUESTED]: [ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN],
  [ApplicationStatus.ELIGIBLE]: [
    ApplicationStatus.UNDER_REVIEW,
    ApplicationStatus.INFO_REQUESTED,
    ApplicationStatus.WITHDRAWN,
  ],
  [ApplicationStatus.UNDER_REVIEW]: [
    ApplicationStatus.RECOMMENDED,
    ApplicationStatus.NOT_RECOMMENDED,
    ApplicationStatus.WITHDRAWN,
  ],
  [ApplicationStatus.RECOMMENDED]: [
    ApplicationStatus.APPROVED,
    ApplicationStatus.REJECTED,
    ApplicationStatus.WITHDRAWN,
  ],
  [ApplicationStatus.APPROVED]: [ApplicationStatus.AWARDED],
  [ApplicationStatus.INELIGIBLE]: [],
  [ApplicationStatus.NOT_RECOMMENDED]: [],
  [ApplicationStatus.REJECTED]: [],
  [ApplicationStatus.AWARDED]: [],
  [ApplicationStatus.WITHDRAWN]: [],
};

export const canMove = (from: ApplicationStatus, to: ApplicationStatus): boolean =>
  APPLICATION_TRANSITIONS[from].includes(to);

/** After these the board has decided: votes and withdrawals are over. */
export const DECIDED = new Set([ApplicationStatus.APPROVED, ApplicationStatus.REJECTED, ApplicationStatus.AWARDED]);

export interface Problem {
  code: ErrorCode;
  message: string;
  field: string;
}

/** A full proposal in a two-stage call follows the organisation's shortlisted concept note. */
export function stageProblem(app: Application, call: GrantCall): Problem | null {
  if (!call.conceptClosesAt || app.conceptNote) return null;
  return {
    code: ErrorCode.NOT_INVITED,
    message: 'This call has a concept-note stage: only organisations invited after shortlisting submit full proposals.',
    field: 'applicationId',
  };
}

/** Whether the call accepts a submission now; the closing time counts even if no job closed the call. */
export function callProblem(call: GrantCall, now: Date): Problem | null {
  if (call.effectiveStatus(now) === GrantCallStatus.CLOSED) {
    return { code: ErrorCode.CALL_CLOSED, message: 'The call closed at its closing time.', field: 'applicationId' };
  }
  if (!call.acceptsSubmissions(now)) {
    return { code: ErrorCode.CALL_NOT_OPEN, message: 'The call is not open for submissions.', field: 'applicationId' };
  }
  return null;
}

export function vettingProblem(org: Organization, call: GrantCall): Problem | null {
  if (org.vettingStatus === VettingStatus.VERIFIED) return null;
  if (org.vettingStatus === VettingStatus.PENDING && call.allowPendingVetting) return null;
  return {
    code: ErrorCode.ORGANIZATION_NOT_VERIFIED,
    message: `The organisation is ${org.vettingStatus}; it must be verified to apply to this call.`,
    field: 'organizationId',
  };
}

/** Amount within the call's limits and the cap of the application's category, as a problem or null. */
export function amountProblem(
  amount: bigint,
  call: GrantCall,
  field: string,
  categoryKey: string | null = null,
): Problem | null {
  const c = call.currency;
  if (amount < call.minAwardMinor || amount > call.maxAwardMinor) {
    return {
      code: ErrorCode.AMOUNT_OUT_OF_RANGE,
      message: `The amount must be between ${formatMinor(call.minAwardMinor, c)} and ${formatMinor(call.maxAwardMinor, c)} ${c}.`,
      field,
    };
  }
  const category = call.categories.find((k) => k.key === categoryKey);
  if (category && amount > BigInt(category.maxAwardMinor)) {
    return {
      code: ErrorCode.OVER_CATEGORY_CAP,
      message: `The category ${category.label} allows at most ${formatMinor(BigInt(category.maxAwardMinor), c)} ${c}.`,
      field,
    };
  }
  return null;
}

/**
 * The call's applicant rules: a known category when the call has categories, a first-grant
 * category only for organisations the fund never awarded, no current grantee where the call
 * excludes them, and the request within the cost share of the project's total budget.
 */
export function applicantProblems(app: Application, call: GrantCall, history: GrantHistory): Problem[] {
  const out: Problem[] = [];
  const category = call.categories.find((k) => k.key === app.category);
  if (call.categories.length && !category) {
    out.push({
      code: ErrorCode.INVALID_VALUE,
      message: `Choose one of the call's categories: ${call.categories.map((k) => k.key).join(', ')}.`,
      field: 'category',
    });
  } else if (!call.categories.length && app.category) {
    out.push({ code: ErrorCode.INVALID_VALUE, message: 'This call has no categories.', field: 'category' });
  }
  if (category?.firstGrantOnly && history.everAwarded) {
    out.push({
      code: ErrorCode.INELIGIBLE_APPLICANT,
      message: `The category ${category.label} is for organisations this fund has never awarded.`,
      field: 'category',
    });
  }
  if (call.excludeCurrentGrantees && history.activeAward) {
    out.push({
      code: ErrorCode.INELIGIBLE_APPLICANT,
      message: 'Current grantees of this fund are not eligible for this call.',
      field: 'organizationId',
    });
  }
  if (call.costShareMaxBps !== null) {
    const budget = app.projectBudgetMinor;
    if (budget === null || budget <= 0n) {
      out.push({
        code: ErrorCode.INVALID_VALUE,
        message: "Give the project's total budget: the call limits the request to a share of it.",
        field: 'projectBudget',
      });
    } else if (app.requestedMinor * 10_000n > budget * BigInt(call.costShareMaxBps)) {
      out.push({
        code: ErrorCode.COST_SHARE_EXCEEDED,
        message: `The request may be at most ${(call.costShareMaxBps / 100).toFixed(2)} % of the project's total budget of ${formatMinor(budget, app.currency)} ${app.currency}.`,
        field: 'requestedAmount',
      });
    }
  }
  return out;
}

/** Every content rule a submission fails, in the order they are checked (empty when it may be submitted). */
export function contentProblems(app: Application, call: GrantCall): Problem[] {
  const out: Problem[] = [];
  if (!app.summary.trim())
    out.push({ code: ErrorCode.INVALID_VALUE, message: 'A summary is required.', field: 'summary' });
  const amount = amountProblem(app.requestedMinor, call, 'requestedAmount', app.category);
  if (amount) out.push(amount);
  if (app.durationMonths < 1 || app.durationMonths > call.maxDurationMonths) {
    out.push({
      code: ErrorCode.DURATION_OUT_OF_RANGE,
      message: `The duration must be between 1 and ${call.maxDurationMonths} months.`,
      field: 'durationMonths',
    });
  }
  const budget = app.budgetLines.reduce((s, l) => s + BigInt(l.amountMinor), 0n);
  if (!app.budgetLines.length || budget !== app.requestedMinor) {
    out.push({
      code: ErrorCode.BUDGET_MISMATCH,
      message: `Budget lines add up to ${formatMinor(budget, app.currency)}, not the requested ${formatMinor(app.requestedMinor, app.currency)}.`,
      field: 'budgetLines',
    });
  }
  const outside = call.eligibleCountries.length ? app.countries.filter((c) => !call.eligibleCountries.includes(c)) : [];
  if (outside.length) {
    out.push({
      code: ErrorCode.INVALID_VALUE,
      message: `Countries outside the call: ${outside.join(', ')}.`,
      field: 'countries',
    });
  }
  return out;
}

/** The first content rule a submission fails, or null. */
/** The call's required documents not yet attached to the application (`attached`: the names fulfilled). */
export function documentProblem(call: GrantCall, attached: ReadonlySet<string>): Problem | null {
  const missing = call.requiredDocuments.filter((r) => !attached.has(r));
  return missing.length
    ? {
        code: ErrorCode.MISSING_DOCUMENT,
        message: `Attach the documents the call requires: ${missing.join(', ')}.`,
        field: 'documents',
      }
    : null;
}

export function contentProblem(app: Application, call: GrantCall): Problem | null {
  return contentProblems(app, call)[0] ?? null;
}
