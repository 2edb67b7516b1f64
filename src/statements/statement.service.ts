import type { EntityManager } from '@mikro-orm/postgresql';
import { Fund } from '../funds/fund.entity';
import { Organization } from '../organizations/organization.entity';
import { BadInputError } from '../graphql/errors';
import { Account, LedgerEventKind as K } from '../ledger/ledger-entry.entity';
import { accountBalances, type AccountBalances } from '../ledger/ledger.service';
import { pledgedUnpaidMany, type PledgedUnpaid } from '../ledger/balance.service';
import { required } from '../core/required';

/** Balances at one instant (start of `from`, or end of `to`), base-currency minor units. */
export interface Position {
  cash: bigint;
  /** Outstanding award commitments (grants payable). */
  commitments: bigint;
  supportCostPayable: bigint;
}

export interface DonorReceipt {
  donorId: string | null;
  donorName: string;
  /** Receipts in the currencies the donor paid in. */
  original: { currency: string; minor: bigint }[];
  base: bigint;
}

/** A fund's statement for the value dates `from`..`to` (inclusive); every figure is a sum of ledger lines. */
/** A receipt of the period posted at an entered rate with no stored rate of its month to check it against. */
export interface UnverifiedRate {
  contributionId: string;
  donorId: string;
  donorName: string;
  valueDate: string;
  currency: string;
  amountMinor: bigint;
  rate: string;
  baseMinor: bigint;
}

export interface Statement {
  fund: Fund;
  from: string;
  to: string;
  opening: Position;
  /** Cash in: gross receipts of contributions. */
  receipts: bigint;
  receiptsByDonor: DonorReceipt[];
  /** Support cost booked on the period's net receipts (moves no cash: a payable). */
  supportCosts: bigint;
  /** Cash out: refunds and chargebacks to donors, net of disputes won. */
  refundsToDonors: bigint;
  /** Cash out: tranches paid (TRANCHE_PAID). */
  disbursements: bigint;
  /** Cash in: unspent funds returned by grantees (GRANT_REFUND_RECEIVED). */
  grantRefundsReceived: bigint;
  /** Cash moved by any other event (reversals); zero in normal operation. */
  otherCashMovements: bigint;
  /** Commitments in: AWARD_COMMITTED. */
  awardsCommitted: bigint;
  /** Commitments out: COMMITMENT_RELEASED (terminations, amendments down). */
  commitmentsReleased: bigint;
  /** Commitments out: settled by tranche payments (normally equal to disbursements). */
  commitmentsDisbursed: bigint;
  /** Commitments changed by other events (AWARD_ADJUSTED, reversals), signed. */
  otherCommitmentChanges: bigint;
  /** Support cost payable changed by other events (payments over, reversals), signed. */
  otherSupportCostChanges: bigint;
  closing: Position;
  outstandingCommitments: bigint;
  /** Unpaid part of open pledges made up to `to`, converted at the latest rate up to `to`'s month. */
  pledgesReceivable: bigint;
  pledgesWithoutRate: number;
  unverifiedRates: UnverifiedRate[];
}

const CONTRIBUTION = [
  K.CONTRIBUTION_RECEIVED,
  K.CONTRIBUTION_REFUNDED,
  K.CONTRIBUTION_DISPUTED,
  K.CONTRIBUTION_DISPUTE_WON,
];

/** debit − credit of `account` over the lines of the given kinds. */
function net(b: AccountBalances, account: Account, kinds: K[]): bigint {
  return kinds.reduce((s, k) => s + (b.byKind[k]?.debit[account] ?? 0n) - (b.byKind[k]?.credit[account] ?? 0n), 0n);
}

const others = (named: K[]) => Object.values(K).filter((k) => !named.includes(k));

export function position(b: AccountBalances): Position {
  return {
    cash: b.net[Account.CASH],
    commitments: -b.net[Account.GRANTS_PAYABLE],
    supportCostPayable: -b.net[Account.SUPPORT_COST_PAYABLE],
  };
}

/**
 * Splits the period's lines into the statement's movements. Each movement is the net of one
 * account over a set of event kinds, and the sets partition all kinds, so
 * opening + in − out = closing holds exactly for cash, commitments and support cost payable.
 */
export function movements(p: AccountBalances) {
  const cashNamed = [...CONTRIBUTION, K.TRANCHE_PAID, K.GRANT_REFUND_RECEIVED];
  const commitNamed = [K.AWARD_COMMITTED, K.COMMITMENT_RELEASED, K.TRANCHE_PAID];
  return {
    receipts: net(p, Account.CASH, [K.CONTRIBUTION_RECEIVED]),
    refundsToDonors: -net(p, Account.CASH, [
      K.CONTRIBUTION_REFUNDED,
      K.CONTRIBUTION_DISPUTED,
      K.CONTRIBUTION_DISPUTE_WON,
    ]),
    disbursements: -net(p, Account.CASH, [K.TRANCHE_PAID]),
    grantRefundsReceived: net(p, Account.CASH, [K.GRANT_REFUND_RECEIVED]),
    otherCashMovements: net(p, Account.CASH, others(cashNamed)),
    awardsCommitted: -net(p, Account.GRANTS_PAYABLE, [K.AWARD_COMMITTED]),
    commitmentsReleased: net(p, Account.GRANTS_PAYABLE, [K.COMMITMENT_RELEASED]),
    commitmentsDisbursed: net(p, Account.GRANTS_PAYABLE, [K.TRANCHE_PAID]),
    otherCommitmentChanges: -net(p, Account.GRANTS_PAYABLE, others(commitNamed)),
    supportCosts: -net(p, Account.SUPPORT_COST_PAYABLE, CONTRIBUTION),
    otherSupportCostChanges: -net(p, Account.SUPPORT_COST_PAYABLE, others(CONTRIBUTION)),
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Validates a YYYY-MM-DD calendar date. */
export function parseDate(value: string, field: string): string {
  const d = new Date(`${value}T00:00:00Z`);
  if (!DATE.test(value) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    throw new BadInputError(`${field} must be a date written YYYY-MM-DD.`, field);
  }
  return value;
}

export const nextDay = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function parsePeriod(from: string, to: string): { from: string; to: string } {
  parseDate(from, 'from');
  parseDate(to, 'to');
  if (from > to) throw new BadInputError('from must not be after to.', 'from');
  return { from, to };
}

async function receiptsByDonor(em: EntityManager, fundId: string, from: string, end: string): Promise<DonorReceipt[]> {
  // Base amounts from the ledger lines; original amounts from the contributions whose receipt
  // falls in the period (each contribution's receipt is posted exactly once).
  const rows = await em.execute<
    {
      donor_id: string | null;
      donor_name: string | null;
      currency: string | null;
      original: string | null;
      base: string;
    }[]
  >(
    `with lines as (
       select l.source_type, l.source_id, l.debit_minor from ledger_entry l
        where l.fund_id = ? and l.account = 'CASH' and l.kind = 'CONTRIBUTION_RECEIVED'
          and l.value_date >= ? and l.value_date < ?)
     select c.donor_organization_id as donor_id, o.legal_name as donor_name, c.currency,
            sum(c.amount_minor)::text as original, sum(l.debit_minor)::text as base
       from lines l
       left join contribution c on l.source_type = 'Contribution' and c.id::text = l.source_id
       left join organization o on o.id = c.donor_organization_id
      group by c.donor_organization_id, o.legal_name, c.currency
      order by o.legal_name nulls last, c.currency`,
    [fundId, from, end],
  );
  const byDonor = new Map<string, DonorReceipt>();
  for (const r of rows) {
    const key = r.donor_id ?? '';
    const d = byDonor.get(key) ?? {
      donorId: r.donor_id,
      donorName: r.donor_name ?? 'Unattributed receipts',
      original: [],
      base: 0n,
    };
    if (r.currency && r.original) d.original.push({ currency: r.currency, minor: BigInt(r.original) });
    d.base += BigInt(r.base);
    byDonor.set(key, d);
  }
  return [...byDonor.values()];
}

async function unverifiedRates(
  em: EntityManager,
  fundId: string,
  from: string,
  end: string,
): Promise<UnverifiedRate[]> {
  const rows = await em.execute<
    {
      id: string;
      donor_id: string;
      donor: string;
      vd: string;
      currency: string;
      amount: string;
      rate: string;
      base: string;
    }[]
  >(
    `select c.id, c.donor_organization_id as donor_id, o.legal_name as donor, to_char(c.value_date, 'YYYY-MM-DD') as vd, c.currency,
            c.amount_minor::text as amount, c.exchange_rate::text as rate, c.base_amount_minor::text as base
       from contribution c join organization o on o.id = c.donor_organization_id
      where c.fund_id = ? and c.rate_check = 'NO_STORED_RATE' and c.value_date >= ? and c.value_date < ?
      order by c.value_date, c.id`,
    [fundId, from, end],
  );
  return rows.map((r) => ({
    contributionId: r.id,
    donorId: r.donor_id,
    donorName: r.donor,
    valueDate: r.vd,
    currency: r.currency,
    amountMinor: BigInt(r.amount),
    rate: r.rate,
    baseMinor: BigInt(r.base),
  }));
}

/** Open pledges made before the period's end, unpaid, in the fund's currency at the rates of that month. */
async function pledgesReceivable(em: EntityManager, fund: Fund, end: string): Promise<PledgedUnpaid> {
  const [receivable] = await pledgedUnpaidMany(em, [fund], end.slice(0, 7), end);
  return required(receivable, 'pledges receivable');
}

/** The statement of `fund` for value dates from..to inclusive. The caller has authorised the reader. */
export async function fundStatement(em: EntityManager, fund: Fund, fromIn: string, toIn: string): Promise<Statement> {
  const { from, to } = parsePeriod(fromIn, toIn);
  const end = nextDay(to);
  // One after another: a request's EntityManager runs one statement at a time.
  const opening = await accountBalances(em, fund.id, { before: from });
  const period = await accountBalances(em, fund.id, { from, before: end });
  const closing = await accountBalances(em, fund.id, { before: end });
  const donors = await receiptsByDonor(em, fund.id, from, end);
  const pledges = await pledgesReceivable(em, fund, end);
  const flagged = await unverifiedRates(em, fund.id, from, end);
  const m = movements(period);
  const close = position(closing);
  return {
    fund,
    from,
    to,
    opening: position(opening),
    receipts: m.receipts,
    receiptsByDonor: donors,
    supportCosts: m.supportCosts,
    refundsToDonors: m.refundsToDonors,
    disbursements: m.disbursements,
    grantRefundsReceived: m.grantRefundsReceived,
    otherCashMovements: m.otherCashMovements,
    awardsCommitted: m.awardsCommitted,
    commitmentsReleased: m.commitmentsReleased,
    commitmentsDisbursed: m.commitmentsDisbursed,
    otherCommitmentChanges: m.otherCommitmentChanges,
    otherSupportCostChanges: m.otherSupportCostChanges,
    closing: close,
    outstandingCommitments: close.commitments,
    pledgesReceivable: pledges.minor,
    pledgesWithoutRate: pledges.withoutRate,
    unverifiedRates: flagged,
  };
}

/** A period that ended before the current month (UTC): a replica may answer its statement. */
export function closedPeriod(to: string, now: Date): boolean {
  return to < now.toISOString().slice(0, 7) + '-01';
}

/**
 * The statement as a donor keeps it: the same figures, other donors named only when they are public
 * donors (`isPublicDonor`, the transparency rule); the others appear under `unnamed`.
 */
export async function statementForDonor(
  em: EntityManager,
  s: Statement,
  ownOrganizations: string[],
  unnamed: string,
): Promise<Statement> {
  const ids = [...new Set([...s.receiptsByDonor.map((d) => d.donorId), ...s.unverifiedRates.map((u) => u.donorId)])];
  const publicDonors = await em.find(
    Organization,
    { id: { $in: ids.filter((x): x is string => !!x) }, isPublicDonor: true },
    { fields: ['id'] },
  );
  const named = new Set([...ownOrganizations, ...publicDonors.map((o) => o.id)]);
  return {
    ...s,
    receiptsByDonor: s.receiptsByDonor.map((d) =>
      d.donorId && named.has(d.donorId) ? d : { ...d, donorId: null, donorName: unnamed },
    ),
    unverifiedRates: s.unverifiedRates.map((u) => (named.has(u.donorId) ? u : { ...u, donorName: unnamed })),
  };
}
