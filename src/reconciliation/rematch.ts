import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuditActor } from '../audit/audit.service';
import { move } from '../core/transition';
import type { Fund } from '../funds/fund.entity';
import { Pledge } from '../pledges/pledge.entity';
import { BankLineStatus, BankStatementLine } from './bank-statement.entity';
import { proposeMatch } from './matching';
import { openPledgeFacts } from './reconciliation.repository';
import { BANK_LINE_MACHINE, lineStatus } from './reconciliation.workflow';

/**
 * Matches the fund's UNMATCHED credits again against its open pledges, for a pledge that arrived
 * after the statement: each credit a pledge now fits becomes PROPOSED (one `bank_line.propose`
 * event), except with a pledge the secretariat already rejected for it. The caller holds the fund
 * lock (the order every money writer uses), so a line being confirmed or ignored is not touched.
 */
export async function rematchOpenLines(tx: EntityManager, by: AuditActor, fund: Fund): Promise<BankStatementLine[]> {
  const lines = await tx.find(
    BankStatementLine,
    { fund: fund.id, status: BankLineStatus.UNMATCHED },
    { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (!lines.length) return [];
  const pledges = await openPledgeFacts(tx, fund);
  const proposed: BankStatementLine[] = [];
  for (const line of lines) {
    const match = proposeMatch(
      line,
      pledges.filter((p) => !line.rejectedPledgeIds.includes(p.pledgeId)),
    );
    if ('none' in match) continue;
    await move(tx, by, BANK_LINE_MACHINE, line, lineStatus, BankLineStatus.PROPOSED, {
      action: 'bank_line.propose',
      fundId: fund.id,
      field: 'lineId',
      apply: () => {
        line.proposedPledge = tx.getReference(Pledge, match.pledgeId);
        line.matchKind = match.kind;
        line.matchScore = match.score;
        line.matchReasons = match.reasons;
      },
      detail: { pledgeId: match.pledgeId, matchKind: match.kind, matchScore: match.score },
    });
    proposed.push(line);
  }
  return proposed;
}
