import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { DomainError, ErrorCode } from '../core/errors';
import { parseGlobalId } from '../graphql/relay';
import { lockFund } from '../ledger/ledger.repository';
import { Award } from './award.entity';
import { Account } from '../ledger/ledger-entry.entity';
import type { FundFigures } from '../ledger/ledger.service';

/** The SQL that answers questions about awards; services and loaders call these by name. */

/** An organisation's awards in a fund: ever (first-grant categories) and still active (current grantees). */
export interface GrantHistory {
  everAwarded: boolean;
  activeAward: boolean;
}

/** `GrantHistory` of "organisation|fund" pairs, in one statement, in the order asked. */
export async function grantHistories(em: EntityManager, pairs: readonly string[]): Promise<GrantHistory[]> {
  const rows = await em.execute<{ k: string; active: boolean }[]>(
    `select organization_id || '|' || fund_id as k, bool_or(status = 'ACTIVE') as active from award
      where organization_id || '|' || fund_id in (?) group by organization_id, fund_id`,
    [[...pairs]],
  );
  const byKey = new Map(rows.map((r) => [r.k, r.active]));
  return pairs.map((p) => ({ everAwarded: byKey.has(p), activeAward: byKey.get(p) === true }));
}

/** Sum of the awards already made in a call (terminated ones included: their money was committed). */
export async function awardedInCall(em: EntityManager, callId: string): Promise<bigint> {
  const [s] = await awardedInCalls(em, [callId]);
  return s ?? 0n;
}

/** `awardedInCall` for many calls in one statement, in the order asked. */
export async function awardedInCalls(em: EntityManager, callIds: readonly string[]): Promise<bigint[]> {
  const rows = await em.execute<{ call_id: string; s: string }[]>(
    `select call_id, sum(amount_minor)::text as s from award where call_id in (?) group by call_id`,
    [[...callIds]],
  );
  const byCall = new Map(rows.map((r) => [r.call_id, BigInt(r.s)]));
  return callIds.map((id) => byCall.get(id) ?? 0n);
}

/** The award of each application (at most one), as rows for read-only views. */
export async function awardRowsOfApplications(em: EntityManager, applicationIds: readonly string[]) {
  return em.execute<Record<string, unknown>[]>(`select * from award where application_id in (?)`, [
    [...applicationIds],
  ]);
}

/** What a new commitment in a call is checked against (`assertRoomFor`), read in one statement. */
export interface CommitmentRoom {
  envelope: bigint;
  awardedInCall: bigint;
  /** The fund's money (`figures` of its ledger). */
  fund: FundFigures;
}

export async function commitmentRoom(em: EntityManager, fundId: string, callId: string): Promise<CommitmentRoom> {
  const net = (account: Account) =>
    `coalesce(sum(debit_minor - credit_minor) filter (where account = '${account}'), 0)::text`;
  const [row] = await em.execute<Record<'envelope' | 'awarded' | 'cash' | 'payable' | 'support', string>[]>(
    `select (select envelope_minor::text from grant_call where id = ?) as envelope,
            (select coalesce(sum(amount_minor), 0)::text from award where call_id = ?) as awarded,
            ${net(Account.CASH)} as cash, ${net(Account.GRANTS_PAYABLE)} as payable,
            ${net(Account.SUPPORT_COST_PAYABLE)} as support
       from ledger_entry where fund_id = ?`,
    [callId, callId, fundId],
  );
  if (!row?.envelope) throw new Error(`grant call ${callId} not found`);
  const cash = BigInt(row.cash);
  const committed = -BigInt(row.payable);
  const supportCostPayable = -BigInt(row.support);
  return {
    envelope: BigInt(row.envelope),
    awardedInCall: BigInt(row.awarded),
    fund: { cash, committed, supportCostPayable, available: cash - committed - supportCostPayable },
  };
}

/** Sum paid on the award's tranches (partial payments on an APPROVED or CANCELLED tranche included). */
export async function paidOnAward(tx: EntityManager, awardId: string): Promise<bigint> {
  const [row] = await tx.execute<{ s: string }[]>(
    `select coalesce(sum(paid_minor), 0)::text as s from tranche where award_id = ?`,
    [awardId],
  );
  return BigInt(row?.s ?? '0');
}

/** What a payment on an award is checked against, in one statement: paid on the award so far, the fund's cash. */
export async function paymentRoom(em: EntityManager, awardId: string, fundId: string) {
  const [row] = await em.execute<{ paid: string; cash: string }[]>(
    `select (select coalesce(sum(paid_minor), 0) from tranche where award_id = ?)::text as paid,
            coalesce(sum(debit_minor - credit_minor), 0)::text as cash
       from ledger_entry where fund_id = ? and account = '${Account.CASH}'`,
    [awardId, fundId],
  );
  return { paidOnAward: BigInt(row?.paid ?? '0'), cash: BigInt(row?.cash ?? '0') };
}

/** Paid so far per award, for a page of awards (awards with nothing paid are absent). */
export async function paidOnAwards(em: EntityManager, ids: readonly string[]): Promise<Map<string, bigint>> {
  const rows = await em.execute<{ award_id: string; s: string }[]>(
    `select award_id, sum(paid_minor)::text as s from tranche where award_id in (?) and paid_minor is not null group by award_id`,
    [[...ids]],
  );
  return new Map(rows.map((r) => [r.award_id, BigInt(r.s)]));
}

/** What the award still owes the grantee: the commitment not yet paid nor released. */
export async function outstandingCommitment(tx: EntityManager, award: Award): Promise<bigint> {
  return award.amountMinor - award.releasedMinor - (await paidOnAward(tx, award.id));
}

export async function lockAward(tx: EntityManager, id: string): Promise<Award> {
  return tx.findOneOrFail(Award, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

/** The fund lock first (the order of every money writer), then the award row. */
export async function lockAwardAndFund(tx: EntityManager, gid: string) {
  const { id } = parseGlobalId(gid, 'Award', 'awardId');
  const [row] = await tx.execute<{ fund_id: string }[]>(`select fund_id from award where id = ?`, [id]);
  if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Award not found.', 'awardId');
  const fund = await lockFund(tx, row.fund_id);
  return { fund, award: await lockAward(tx, id) };
}

/** Ids of the awards with an amendment waiting for the board (the board's list of amendments to vote on). */
export async function awardsWithPendingAmendment(em: EntityManager): Promise<string[]> {
  const rows = await em.execute<{ award_id: string }[]>(
    `select distinct award_id from award_amendment where status = 'PENDING'`,
  );
  return rows.map((r) => r.award_id);
}
