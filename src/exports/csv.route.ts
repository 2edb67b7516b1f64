import type { Express, Request, Response } from 'express';
import { once } from 'node:events';
import { stringify, type Stringifier } from 'csv-stringify';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { formatMinor } from '../core/money';
import type { AppServices } from '../services';
import { canReadLedger } from '../ledger/ledger.policy';
import { canReadStatement } from '../statements/statement.policy';
import { closedPeriod, fundStatement, nextDay, parseDate, type Statement } from '../statements/statement.service';
import { fail, fundByCode, handler, queryString, requireActor } from './export-http';
import { required } from '../core/required';

const BATCH = 500;

/**
 * Text a spreadsheet would run as a formula (CSV injection: donor names and descriptions come
 * from users) gets a leading apostrophe. Only for text columns: amounts may start with "-".
 */
export const safeText = (s: string): string => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

export const LEDGER_COLUMNS = [
  'seq',
  'value_date',
  'posted_at',
  'txn_id',
  'kind',
  'account',
  'debit',
  'credit',
  'currency',
  'source_type',
  'source_id',
  'description',
];

interface LedgerRow {
  seq_text: string;
  value_date: string;
  posted_at: string;
  txn_id: string;
  kind: string;
  account: string;
  debit_minor: string;
  credit_minor: string;
  currency: string;
  source_type: string;
  source_id: string;
  description: string;
}

/** Writes one record, waiting for the client when the socket buffer is full. */
async function write(csv: Stringifier, res: Response, record: unknown[]): Promise<void> {
  if (csv.write(record)) return;
  const done = new AbortController();
  try {
    await Promise.race([once(csv, 'drain', { signal: done.signal }), once(res, 'close', { signal: done.signal })]);
  } finally {
    done.abort(); // removes the loser's listener
  }
  if (res.destroyed) throw new Error('client went away');
}

function csvResponse(res: Response, filename: string): Stringifier {
  res.status(200);
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
  res.setHeader('cache-control', 'no-store');
  const csv = stringify({ eof: true, record_delimiter: 'windows' });
  csv.pipe(res);
  return csv;
}

/** Optional from/to value dates (inclusive); answers 400 on a bad date. */
function period(req: Request, res: Response): { from?: string; to?: string } | null {
  try {
    const from = queryString(req, 'from');
    const to = queryString(req, 'to');
    if (from) parseDate(from, 'from');
    if (to) parseDate(to, 'to');
    if (from && to && from > to) throw new GraphQLError('from must not be after to.');
    return { from, to };
  } catch (e) {
    fail(res, 400, 'BAD_USER_INPUT', (e as Error).message);
    return null;
  }
}

/** Streams the ledger lines in posting order, a keyset page at a time (never the whole table in memory). */
async function streamLedger(
  em: EntityManager,
  fundId: string,
  p: { from?: string; to?: string },
  csv: Stringifier,
  res: Response,
) {
  let after = '0';
  for (;;) {
    const params: unknown[] = [fundId, after];
    let where = 'fund_id = ? and seq > ?';
    if (p.from) {
      where += ' and value_date >= ?';
      params.push(p.from);
    }
    if (p.to) {
      where += ' and value_date < ?';
      params.push(nextDay(p.to));
    }
    const rows = await em.execute<LedgerRow[]>(
      `select seq::text as seq_text, to_char(value_date, 'YYYY-MM-DD') as value_date,
              to_char(posted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as posted_at,
              txn_id, kind, account, debit_minor::text as debit_minor, credit_minor::text as credit_minor,
              currency, source_type, source_id, description
         from ledger_entry where ${where} order by ledger_entry.seq limit ${BATCH}`,
      params,
    );
    for (const r of rows) {
      const amount = (v: string) => (v === '0' ? '' : formatMinor(BigInt(v), r.currency));
      await write(csv, res, [
        r.seq_text,
        r.value_date,
        r.posted_at,
        r.txn_id,
        r.kind,
        r.account,
        amount(r.debit_minor),
        amount(r.credit_minor),
        r.currency,
        safeText(r.source_type),
        safeText(r.source_id),
        safeText(r.description),
      ]);
    }
    if (rows.length < BATCH) return;
    after = required(rows[rows.length - 1], 'rows[rows.length - 1]').seq_text;
  }
}

/** The statement as rows: section, item, currency, amount (decimal in the currency's precision). */
export function statementRows(s: Statement): string[][] {
  const c = s.fund.baseCurrency;
  const row = (section: string, item: string, v: bigint, currency = c) => [
    section,
    safeText(item),
    currency,
    formatMinor(v, currency),
  ];
  return [
    row('opening', 'cash', s.opening.cash),
    row('opening', 'commitments', s.opening.commitments),
    row('opening', 'support_cost_payable', s.opening.supportCostPayable),
    row('cash_in', 'receipts', s.receipts),
    row('cash_in', 'grant_refunds_received', s.grantRefundsReceived),
    row('cash_out', 'refunds_to_donors', s.refundsToDonors),
    row('cash_out', 'disbursements', s.disbursements),
    row('cash_other', 'other_cash_movements', s.otherCashMovements),
    row('commitments', 'awards_committed', s.awardsCommitted),
    row('commitments', 'commitments_released', s.commitmentsReleased),
    row('commitments', 'commitments_disbursed', s.commitmentsDisbursed),
    row('commitments', 'other_commitment_changes', s.otherCommitmentChanges),
    row('support_costs', 'support_costs', s.supportCosts),
    row('support_costs', 'other_support_cost_changes', s.otherSupportCostChanges),
    row('closing', 'cash', s.closing.cash),
    row('closing', 'commitments', s.closing.commitments),
    row('closing', 'support_cost_payable', s.closing.supportCostPayable),
    row('closing', 'outstanding_commitments', s.outstandingCommitments),
    row('closing', 'pledges_receivable', s.pledgesReceivable),
    ...s.receiptsByDonor.flatMap((d) => [
      row('receipts_by_donor', `${d.donorName} (base)`, d.base),
      ...d.original.map((o) => row('receipts_by_donor', `${d.donorName} (original)`, o.minor, o.currency)),
    ]),
    // Receipts posted at an entered rate with no stored monthly rate to check it: flagged.
    ...s.unverifiedRates.map((u) =>
      row(
        'unverified_rate',
        `${u.donorName} ${u.valueDate} at ${u.rate} (contribution ${u.contributionId})`,
        u.baseMinor,
      ),
    ),
  ];
}

/** `GET /exports/funds/:fundCode/ledger.csv` (readers of the ledger) and `/statement.csv` (of fundStatement). */
export function csvExportRoutes(ex: Express, app: AppServices): void {
  ex.get(
    '/exports/funds/:fundCode/ledger.csv',
    handler(app, 'ledger.csv', async (req, res) => {
      const em = app.orm.em.fork();
      const fund = await fundByCode(em, res, String(req.params.fundCode));
      const actor = fund && (await requireActor(app, em, req, res, (a) => canReadLedger(a, fund.id)));
      if (!fund || !actor) return;
      const p = period(req, res);
      if (!p) return;
      // An export: the heavy pool or a replica, holding a heavy slot until the last line (db/pools.ts).
      await app.pools.heavyRead({ staleOk: true, userId: actor.userId }, async (heavy) => {
        const csv = csvResponse(res, `${fund.code}-ledger.csv`);
        await write(csv, res, LEDGER_COLUMNS);
        await streamLedger(heavy, fund.id, p, csv, res);
        csv.end();
      });
    }),
  );
  ex.get(
    '/exports/funds/:fundCode/statement.csv',
    handler(app, 'statement.csv', async (req, res) => {
      const em = app.orm.em.fork();
      const fund = await fundByCode(em, res, String(req.params.fundCode));
      const actor = fund && (await requireActor(app, em, req, res, (a) => canReadStatement(a, fund.id)));
      if (!fund || !actor) return;
      const from = queryString(req, 'from');
      const to = queryString(req, 'to');
      if (!from || !to) return fail(res, 400, 'BAD_USER_INPUT', 'from and to (YYYY-MM-DD) are required.');
      let s: Statement;
      try {
        s = await app.pools.heavyRead({ staleOk: closedPeriod(to, app.clock.now()), userId: actor.userId }, (heavy) =>
          fundStatement(heavy, fund, from, to),
        );
      } catch (e) {
        if (e instanceof GraphQLError) return fail(res, 400, 'BAD_USER_INPUT', e.message);
        throw e;
      }
      const csv = csvResponse(res, `${fund.code}-statement-${s.from}-${s.to}.csv`);
      await write(csv, res, ['section', 'item', 'currency', 'amount']);
      for (const r of statementRows(s)) await write(csv, res, r);
      csv.end();
    }),
  );
}
