import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditActor } from '../audit/audit.service';
import { Award, AwardStatus } from './award.entity';
import { Report, ReportKind, ReportStatus } from '../reports/report.entity';
import { Tranche, TrancheStatus } from '../tranches/tranche.entity';
import { isoDate } from '../core/clock';
import { post } from '../ledger/ledger.service';
import type { Fund } from '../funds/fund.entity';
import { Account, LedgerEventKind } from '../ledger/ledger-entry.entity';
import { commitmentRoom, outstandingCommitment } from './award.repository';
import type { GrantCall } from '../calls/grant-call.entity';
import { DomainError, ErrorCode } from '../core/errors';
import { formatMinor } from '../core/money';
import { move } from '../core/transition';
import { AWARD_MACHINE, AWARD_STATUS } from './award.workflow';

/** Gives back part of the commitment to the fund (COMMITMENT_RELEASED), in the caller's transaction. */
export function releaseCommitment(tx: EntityManager, fund: Fund, award: Award, amount: bigint, why: string, now: Date) {
  if (amount <= 0n) return;
  award.releasedMinor += amount;
  post(tx, {
    fund,
    kind: LedgerEventKind.COMMITMENT_RELEASED,
    sourceType: 'Award',
    sourceId: award.id,
    description: why.slice(0, 500),
    valueDate: isoDate(now),
    lines: [
      { account: Account.GRANTS_PAYABLE, debit: amount },
      { account: Account.GRANT_EXPENSE, credit: amount },
    ],
  });
}

/**
 * The room a new commitment needs, checked at this moment under the fund lock: within the call's
 * remaining envelope (OVER_ENVELOPE), then within the fund's available money (INSUFFICIENT_FUNDS).
 * Used by the award and by an amendment that increases it; `what` names the amount in messages.
 */
export async function assertRoomFor(
  tx: EntityManager,
  fund: Fund,
  call: Pick<GrantCall, 'id'>,
  amount: bigint,
  what: string,
) {
  const c = fund.baseCurrency;
  const room = await commitmentRoom(tx, fund.id, call.id);
  const remaining = room.envelope - room.awardedInCall;
  if (amount > remaining) {
    throw new DomainError(
      ErrorCode.OVER_ENVELOPE,
      `${what} exceeds the call's remaining envelope of ${formatMinor(remaining, c)} ${c}.`,
    );
  }
  const { available } = room.fund;
  if (amount > available) {
    throw new DomainError(
      ErrorCode.INSUFFICIENT_FUNDS,
      `${what} exceeds the fund's available ${formatMinor(available, c)} ${c}.`,
    );
  }
}

/** Reports an award owes before it can close: the final report and the external audit. */
const CLOSING_REPORTS = [ReportKind.FINAL, ReportKind.AUDIT];

/**
 * Close-out, run after every event that can finish an award (report accepted or waived, tranche
 * paid or cancelled), in the same transaction: the final report accepted, any AUDIT report
 * accepted or waived, and every tranche PAID or CANCELLED → COMPLETED; what is left of the
 * commitment (an unpaid rest) is released.
 */
export async function completeIfDone(tx: EntityManager, actor: AuditActor, award: Award, fund: Fund, now: Date) {
  if (award.status !== AwardStatus.ACTIVE) return;
  const tranches = await tx.find(Tranche, { award: award.id });
  const settled = tranches.every((t) => t.status === TrancheStatus.PAID || t.status === TrancheStatus.CANCELLED);
  if (!settled) return;
  const closing = await tx.find(Report, { award: award.id, kind: { $in: CLOSING_REPORTS } });
  const finals = closing.filter((r) => r.kind === ReportKind.FINAL);
  const finalAccepted = finals.length > 0 && finals.every((r) => r.status === ReportStatus.ACCEPTED);
  const auditDone = closing
    .filter((r) => r.kind === ReportKind.AUDIT)
    .every((r) => r.status === ReportStatus.ACCEPTED || r.status === ReportStatus.WAIVED);
  if (!finalAccepted || !auditDone) return;
  const left = await outstandingCommitment(tx, award);
  releaseCommitment(tx, fund, award, left, `Close-out of award ${award.id}: unpaid commitment released`, now);
  await move(tx, actor, AWARD_MACHINE, award, AWARD_STATUS, AwardStatus.COMPLETED, {
    action: 'award.complete',
    fundId: fund.id,
    apply: () => (award.closedAt = now),
    detail: { releasedMinor: left },
  });
}
