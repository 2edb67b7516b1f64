import type { Actor } from '../auth/actor';
import { hasAnyRole, hasRole } from '../auth/actor';
import { allow, deny } from '../auth/policy';
import { refuse, type RuleDecision } from '../auth/enforce';
import { AcceptanceStatus, AwardStatus, type Award } from '../awards/award.entity';
import { ReportStatus, type Report } from '../reports/report.entity';
import { TrancheStatus, type Tranche } from './tranche.entity';
import type { Fund } from '../funds/fund.entity';
import { ErrorCode } from '../core/errors';
import { BankAccountStatus, VettingStatus, type Organization } from '../organizations/organization.entity';
import { Role } from '../users/user.entity';
import type { SanctionsMatch } from '../sanctions/sanctions.entity';
import { sanctionsHoldReason } from '../sanctions/screening.service';

/**
 * What the tranche rules read, loaded lazily: the mutations read it inside their transaction, the
 * `permissions` field through per-request loaders. A rule that needs a new fact (e.g. sanctions
 * screening) adds a getter here and to both sources in `tranche.facts.ts`.
 */
export interface TrancheFacts {
  actor: Actor | null;
  tranche: Tranche;
  award: Award;
  fund: Fund;
  now: Date;
  organization(): Promise<Organization>;
  conditionReport(): Promise<Report | null>;
  hasOverdueReport(): Promise<boolean>;
  /** Sanctions matches of the grantee that stop payments (POSSIBLE or CONFIRMED). */
  blockingSanctionsMatches(): Promise<Pick<SanctionsMatch, 'status' | 'referenceNumber'>[]>;
}

/** One named rule: `null` when it passes, else the refusal (with a code unless it is about roles). */
export interface TrancheCheck {
  name: string;
  check(f: TrancheFacts): RuleDecision | null | Promise<RuleDecision | null>;
}

export type TrancheAction = 'request' | 'approve' | 'pay' | 'cancel';

const secretariat: TrancheCheck = {
  name: 'secretariat',
  check: ({ actor, award }) =>
    hasRole(actor, Role.SECRETARIAT, { fundId: award.fund.id })
      ? null
      : deny("Only the fund's secretariat manages the disbursements of an award."),
};

const approverRole: TrancheCheck = {
  name: 'approverRole',
  check: ({ actor, fund }) => {
    const roles = approverRoles(fund);
    return hasAnyRole(actor, roles, { fundId: fund.id })
      ? null
      : deny(`Only ${roles.join(' or ')} of the fund approve tranches.`);
  },
};

const awardActive: TrancheCheck = {
  name: 'awardActive',
  check: ({ award }) =>
    award.status === AwardStatus.ACTIVE
      ? null
      : refuse(ErrorCode.INVALID_STATE, `The award is ${award.status}.`, 'trancheId'),
};

/** Where the fund asks grantees to accept their awards, nothing is requested before the acceptance. */
const awardAccepted: TrancheCheck = {
  name: 'awardAccepted',
  check: ({ award }) =>
    award.acceptanceStatus === AcceptanceStatus.NOT_REQUIRED || award.acceptanceStatus === AcceptanceStatus.ACCEPTED
      ? null
      : refuse(
          ErrorCode.AWARD_NOT_ACCEPTED,
          `The grantee has not accepted the award (${award.acceptanceStatus}); no tranche is requested before.`,
          'trancheId',
        ),
};

const inStatus = (...wanted: TrancheStatus[]): TrancheCheck => ({
  name: `status:${wanted.join('|')}`,
  check: ({ tranche }) =>
    wanted.includes(tranche.status)
      ? null
      : refuse(ErrorCode.INVALID_STATE, `The tranche is ${tranche.status}.`, 'trancheId'),
});

const conditionAccepted: TrancheCheck = {
  name: 'conditionAccepted',
  check: async (f) => {
    const report = await f.conditionReport();
    if (!report || report.status === ReportStatus.ACCEPTED) return null;
    return refuse(
      ErrorCode.CONDITION_NOT_MET,
      `The ${report.kind} report due ${report.dueDate} must be accepted before this tranche.`,
      'trancheId',
    );
  },
};

const payeeVerified: TrancheCheck = {
  name: 'payeeVerified',
  check: async (f) => {
    const org = await f.organization();
    return org.vettingStatus === VettingStatus.VERIFIED
      ? null
      : refuse(
          ErrorCode.ORGANIZATION_NOT_VERIFIED,
          `The grantee organisation is ${org.vettingStatus}; nothing can be disbursed to it.`,
        );
  },
};

const bankAccountOnFile: TrancheCheck = {
  name: 'bankAccountOnFile',
  check: async (f) =>
    (await f.organization()).bankAccount
      ? null
      : refuse(ErrorCode.NO_BANK_ACCOUNT, 'The grantee organisation has no bank account on file.'),
};

/** A new account or legal name waits for the secretariat's confirmation (docs/bank-accounts.md). */
const bankAccountConfirmed: TrancheCheck = {
  name: 'bankAccountConfirmed',
  check: async (f) =>
    (await f.organization()).bankAccountStatus === BankAccountStatus.CONFIRMED
      ? null
      : refuse(
          ErrorCode.BANK_ACCOUNT_UNCONFIRMED,
          "The grantee's bank details changed and wait for the secretariat's confirmation; nothing is requested or paid until then.",
        ),
};

const noOverdueReport: TrancheCheck = {
  name: 'noOverdueReport',
  check: async (f) =>
    (await f.hasOverdueReport())
      ? refuse(ErrorCode.OVERDUE_REPORT, 'A report of this award is overdue.', 'trancheId')
      : null,
};

/** No payment to a possible or confirmed sanctions-list match until the secretariat clears it (docs/sanctions.md). */
const noSanctionsHold: TrancheCheck = {
  name: 'noSanctionsHold',
  check: async (f) => {
    const reason = sanctionsHoldReason(await f.blockingSanctionsMatches());
    return reason ? refuse(ErrorCode.SANCTIONS_MATCH, reason) : null;
  },
};

/** Four eyes on the approval: never the person who requested the tranche. */
const approverIsNotRequester: TrancheCheck = {
  name: 'approverIsNotRequester',
  check: ({ actor, tranche }) =>
    tranche.requestedById && tranche.requestedById === actor?.userId
      ? refuse(ErrorCode.SEPARATION_OF_DUTIES, 'The person who requested a tranche cannot approve it.')
      : null,
};

/**
 * Separation of duties on the payment (fund policy, on by default): the person who recorded the
 * request does not record the payment. The approver may: approving and releasing the transfer is
 * the authoriser's job in the bank too, and the requester stays out of both.
 */
const payerIsNotRequester: TrancheCheck = {
  name: 'payerIsNotRequester',
  check: ({ actor, tranche, fund }) =>
    fund.paymentSeparationOfDuties && tranche.requestedById && tranche.requestedById === actor?.userId
      ? refuse(ErrorCode.SEPARATION_OF_DUTIES, 'The person who requested a tranche cannot record its payment.')
      : null,
};

/**
 * The rules of each tranche action, in the order they are checked. The mutations and
 * `Tranche.permissions` both evaluate these lists, so `allowed: true` means the mutation will not
 * refuse for a rule reason, and a refusal carries the same code and text in both. Add a rule by
 * adding a check to the lists it applies to.
 */
export const TRANCHE_RULES: Record<TrancheAction, TrancheCheck[]> = {
  request: [
    secretariat,
    awardActive,
    awardAccepted,
    inStatus(TrancheStatus.SCHEDULED),
    conditionAccepted,
    payeeVerified,
    bankAccountOnFile,
    bankAccountConfirmed,
    noOverdueReport,
  ],
  approve: [approverRole, awardActive, inStatus(TrancheStatus.REQUESTED), approverIsNotRequester],
  pay: [
    secretariat,
    awardActive,
    inStatus(TrancheStatus.APPROVED),
    payerIsNotRequester,
    payeeVerified,
    bankAccountOnFile,
    noSanctionsHold,
    bankAccountConfirmed,
  ],
  cancel: [
    secretariat,
    awardActive,
    inStatus(TrancheStatus.SCHEDULED, TrancheStatus.REQUESTED, TrancheStatus.APPROVED),
  ],
};

/** The role that allows the action (for the audit trail), once every check passed. */
function allowingRole(action: TrancheAction, f: TrancheFacts): Role {
  if (action === 'approve')
    return hasAnyRole(f.actor, approverRoles(f.fund), { fundId: f.fund.id }) ?? Role.SECRETARIAT;
  return Role.SECRETARIAT;
}

export function approverRoles(fund: Fund): Role[] {
  return fund.trancheApproverRoles.filter((r): r is Role => (Object.values(Role) as string[]).includes(r));
}

/** Runs the checks in order; the first refusal wins. */
export async function evaluate(checks: TrancheCheck[], f: TrancheFacts, action: TrancheAction): Promise<RuleDecision> {
  for (const c of checks) {
    const d = await c.check(f);
    if (d) return d;
  }
  return allow(allowingRole(action, f));
}

/** The full rule list of an action. */
export const decide = (action: TrancheAction, f: TrancheFacts) => evaluate(TRANCHE_RULES[action], f, action);

/**
 * Only the checks that say who may act (no code: a FORBIDDEN answer), so a mutation can answer a
 * repeat of an action already done before checking the state-dependent rules.
 */
export const authorizeOnly = (action: TrancheAction, f: TrancheFacts) =>
  evaluate(
    TRANCHE_RULES[action].filter((c) => c === secretariat || c === approverRole),
    f,
    action,
  );
