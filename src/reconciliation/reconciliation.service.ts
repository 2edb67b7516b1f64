import { createHash } from 'node:crypto';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { auditActor, recordAudit } from '../audit/audit.service';
import { authorize } from '../auth/policy';
import { DomainError, ErrorCode } from '../core/errors';
import { formatMinor } from '../core/money';
import { transition } from '../core/transition';
import { duplicate, recordWireIn } from '../contributions/wire.service';
import type { Contribution } from '../contributions/contribution.entity';
import { getByGlobalId } from '../db/find';
import { Fund } from '../funds/fund.entity';
import { globalId, parseGlobalId } from '../graphql/relay';
import { lockFund } from '../ledger/ledger.repository';
import { Pledge } from '../pledges/pledge.entity';
import type { Acting } from '../services';
import { BankLineStatus, BankStatement, BankStatementLine } from './bank-statement.entity';
import { proposeMatch, type PledgeFacts } from './matching';
import { canReconcile } from './reconciliation.policy';
import { lineFundId, openPledgeFacts } from './reconciliation.repository';
import type {
  BankStatementLineActionInput,
  ConfirmBankStatementLineInput,
  IgnoreBankStatementLineInput,
  ImportBankStatementInput,
  RejectBankStatementMatchInput,
  RematchBankStatementLinesInput,
} from './reconciliation.types';
import { rematchOpenLines } from './rematch';
import { BANK_LINE_MACHINE, lineStatus } from './reconciliation.workflow';
import { parseStatement, type ParsedLine, type ParsedStatement } from './statement-parsers';

export interface ImportResult {
  statements: BankStatement[];
  added: BankStatementLine[];
  alreadyImported: number;
}

function lineSnapshot(l: BankStatementLine): Record<string, unknown> {
  return {
    lineRef: l.lineRef,
    amountMinor: l.amountMinor.toString(),
    currency: l.currency,
    valueDate: l.valueDate,
    status: l.status,
    proposedPledgeId: l.proposedPledge?.id ?? null,
    matchKind: l.matchKind,
    matchScore: l.matchScore,
  };
}

/** A bank may repeat a reference inside one statement; the n-th repeat is keyed `ref#n`, the same on every import. */
function keyed(lines: ParsedLine[]): (ParsedLine & { key: string })[] {
  const seen = new Map<string, number>();
  return lines.map((l) => {
    const n = (seen.get(l.ref) ?? 0) + 1;
    seen.set(l.ref, n);
    return { ...l, key: n === 1 ? l.ref : `${l.ref}#${n}`.slice(-100) };
  });
}

async function importOne(
  tx: EntityManager,
  ctx: Acting,
  fund: Fund,
  parsed: ParsedStatement,
  sha256: string,
  pledges: PledgeFacts[],
): Promise<{ statement: BankStatement; added: BankStatementLine[]; known: number; created: boolean }> {
  let statement = await tx.findOne(BankStatement, {
    fund: fund.id,
    account: parsed.account,
    statementRef: parsed.statementRef,
  });
  const created = !statement;
  if (!statement) {
    statement = new BankStatement({
      fund,
      format: parsed.format,
      statementRef: parsed.statementRef,
      account: parsed.account,
      sha256,
      importedById: ctx.actor.userId,
    });
    statement.skippedCount = parsed.skipped;
    tx.persist(statement);
  }
  const known = created
    ? new Set<string>()
    : new Set((await tx.find(BankStatementLine, { statement: statement.id })).map((l) => l.lineRef));
  const added: BankStatementLine[] = [];
  for (const p of keyed(parsed.lines)) {
    if (known.has(p.key)) continue;
    const line = new BankStatementLine(statement, {
      lineRef: p.key,
      amountMinor: p.amountMinor,
      currency: p.currency,
      valueDate: p.valueDate,
    });
    line.bookingDate = p.bookingDate;
    line.remittance = p.remittance;
    line.debtorName = p.debtorName?.slice(0, 300) ?? null;
    line.debtorAccount = p.debtorAccount?.slice(0, 100) ?? null;
    const match = proposeMatch(p, pledges);
    if ('none' in match) {
      line.matchReasons = match.none;
    } else {
      line.status = BankLineStatus.PROPOSED;
      line.proposedPledge = tx.getReference(Pledge, match.pledgeId);
      line.matchKind = match.kind;
      line.matchScore = match.score;
      line.matchReasons = match.reasons;
    }
    tx.persist(line);
    added.push(line);
  }
  return { statement, added, known: parsed.lines.length - added.length, created };
}

/**
 * Imports a camt.053 or MT940 file of the fund's account: every booked credit becomes a line of the
 * reconciliation queue, proposed to the pledge it fits best (exact, else fuzzy with a score) or left
 * unmatched. Nothing is recorded as received here. A statement already imported (same account and
 * statement id) adds only lines it did not have, so importing a file twice writes nothing twice.
 */
export async function importBankStatement(ctx: Acting, input: ImportBankStatementInput): Promise<ImportResult> {
  authorize(canReconcile(ctx.actor, parseGlobalId(input.fundId, 'Fund', 'fundId').id));
  const parsed = parseStatement(input.format, input.content);
  const sha256 = createHash('sha256').update(input.content, 'utf8').digest('hex');
  try {
    return await ctx.em.transactional(async (tx) => {
      const found = await getByGlobalId(tx, Fund, 'Fund', input.fundId, 'fundId');
      const role = authorize(canReconcile(ctx.actor, found.id));
      // Imports and confirmations of one fund queue on its row: two imports of one file meet here.
      const fund = await lockFund(tx, found.id);
      const pledges = await openPledgeFacts(tx, fund);
      const result: ImportResult = { statements: [], added: [], alreadyImported: 0 };
      const audits = [];
      for (const p of parsed) {
        const one = await importOne(tx, ctx, fund, p, sha256, pledges);
        result.statements.push(one.statement);
        result.added.push(...one.added);
        result.alreadyImported += one.known;
        if (one.created || one.added.length) audits.push({ one, p });
      }
      await tx.flush();
      // Older credits that waited unmatched may fit pledges made since their statement.
      await rematchOpenLines(tx, auditActor(ctx, role), fund);
      for (const { one, p } of audits) {
        await recordAudit(tx, auditActor(ctx, role), {
          action: 'bank_statement.import',
          entityType: 'BankStatement',
          entityId: one.statement.id,
          fundId: fund.id,
          after: {
            format: p.format,
            statementRef: p.statementRef,
            account: p.account,
            sha256,
            skipped: p.skipped,
            alreadyImported: one.known,
            lines: one.added.map((l) => ({ id: l.id, ...lineSnapshot(l) })),
          },
        });
      }
      return result;
    });
  } catch (e) {
    // The same file imported twice at once: the one that lost the race finds it imported.
    if (e instanceof UniqueConstraintViolationException) {
      throw new DomainError(ErrorCode.DUPLICATE_REFERENCE, 'This statement is being imported right now.', 'content');
    }
    throw e;
  }
}

/** Loads a line after taking the fund lock and then the line's, the order every money writer uses. */
async function lockLine(tx: EntityManager, ctx: Acting, gid: string) {
  const { id } = parseGlobalId(gid, 'BankStatementLine', 'lineId');
  const fundId = await lineFundId(tx, id);
  if (!fundId) throw new DomainError(ErrorCode.NOT_FOUND, 'Statement line not found.', 'lineId');
  const decision = canReconcile(ctx.actor, fundId);
  authorize(decision);
  const fund = await lockFund(tx, fundId);
  const line = await tx.findOneOrFail(
    BankStatementLine,
    { id },
    { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['statement'] },
  );
  return { fund, line, decision };
}

/** The donor a confirmed line is recorded for: the pledge's, or the one named for a credit without pledge. */
async function donorFor(tx: EntityManager, input: ConfirmBankStatementLineInput, pledgeGid: string | null) {
  if (pledgeGid) {
    const pledge = await getByGlobalId(tx, Pledge, 'Pledge', pledgeGid, 'pledgeId');
    return globalId('Organization', pledge.donorOrganization.id);
  }
  if (input.donorOrganizationId) return input.donorOrganizationId;
  throw new DomainError(
    ErrorCode.INVALID_VALUE,
    'Nothing is proposed for this credit: name the pledge it pays (or the donor it came from).',
    'pledgeId',
  );
}

/**
 * Confirms a statement credit: records it as a wire contribution through the wire path itself
 * (`recordWireIn`: the same checks, exchange rate, ledger lines, pledge update and audit event) and
 * marks the line CONFIRMED, in one transaction. A second confirmation returns the line unchanged.
 */
export async function confirmBankLine(
  ctx: Acting,
  input: ConfirmBankStatementLineInput,
): Promise<{ line: BankStatementLine; contribution: Contribution | null }> {
  let reference = '';
  try {
    return await ctx.em.transactional(async (tx) => {
      const { fund, line, decision } = await lockLine(tx, ctx, input.lineId);
      if (line.status === BankLineStatus.CONFIRMED) return { line, contribution: line.contribution };
      // An ignored credit is reopened first; nothing is recorded for it before.
      BANK_LINE_MACHINE.assert(line.status, BankLineStatus.CONFIRMED, 'lineId');
      const pledgeGid = input.pledgeId ?? (line.proposedPledge ? globalId('Pledge', line.proposedPledge.id) : null);
      reference = line.lineRef;
      const contribution = await recordWireIn(tx, ctx, {
        fundId: globalId('Fund', fund.id),
        donorOrganizationId: await donorFor(tx, input, pledgeGid),
        pledgeId: pledgeGid ?? undefined,
        amount: formatMinor(line.amountMinor, line.currency),
        currency: line.currency,
        valueDate: line.valueDate,
        bankReference: reference,
        exchangeRate: input.exchangeRate,
        note: input.note ?? `Bank statement ${line.statement.statementRef}, line ${line.lineRef}`,
      });
      const now = ctx.app.clock.now();
      await transition(tx, ctx, BANK_LINE_MACHINE, line, lineStatus, BankLineStatus.CONFIRMED, decision, {
        action: 'bank_line.confirm',
        fundId: fund.id,
        field: 'lineId',
        apply: () => {
          line.contribution = contribution;
          line.decidedById = ctx.actor.userId;
          line.decidedAt = now;
        },
        detail: {
          contributionId: contribution.id,
          pledgeId: contribution.pledge?.id ?? null,
          proposedPledgeId: line.proposedPledge?.id ?? null,
          amountMinor: line.amountMinor.toString(),
          currency: line.currency,
        },
      });
      return { line, contribution };
    });
  } catch (e) {
    // The credit's bank reference was recorded at the same moment by recordWireContribution.
    if (e instanceof UniqueConstraintViolationException && reference) throw duplicate(reference);
    throw e;
  }
}

/** Rejects the proposed pledge: the line goes back to the queue, unmatched, with the reason. */
export async function rejectBankLineMatch(
  ctx: Acting,
  input: RejectBankStatementMatchInput,
): Promise<BankStatementLine> {
  return ctx.em.transactional(async (tx) => {
    const { fund, line, decision } = await lockLine(tx, ctx, input.lineId);
    const rejected = line.proposedPledge?.id ?? null;
    return transition(tx, ctx, BANK_LINE_MACHINE, line, lineStatus, BankLineStatus.UNMATCHED, decision, {
      action: 'bank_line.reject_match',
      fundId: fund.id,
      field: 'lineId',
      apply: () => {
        line.proposedPledge = null;
        line.matchKind = null;
        line.matchScore = null;
        line.matchReasons = [`proposal rejected: ${input.reason}`];
        line.rejectReason = input.reason;
        if (rejected) line.rejectedPledgeIds = [...line.rejectedPledgeIds, rejected];
        line.decidedById = ctx.actor.userId;
        line.decidedAt = ctx.app.clock.now();
      },
      detail: { rejectedPledgeId: rejected, reason: input.reason },
    });
  });
}

/**
 * Sets a credit aside as no donation (bank interest, a transfer between the fund's own accounts, a
 * refund of the fund's own payment): it leaves the queue with its reason, nothing is recorded.
 */
export async function ignoreBankLine(ctx: Acting, input: IgnoreBankStatementLineInput): Promise<BankStatementLine> {
  return ctx.em.transactional(async (tx) => {
    const { fund, line, decision } = await lockLine(tx, ctx, input.lineId);
    const proposed = line.proposedPledge?.id ?? null;
    return transition(tx, ctx, BANK_LINE_MACHINE, line, lineStatus, BankLineStatus.IGNORED, decision, {
      action: 'bank_line.ignore',
      fundId: fund.id,
      field: 'lineId',
      apply: () => {
        line.proposedPledge = null;
        line.matchKind = null;
        line.matchScore = null;
        line.ignoreReason = input.reason;
        line.decidedById = ctx.actor.userId;
        line.decidedAt = ctx.app.clock.now();
      },
      detail: { reason: input.reason, proposedPledgeId: proposed },
    });
  });
}

/** Puts an ignored credit back in the queue, unmatched (it was a donation after all). */
export async function reopenBankLine(ctx: Acting, input: BankStatementLineActionInput): Promise<BankStatementLine> {
  return ctx.em.transactional(async (tx) => {
    const { fund, line, decision } = await lockLine(tx, ctx, input.lineId);
    const reason = line.ignoreReason;
    return transition(tx, ctx, BANK_LINE_MACHINE, line, lineStatus, BankLineStatus.UNMATCHED, decision, {
      action: 'bank_line.reopen',
      fundId: fund.id,
      field: 'lineId',
      apply: () => {
        line.ignoreReason = null;
        line.matchReasons = [`reopened after being ignored: ${reason ?? ''}`.trim()];
        line.decidedById = ctx.actor.userId;
        line.decidedAt = ctx.app.clock.now();
      },
      beforeDetail: { ignoreReason: reason },
    });
  });
}

/** Matches the fund's unmatched credits again against its open pledges now (also done by each import and pledge). */
export async function rematchBankLines(
  ctx: Acting,
  input: RematchBankStatementLinesInput,
): Promise<BankStatementLine[]> {
  return ctx.em.transactional(async (tx) => {
    const found = await getByGlobalId(tx, Fund, 'Fund', input.fundId, 'fundId');
    const role = authorize(canReconcile(ctx.actor, found.id));
    const fund = await lockFund(tx, found.id);
    return rematchOpenLines(tx, auditActor(ctx, role), fund);
  });
}
