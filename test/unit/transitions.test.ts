import { Machine, canMove } from '../../src/core/transition';
import { DomainError, ErrorCode } from '../../src/core/errors';
import { APPLICATION_MACHINE } from '../../src/applications/application.workflow';
import { ApplicationStatus } from '../../src/applications/application.entity';
import { REPORT_MACHINE, REPORT_TRANSITIONS } from '../../src/reports/report.workflow';
import { ReportStatus } from '../../src/reports/report.entity';
import { TRANCHE_MACHINE, TRANCHE_TRANSITIONS } from '../../src/tranches/tranche.workflow';
import { TrancheStatus } from '../../src/tranches/tranche.entity';
import { GrantCallStatus } from '../../src/calls/grant-call.entity';
import { CALL_MACHINE } from '../../src/calls/grant-call.workflow';
import { VETTING_MACHINE } from '../../src/organizations/organization.service';
import { VettingStatus } from '../../src/organizations/organization.entity';
import { MATCH_MACHINE } from '../../src/sanctions/sanctions.service';
import { SanctionsMatchStatus } from '../../src/sanctions/sanctions.entity';
import { PLEDGE_MACHINE } from '../../src/pledges/pledge.service';
import { PledgeStatus } from '../../src/pledges/pledge.entity';
import { CONTRIBUTION_MACHINE, DISPUTE_MACHINE } from '../../src/contributions/contribution.ledger';
import { AWARD_MACHINE } from '../../src/awards/award.workflow';
import { AwardStatus } from '../../src/awards/award.entity';
import { AMENDMENT_MACHINE } from '../../src/amendments/amendment.workflow';
import { AmendmentStatus } from '../../src/amendments/award-amendment.entity';
import { ContributionStatus, DisputeStatus } from '../../src/contributions/contribution.entity';
import { ACCEPTANCE_MACHINE } from '../../src/awards/acceptance.workflow';
import { BANK_LINE_MACHINE } from '../../src/reconciliation/reconciliation.workflow';
import { BankLineStatus } from '../../src/reconciliation/bank-statement.entity';
import { RECEIPT_MACHINE } from '../../src/tranches/receipt.workflow';
import { ReceiptStatus } from '../../src/tranches/tranche-payment.entity';
import { CONCEPT_MACHINE } from '../../src/concepts/concept-note.workflow';

const machines = [
  APPLICATION_MACHINE,
  TRANCHE_MACHINE,
  REPORT_MACHINE,
  CALL_MACHINE,
  VETTING_MACHINE,
  MATCH_MACHINE,
  PLEDGE_MACHINE,
  CONTRIBUTION_MACHINE,
  AWARD_MACHINE,
  AMENDMENT_MACHINE,
  DISPUTE_MACHINE,
  BANK_LINE_MACHINE,
  ACCEPTANCE_MACHINE,
  RECEIPT_MACHINE,
  CONCEPT_MACHINE,
] as Machine<string>[];

describe('state machines as tables', () => {
  it.each(machines.map((m) => [m.entity, m]))(
    '%s: every status is in the table and every move joins two of them',
    (_, m) => {
      expect(new Set(m.statuses).size).toBe(m.statuses.length);
      for (const move of m.moves) {
        expect(m.statuses).toContain(move.from);
        expect(m.statuses).toContain(move.to);
        expect(move.from).not.toBe(move.to);
        expect(move.who.length).toBeGreaterThan(0);
      }
      // No duplicated row: one (from, to) is one move.
      const keys = m.moves.map((x) => `${x.from}>${x.to}`);
      expect(new Set(keys).size).toBe(keys.length);
    },
  );

  it('refuses a move that is not in the table with a coded INVALID_STATE, naming both statuses', () => {
    let error: unknown;
    try {
      TRANCHE_MACHINE.assert(TrancheStatus.PAID, TrancheStatus.REQUESTED, 'trancheId');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: ErrorCode.INVALID_STATE, field: 'trancheId' });
    expect((error as Error).message).toBe('A PAID tranche cannot become REQUESTED.');
  });

  it('has no way out of the terminal statuses', () => {
    expect(TRANCHE_MACHINE.next(TrancheStatus.PAID)).toEqual([]);
    expect(TRANCHE_MACHINE.next(TrancheStatus.CANCELLED)).toEqual([]);
    expect(REPORT_MACHINE.next(ReportStatus.ACCEPTED)).toEqual([]);
    expect(REPORT_MACHINE.next(ReportStatus.WAIVED)).toEqual([]);
    expect(APPLICATION_MACHINE.next(ApplicationStatus.WITHDRAWN)).toEqual([]);
    expect(CALL_MACHINE.next(GrantCallStatus.DECIDED)).toEqual([]);
    expect(CALL_MACHINE.next(GrantCallStatus.CANCELLED)).toEqual([]);
    expect(MATCH_MACHINE.next(SanctionsMatchStatus.CONFIRMED)).toEqual([]);
    expect(PLEDGE_MACHINE.next(PledgeStatus.CANCELLED)).toEqual([]);
    expect(BANK_LINE_MACHINE.next(BankLineStatus.CONFIRMED)).toEqual([]);
    expect(AWARD_MACHINE.next(AwardStatus.COMPLETED)).toEqual([]);
    expect(AWARD_MACHINE.next(AwardStatus.TERMINATED)).toEqual([]);
    expect(AMENDMENT_MACHINE.next(AmendmentStatus.APPROVED)).toEqual([]);
    expect(AMENDMENT_MACHINE.next(AmendmentStatus.REJECTED)).toEqual([]);
    expect(DISPUTE_MACHINE.next(DisputeStatus.WON)).toEqual([]);
    expect(DISPUTE_MACHINE.next(DisputeStatus.LOST)).toEqual([]);
    expect(RECEIPT_MACHINE.next(ReceiptStatus.CONFIRMED)).toEqual([]);
    expect(RECEIPT_MACHINE.next(ReceiptStatus.RESOLVED)).toEqual([]);
  });

  it('lets every move its facts imply be made by the derived statuses (pledge, contribution)', () => {
    const derived = [PledgeStatus.PLEDGED, PledgeStatus.PARTIALLY_PAID, PledgeStatus.FULFILLED];
    for (const from of derived)
      for (const to of derived) if (from !== to) expect(PLEDGE_MACHINE.allows(from, to)).toBe(true);
    // A receipt can be refunded or disputed, and a won dispute brings it back.
    expect(CONTRIBUTION_MACHINE.allows(ContributionStatus.PENDING, ContributionStatus.RECEIVED)).toBe(true);
    expect(CONTRIBUTION_MACHINE.allows(ContributionStatus.DISPUTED, ContributionStatus.RECEIVED)).toBe(true);
    expect(CONTRIBUTION_MACHINE.allows(ContributionStatus.RECEIVED, ContributionStatus.PENDING)).toBe(false);
  });

  it('names the entity in its refusals', () => {
    expect(() => VETTING_MACHINE.assert(VettingStatus.VERIFIED, VettingStatus.VERIFIED, 'status')).toThrow(
      'A VERIFIED organisation cannot become VERIFIED.',
    );
    expect(() => MATCH_MACHINE.assert(SanctionsMatchStatus.CONFIRMED, SanctionsMatchStatus.CLEARED)).toThrow(
      'A CONFIRMED match cannot become CLEARED.',
    );
    expect(() => CONTRIBUTION_MACHINE.assert(ContributionStatus.REFUNDED, ContributionStatus.PENDING)).toThrow(
      'A REFUNDED contribution cannot become PENDING.',
    );
    expect(CALL_MACHINE.allows(GrantCallStatus.DRAFT, GrantCallStatus.DECIDED)).toBe(false);
    expect(() => AWARD_MACHINE.assert(AwardStatus.COMPLETED, AwardStatus.TERMINATED)).toThrow(
      'A COMPLETED award cannot become TERMINATED.',
    );
    expect(() => AMENDMENT_MACHINE.assert(AmendmentStatus.REJECTED, AmendmentStatus.APPROVED)).toThrow(
      'A REJECTED amendment cannot become APPROVED.',
    );
    expect(() => DISPUTE_MACHINE.assert(DisputeStatus.WON, DisputeStatus.LOST)).toThrow(
      'A WON dispute cannot become LOST.',
    );
  });

  it('says who makes each move', () => {
    expect(REPORT_MACHINE.whoMoves(ReportStatus.DUE, ReportStatus.OVERDUE)).toEqual(['SYSTEM']);
    expect(REPORT_MACHINE.whoMoves(ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)).toEqual(['SECRETARIAT']);
    expect(TRANCHE_MACHINE.whoMoves(TrancheStatus.SCHEDULED, TrancheStatus.PAID)).toEqual([]);
    expect(AWARD_MACHINE.whoMoves(AwardStatus.ACTIVE, AwardStatus.COMPLETED)).toEqual(['SYSTEM']);
    expect(AWARD_MACHINE.whoMoves(AwardStatus.ACTIVE, AwardStatus.TERMINATED)).toEqual(['SECRETARIAT']);
    expect(CALL_MACHINE.whoMoves(GrantCallStatus.OPEN, GrantCallStatus.CLOSED)).toEqual(['SECRETARIAT', 'SYSTEM']);
  });

  it('derives the from → [to] tables the older code reads from the machines', () => {
    expect(canMove(TRANCHE_TRANSITIONS, TrancheStatus.APPROVED, TrancheStatus.PAID)).toBe(true);
    expect(canMove(TRANCHE_TRANSITIONS, TrancheStatus.SCHEDULED, TrancheStatus.PAID)).toBe(false);
    expect(canMove(REPORT_TRANSITIONS, ReportStatus.OVERDUE, ReportStatus.SUBMITTED)).toBe(true);
    expect(canMove(REPORT_TRANSITIONS, ReportStatus.ACCEPTED, ReportStatus.SUBMITTED)).toBe(false);
  });

  it('rejects a table that names an unknown status', () => {
    expect(() => new Machine('Thing', ['A', 'B'], [{ from: 'A', to: 'C' as 'B', who: ['X'] }])).toThrow(
      /unknown status/,
    );
  });
});
