/**
 * The write ceilings of bench/run.ts: a deciding board vote and a tranche payment as minimal
 * hand-written SQL transactions behind a bare node:http handler. Each writes the same rows as our
 * mutation (the vote, the application's status, the award with its tranches and reports, the
 * AWARD_COMMITTED group, four chained audit events; the sanctions screening record, the payment,
 * the tranche, the TRANCHE_PAID group, two audit events) under the same locks in the same order
 * (application, fund; fund, award, tranche; the audit chain's advisory lock last), with the
 * checks folded into one read each. No GraphQL, no ORM, no authorisation.
 *
 *   ts-node -T bench/write-ceiling.ts <databaseUrl> <port>
 *
 * POST /vote { applicationId, voterId } · POST /pay { trancheId, reference, valueDate, payerId }
 * GET /__statements returns and resets the number of statements sent.
 */
import 'reflect-metadata';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { chainHash, GENESIS_HASH, sanitize } from '../src/audit/hash';
import { planAward } from '../src/awards/award.service';

const [url, port] = process.argv.slice(2);
const CHAIN_LOCK = 7_240_001;
let statements = 0;
const pool = new pg.Pool({ connectionString: url, max: 10 });

type Q = (sql: string, params?: unknown[]) => Promise<any[]>;

interface Event {
  actorId: string;
  actorRole: string;
  action: string;
  entityType: string;
  entityId: string;
  fundId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

async function inTransaction<T>(fn: (q: Q) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const q: Q = async (sql, params) => {
    statements++;
    return (await client.query(sql, params)).rows;
  };
  try {
    await q('begin');
    const out = await fn(q);
    await q('commit');
    return out;
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
}

/** The chain lock, the head, every event in one insert: what our commit-time append does. */
async function appendAudit(q: Q, events: Event[]): Promise<void> {
  await q('select pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  const [last] = await q('select seq::text as seq, hash from audit_event order by audit_event.seq desc limit 1');
  let seq = BigInt(last?.seq ?? '0');
  let prevHash: string = last?.hash ?? GENESIS_HASH;
  const occurredAt = new Date().toISOString();
  const rows: unknown[] = [];
  const values: string[] = [];
  for (const e of events) {
    seq += 1n;
    const p = {
      seq: seq.toString(),
      occurredAt,
      actorId: e.actorId,
      actorRole: e.actorRole,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      fundId: e.fundId,
      before: (sanitize(e.before ?? null) as Record<string, unknown> | null) ?? null,
      after: (sanitize(e.after ?? null) as Record<string, unknown> | null) ?? null,
      requestId: null,
      prevHash,
    };
    const hash = chainHash(p);
    const n = rows.length;
    values.push(`(${Array.from({ length: 13 }, (_, i) => `$${n + i + 1}`).join(', ')})`);
    rows.push(p.seq, p.occurredAt, p.actorId, p.actorRole, p.action, p.entityType, p.entityId, p.fundId,
      p.before && JSON.stringify(p.before), p.after && JSON.stringify(p.after), p.requestId, p.prevHash, hash); // prettier-ignore
    prevHash = hash;
  }
  await q(
    `insert into audit_event (seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, fund_id,
       before, after, request_id, prev_hash, hash) values ${values.join(', ')}`,
    rows,
  );
}

const today = () => new Date().toISOString().slice(0, 10);

async function vote(body: { applicationId: string; voterId: string }) {
  return inTransaction(async (q) => {
    const [app] = await q(
      `select id, fund_id, call_id, organization_id, status, duration_months,
              coalesce(proposed_minor, requested_minor)::text as amount from application where id = $1 for update`,
      [body.applicationId],
    );
    if (!app || app.status !== 'RECOMMENDED') throw new Error('not votable');
    const [fund] = await q(
      'select id, tranche_weights, audit_threshold_minor::text as audit, min_approvals from fund where id = $1 for update',
      [app.fund_id],
    );
    const amount = BigInt(app.amount);
    // The checks in one read: the voter's earlier vote, the approvals, the envelope, the money, overdue reports.
    const [c] = await q(
      `select (select count(*) from board_vote where application_id = $1 and voter_id = $2)::int as mine,
              (select count(*) from board_vote where application_id = $1 and choice = 'APPROVE')::int as approvals,
              (select envelope_minor - (select coalesce(sum(amount_minor), 0) from award where call_id = $3)
                 from grant_call where id = $3)::text as room,
              (select coalesce(sum(debit_minor - credit_minor) filter (where account = 'CASH'), 0)
                    + coalesce(sum(debit_minor - credit_minor) filter (where account in ('GRANTS_PAYABLE', 'SUPPORT_COST_PAYABLE')), 0)
                 from ledger_entry where fund_id = $4)::text as available,
              (select count(*) from report r join award a on a.id = r.award_id
                where a.organization_id = $5 and a.fund_id = $4 and r.due_date < $6
                  and r.status in ('DUE', 'REVISION_REQUESTED', 'OVERDUE') and a.status <> 'TERMINATED')::int as overdue`,
      [app.id, body.voterId, app.call_id, fund.id, app.organization_id, today()],
    );
    if (c.mine > 0 || c.overdue > 0 || amount > BigInt(c.room) || amount > BigInt(c.available))
      throw new Error('refused');
    const decides = c.approvals + 1 >= fund.min_approvals;
    const voteId = randomUUID();
    await q(
      `insert into board_vote (id, application_id, voter_id, choice, reason, cast_at) values ($1, $2, $3, 'APPROVE', 'bench', now())`,
      [voteId, app.id, body.voterId],
    );
    const events: Event[] = [
      { actorId: body.voterId, actorRole: 'BOARD_MEMBER', action: 'board_vote.cast', entityType: 'BoardVote',
        entityId: voteId, fundId: fund.id, after: { applicationId: app.id, choice: 'APPROVE', reason: 'bench' } },
    ]; // prettier-ignore
    if (decides) {
      const start = today();
      const { plan, end } = planAward(
        amount,
        fund.tranche_weights,
        start,
        app.duration_months,
        amount >= BigInt(fund.audit),
      );
      const awardId = randomUUID();
      await q(`update application set status = 'AWARDED', decided_at = now(), updated_at = now() where id = $1`, [
        app.id,
      ]);
      await q(
        `insert into award (id, application_id, fund_id, call_id, organization_id, amount_minor, currency, status, start_date, end_date, approved_at)
         values ($1, $2, $3, $4, $5, $6, 'USD', 'ACTIVE', $7, $8, now())`,
        [awardId, app.id, fund.id, app.call_id, app.organization_id, String(amount), start, end],
      );
      const reportIds = plan.reports.map(() => randomUUID());
      await q(
        `insert into report (id, award_id, kind, due_date, status) select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[], $5::text[])`,
        [reportIds, reportIds.map(() => awardId), plan.reports.map((r) => r.kind), plan.reports.map((r) => r.dueDate), reportIds.map(() => 'DUE')],
      ); // prettier-ignore
      const trancheIds = plan.tranches.map(() => randomUUID());
      await q(
        `insert into tranche (id, award_id, number, planned_minor, planned_date, condition_report_id, status)
         select *, 'SCHEDULED' from unnest($1::uuid[], $2::uuid[], $3::int[], $4::bigint[], $5::date[], $6::uuid[])`,
        [trancheIds, trancheIds.map(() => awardId), plan.tranches.map((t) => t.number), plan.tranches.map((t) => String(t.amount)),
          plan.tranches.map((t) => t.date), plan.tranches.map((t) => (t.conditionIndex === null ? null : reportIds[t.conditionIndex]))],
      ); // prettier-ignore
      await q(
        `insert into ledger_entry (txn_id, fund_id, account, debit_minor, credit_minor, currency, kind, source_type, source_id, description, value_date)
         values ($1, $2, 'GRANT_EXPENSE', $3, 0, 'USD', 'AWARD_COMMITTED', 'Award', $4, 'Award', $5),
                ($1, $2, 'GRANTS_PAYABLE', 0, $3, 'USD', 'AWARD_COMMITTED', 'Award', $4, 'Award', $5)`,
        [randomUUID(), fund.id, String(amount), awardId, start],
      );
      const sys = { actorId: body.voterId, actorRole: 'BOARD_MEMBER', fundId: fund.id };
      events.push(
        { ...sys, action: 'application.approve', entityType: 'Application', entityId: app.id, before: { status: 'RECOMMENDED' }, after: { status: 'APPROVED' } },
        { ...sys, action: 'award.create', entityType: 'Award', entityId: awardId, after: { applicationId: app.id, amountMinor: amount, startDate: start, endDate: end } },
        { ...sys, action: 'application.award', entityType: 'Application', entityId: app.id, before: { status: 'APPROVED' }, after: { status: 'AWARDED', awardId } },
      ); // prettier-ignore
    }
    await appendAudit(q, events);
    return { status: decides ? 'AWARDED' : 'RECOMMENDED' };
  });
}

async function pay(body: { trancheId: string; reference: string; valueDate: string; payerId: string }) {
  return inTransaction(async (q) => {
    const [fund] = await q(
      `select id, receipt_acknowledgement_days as receipt_days from fund
        where id = (select a.fund_id from tranche t join award a on a.id = t.award_id where t.id = $1) for update`,
      [body.trancheId],
    );
    const [award] = await q(
      `select id, organization_id, amount_minor::text as amount, released_minor::text as released from award
        where id = (select award_id from tranche where id = $1) for update`,
      [body.trancheId],
    );
    const [t] = await q(
      `select id, number, status, planned_minor::text as planned, coalesce(paid_minor, 0)::text as paid from tranche where id = $1 for update`,
      [body.trancheId],
    );
    if (!fund || !award || t?.status !== 'APPROVED') throw new Error('not payable');
    const [c] = await q(
      `select (select count(*) from tranche_payment where tranche_id = $1 and reference = $2)::int as repeat,
              (select coalesce(sum(paid_minor), 0) from tranche where award_id = $3)::text as paid,
              (select coalesce(sum(debit_minor - credit_minor), 0) from ledger_entry where fund_id = $4 and account = 'CASH')::text as cash,
              (select count(*) from sanctions_match where organization_id = $5 and status in ('POSSIBLE', 'CONFIRMED'))::int as blocked`,
      [t.id, body.reference, award.id, fund.id, award.organization_id],
    );
    const amount = BigInt(t.planned) - BigInt(t.paid);
    if (
      c.repeat ||
      c.blocked ||
      amount > BigInt(c.cash) ||
      amount > BigInt(award.amount) - BigInt(award.released) - BigInt(c.paid)
    )
      throw new Error('refused');
    const screeningId = randomUUID();
    await q(
      `insert into sanctions_screening (id, organization_id, trigger, result, screened_at, names_screened, match_count)
       values ($1, $2, 'PAYMENT', 'NO_LIST', now(), 1, 0)`,
      [screeningId, award.organization_id],
    );
    await q(
      `insert into tranche_payment (id, tranche_id, amount_minor, value_date, reference, paid_by_id, receipt_due_date)
       values ($1, $2, $3, $4, $5, $6, $4::date + $7::int)`,
      [randomUUID(), t.id, String(amount), body.valueDate, body.reference, body.payerId, fund.receipt_days],
    );
    await q(
      `update tranche set status = 'PAID', paid_minor = $2, paid_by_id = $3, paid_on = $4, payment_reference = $5, updated_at = now() where id = $1`,
      [t.id, String(amount), body.payerId, body.valueDate, body.reference],
    );
    await q(
      `insert into ledger_entry (txn_id, fund_id, account, debit_minor, credit_minor, currency, kind, source_type, source_id, description, value_date)
       values ($1, $2, 'GRANTS_PAYABLE', $3, 0, 'USD', 'TRANCHE_PAID', 'Tranche', $4, $5, $6),
              ($1, $2, 'CASH', 0, $3, 'USD', 'TRANCHE_PAID', 'Tranche', $4, $5, $6)`,
      [randomUUID(), fund.id, String(amount), t.id, `Tranche ${t.number}, ref ${body.reference}`, body.valueDate],
    );
    const by = { actorId: body.payerId, actorRole: 'SECRETARIAT', fundId: fund.id };
    await appendAudit(q, [
      { ...by, action: 'sanctions.screen', entityType: 'Organization', entityId: award.organization_id, after: { trigger: 'PAYMENT', result: 'NO_LIST' } },
      { ...by, action: 'tranche.pay', entityType: 'Tranche', entityId: t.id, before: { status: 'APPROVED' }, after: { status: 'PAID', amountMinor: amount, paymentReference: body.reference } },
    ]); // prettier-ignore
    return { status: 'PAID' };
  });
}

const routes: Record<string, (body: any) => Promise<unknown>> = { '/vote': vote, '/pay': pay };

http
  .createServer((req, res) => {
    if (req.url === '/__statements') {
      res.end(String(statements));
      statements = 0;
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const route = routes[req.url ?? ''];
      if (!route) {
        res.writeHead(404);
        res.end();
        return;
      }
      route(JSON.parse(Buffer.concat(chunks).toString() || '{}')).then(
        (out) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(out));
        },
        (err: Error & { detail?: string; table?: string }) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ message: err.message, table: err.table, detail: err.detail }] }));
        },
      );
    });
  })
  .listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));
