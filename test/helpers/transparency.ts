import { randomUUID } from 'node:crypto';
import { expectNoErrors, type GqlClient, type TestApp } from './app';
import { openCall, recommended, vote } from './grants';
import { dbId } from './money';

export interface Cast {
  sec: GqlClient;
  ngo: GqlClient;
  trustees: GqlClient[];
}

export async function cast(app: TestApp): Promise<Cast> {
  const [sec, ngo, ...trustees] = await Promise.all(
    (['SECRETARIAT', 'NGO', 'BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3', 'TRUSTEE4'] as const).map((r) => app.as(r)),
  );
  return { sec: sec!, ngo: ngo!, trustees };
}

/** A full award through the API (new call, application, review, recommendation, three approvals). */
export async function makeAward(
  c: Cast,
  fund: string,
  amount = '30000.00',
): Promise<{ applicationId: string; awardId: string; trancheIds: string[] }> {
  const callId = await openCall(c.sec, fund, { envelope: '1000000.00', maxAward: '100000.00' });
  const applicationId = await recommended(c.ngo, c.sec, c.trustees[0]!, callId, amount);
  for (const t of c.trustees.slice(0, 3)) {
    const v = await vote(t, applicationId);
    if (v.errors.length) throw new Error(JSON.stringify(v.errors));
  }
  const a = expectNoErrors(
    await c.sec.gql(`query($id: String!) { application(id: $id) { status award { id tranches { id } } } }`, {
      id: applicationId,
    }),
  ).application;
  if (a.status !== 'AWARDED') throw new Error(`application is ${a.status}`);
  return {
    applicationId,
    awardId: dbId(a.award.id),
    trancheIds: a.award.tranches.map((t: { id: string }) => dbId(t.id)),
  };
}

/**
 * Posts a balanced group by SQL in the shape the post-award branch (issue 5) writes, for
 * TRANCHE_PAID, GRANT_REFUND_RECEIVED and COMMITMENT_RELEASED: their mutations are not on this
 * branch yet (contract in wave2.md).
 */
export async function postGroup(
  app: TestApp,
  kind: 'TRANCHE_PAID' | 'GRANT_REFUND_RECEIVED' | 'COMMITMENT_RELEASED',
  sourceId: string,
  minor: bigint,
  valueDate: string,
): Promise<void> {
  const [debit, credit, sourceType] =
    kind === 'TRANCHE_PAID'
      ? ['GRANTS_PAYABLE', 'CASH', 'Tranche']
      : kind === 'GRANT_REFUND_RECEIVED'
        ? ['CASH', 'GRANT_EXPENSE', 'Award']
        : ['GRANTS_PAYABLE', 'GRANT_EXPENSE', 'Award'];
  const [fund] = await app.sql<{ id: string }>(`select id from fund where code = 'UNVTF'`);
  await app.sql(
    `insert into ledger_entry (txn_id, fund_id, account, debit_minor, credit_minor, currency, kind, source_type, source_id, description, value_date)
     values ($1::uuid, $2, $3, $5, 0, 'USD', $6, $7, $8, 'test group', $9::date),
            ($1::uuid, $2, $4, 0, $5, 'USD', $6, $7, $8, 'test group', $9::date)`,
    [randomUUID(), fund!.id, debit, credit, minor.toString(), kind, sourceType, sourceId, valueDate],
  );
}

/** Marks a tranche paid the way issue 5 will (columns of the contract), when those columns exist. */
export async function markTranchePaid(app: TestApp, trancheId: string, minor: bigint, paidOn: string): Promise<void> {
  const cols = await app.sql<{ column_name: string }>(
    `select column_name from information_schema.columns where table_name = 'tranche' and column_name in ('paid_minor', 'paid_on')`,
  );
  if (cols.length === 2) {
    await app.sql(`update tranche set status = 'PAID', paid_minor = $2, paid_on = $3 where id = $1`, [
      trancheId,
      minor.toString(),
      paidOn,
    ]);
  } else {
    await app.sql(`update tranche set status = 'PAID' where id = $1`, [trancheId]);
  }
  await postGroup(app, 'TRANCHE_PAID', trancheId, minor, paidOn);
}
