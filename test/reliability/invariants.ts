import { expectNoErrors, type GqlClient, type TestApp } from '../helpers/app';

/** What the checks need of an app: SQL on its database and clients by role. */
export type Checked = Pick<TestApp, 'sql' | 'as'>;
import { ledgerCheck } from '../helpers/money';

/** Runs `fn` over `items` with at most `n` in flight (set-up traffic; races fire all at once). */
export async function pool<T, R>(items: T[], n: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) {
        const k = i++;
        out[k] = await fn(items[k]!, k);
      }
    }),
  );
  return out;
}

/**
 * The money invariants, checked three ways: SQL over the ledger, the API's reconciliation
 * (`ledgerCheck`) and the audit chain (`verifyAuditTrail`).
 */
export async function expectMoneyInvariants(app: Checked, fundGid: string): Promise<void> {
  const staff = await app.as('SECRETARIAT');
  const auditor = await app.as('AUDITOR');
  const unbalanced = await app.sql(
    `select txn_id from ledger_entry group by txn_id having sum(debit_minor) <> sum(credit_minor)`,
  );
  expect(unbalanced).toEqual([]);
  const [{ available }] = await app.sql<{ available: string }>(
    `select coalesce(sum(case when account in ('CASH', 'GRANTS_PAYABLE', 'SUPPORT_COST_PAYABLE')
                          then debit_minor - credit_minor else 0 end), 0)::text as available from ledger_entry`,
  );
  expect(BigInt(available)).toBeGreaterThanOrEqual(0n);
  // No award paid beyond its amount (tranche payments are TRANCHE_PAID groups with sourceType Tranche).
  const overpaid = await app.sql(
    `select a.id from award a
       join tranche t on t.award_id = a.id
       join ledger_entry l on l.source_type = 'Tranche' and l.source_id = t.id::text
                          and l.kind = 'TRANCHE_PAID' and l.account = 'CASH'
      group by a.id, a.amount_minor having sum(l.credit_minor) - sum(l.debit_minor) > a.amount_minor`,
  );
  expect(overpaid).toEqual([]);
  const check = await ledgerCheck(staff, fundGid);
  expect({ ok: check.ok, differences: check.differences, unbalanced: check.unbalancedGroups }).toEqual({
    ok: true,
    differences: [],
    unbalanced: [],
  });
  expect(check.balance.available.minorUnits).toBe(available);
  await expectAuditChainValid(auditor);
}

export async function expectAuditChainValid(auditor: GqlClient): Promise<void> {
  const v = expectNoErrors(
    await auditor.gql<{ verifyAuditTrail: { ok: boolean; message: string } }>(
      '{ verifyAuditTrail { ok message checked } }',
    ),
  ).verifyAuditTrail;
  expect(v).toMatchObject({ ok: true });
}

/**
 * Change and audit agree, and money changes have exactly one ledger group: nothing half-written.
 */
export async function expectChangesMatchTheirTrail(app: Checked): Promise<void> {
  const q = async (sql: string) => app.sql(sql);
  // A RECEIVED contribution has exactly one CONTRIBUTION_RECEIVED group, PENDING/FAILED none, a reversed one at most one.
  expect(
    await q(`select c.id, c.status, count(distinct l.txn_id)::int n from contribution c
               left join ledger_entry l on l.source_type = 'Contribution' and l.source_id = c.id::text
                                       and l.kind = 'CONTRIBUTION_RECEIVED'
              group by c.id, c.status
             having (c.status = 'RECEIVED' and count(distinct l.txn_id) <> 1)
                 or (c.status in ('PENDING', 'FAILED') and count(distinct l.txn_id) <> 0)
                 or count(distinct l.txn_id) > 1`),
  ).toEqual([]);
  // Every wire has its audit event, and every record_wire event its contribution.
  expect(
    await q(`select c.id from contribution c where c.channel = 'WIRE' and not exists
               (select 1 from audit_event e where e.entity_type = 'Contribution' and e.entity_id = c.id::text
                  and e.action = 'contribution.record_wire')`),
  ).toEqual([]);
  expect(
    await q(`select e.entity_id from audit_event e where e.action = 'contribution.record_wire'
               and not exists (select 1 from contribution c where c.id::text = e.entity_id)`),
  ).toEqual([]);
  // Every award: one award.create event and one AWARD_COMMITTED group; and the converse.
  expect(
    await q(`select a.id from award a
              where (select count(*) from audit_event e where e.entity_type = 'Award' and e.entity_id = a.id::text
                       and e.action = 'award.create') <> 1
                 or (select count(distinct txn_id) from ledger_entry l where l.kind = 'AWARD_COMMITTED'
                       and l.source_id = a.id::text) <> 1`),
  ).toEqual([]);
  expect(
    await q(`select e.entity_id from audit_event e where e.action = 'award.create'
               and not exists (select 1 from award a where a.id::text = e.entity_id)`),
  ).toEqual([]);
  // Every organisation has its creation event and every creation event its organisation.
  expect(
    await q(`select o.id from organization o where (select count(*) from audit_event e
               where e.entity_type = 'Organization' and e.entity_id = o.id::text
                 and e.action in ('organization.create', 'organization.register')) <> 1`),
  ).toEqual([]);
  expect(
    await q(`select e.entity_id from audit_event e where e.action in ('organization.create', 'organization.register')
               and not exists (select 1 from organization o where o.id::text = e.entity_id)`),
  ).toEqual([]);
  // An organisation's website is what its latest organization.update event says it became.
  expect(
    await q(`select o.id from organization o
               join lateral (select e.after from audit_event e where e.entity_type = 'Organization'
                               and e.entity_id = o.id::text and e.action = 'organization.update' and e.after ? 'website'
                             order by e.seq desc limit 1) last on true
              where (last.after ->> 'website') is distinct from o.website`),
  ).toEqual([]);
  // Every board vote has its board_vote.cast event.
  expect(
    await q(`select v.id from board_vote v where not exists (select 1 from audit_event e
               where e.entity_type = 'BoardVote' and e.entity_id = v.id::text and e.action = 'board_vote.cast')`),
  ).toEqual([]);
}

/**
 * Every recorded transfer of a tranche (tranche_payment) has exactly one TRANCHE_PAID ledger group
 * and one tranche.pay / tranche.pay_partial audit event, and the groups add up to the tranche's
 * paid amount; a PAID tranche has at least one transfer, an unpaid tranche none.
 */
export async function expectTranchesPaidOnce(app: Checked): Promise<void> {
  expect(
    await app.sql(`select * from (select t.id, t.status, t.paid_minor::text paid,
                          (select count(distinct l.txn_id) from ledger_entry l where l.kind = 'TRANCHE_PAID'
                             and l.source_type = 'Tranche' and l.source_id = t.id::text)::int groups,
                          (select coalesce(sum(l.credit_minor), 0) from ledger_entry l where l.kind = 'TRANCHE_PAID'
                             and l.source_id = t.id::text and l.account = 'CASH')::text booked,
                          (select count(*) from audit_event e where e.entity_type = 'Tranche' and e.entity_id = t.id::text
                             and e.action in ('tranche.pay', 'tranche.pay_partial'))::int events,
                          (select count(*) from tranche_payment p where p.tranche_id = t.id)::int payments
                     from tranche t) x
            where x.groups <> x.payments or x.events <> x.payments or x.booked <> coalesce(x.paid, '0')
               or (x.status = 'PAID' and x.payments = 0)`),
  ).toEqual([]);
}
