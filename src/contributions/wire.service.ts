import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize } from '../auth/policy';
import { auditActor, recordAudit } from '../audit/audit.service';
import { getByGlobalId } from '../db/find';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { assertCurrency, parseDecimal } from '../core/money';
import { Fund } from '../funds/fund.entity';
import { lockFund } from '../ledger/ledger.repository';
import { convertMinor, formatRate, parseRate, RATE_IDENTITY } from '../ledger/fx';
import { rateFor, storedRateFor } from '../ledger/exchange-rate.service';
import {
  assertDate,
  assertVerified,
  pledgeForReceipt,
  pledgeStatusEvents,
  refreshPledge,
  resolveDonor,
} from '../pledges/pledge.service';
import { Contribution, ContributionChannel, RateCheck } from './contribution.entity';
import { settleStatus, syncLedger } from './contribution.ledger';
import { contributionSnapshot } from './contribution.snapshot';
import { canRecordWire } from './contribution.policy';
import type { RecordWireContributionInput } from './contribution.types';

export const duplicate = (ref: string) =>
  new DomainError(ErrorCode.DUPLICATE_REFERENCE, `Bank reference ${ref} is already recorded.`, 'bankReference');

/**
 * How an entered rate compares with the month's stored rate: beyond `toleranceBps` (exact integer
 * comparison of |given − stored| / stored) it needs a second member's confirmation; with no stored
 * rate it is posted and flagged.
 */
export function checkRate(given: string | null, stored: string | null, toleranceBps: number): RateCheck {
  if (!given) return RateCheck.STORED;
  if (!stored) return RateCheck.NO_STORED_RATE;
  const g = parseRate(given);
  const s = parseRate(stored);
  const diff = g > s ? g - s : s - g;
  return diff * 10_000n > BigInt(toleranceBps) * s ? RateCheck.AWAITING_CONFIRMATION : RateCheck.WITHIN_TOLERANCE;
}

/**
 * Records a wire the fund received: converts at the given or the month's rate (fixed forever on
 * the receipt), books cash, income and support cost, and moves the pledge, in one transaction.
 */
export async function recordWireContribution(ctx: Acting, input: RecordWireContributionInput): Promise<Contribution> {
  try {
    return await ctx.em.transactional((tx) => recordWireIn(tx, ctx, input));
  } catch (e) {
    // Two secretaries recording the same wire at once: the unique index decides.
    if (e instanceof UniqueConstraintViolationException) throw duplicate(input.bankReference.trim());
    throw e;
  }
}

/**
 * `recordWireContribution` inside the caller's transaction (a confirmed bank statement line
 * records its wire this way, so the line and the receipt commit together). The caller maps a
 * unique violation of the bank reference to DUPLICATE_REFERENCE.
 */
export async function recordWireIn(
  tx: EntityManager,
  ctx: Acting,
  input: RecordWireContributionInput,
): Promise<Contribution> {
  const bankReference = input.bankReference.trim();
  const found = await getByGlobalId(tx, Fund, 'Fund', input.fundId, 'fundId');
  const role = authorize(canRecordWire(ctx.actor, found.id));
  const fund = await lockFund(tx, found.id);
  const org = await resolveDonor(ctx, tx, input.donorOrganizationId);
  assertVerified(org);
  const currency = assertCurrency(input.currency);
  const amount = parseDecimal(input.amount, currency);
  if (amount <= 0n) throw new DomainError(ErrorCode.AMOUNT_OUT_OF_RANGE, 'A receipt must be positive.', 'amount');
  const valueDate = assertDate(input.valueDate, 'valueDate');
  if (valueDate > ctx.app.clock.now().toISOString().slice(0, 10)) {
    throw new DomainError(ErrorCode.INVALID_VALUE, 'A wire cannot have arrived in the future.', 'valueDate');
  }
  if (await tx.count(Contribution, { bankReference })) throw duplicate(bankReference);
  const pledge = input.pledgeId ? await pledgeForReceipt(tx, input.pledgeId, fund, org, currency) : null;
  const given = input.exchangeRate ? formatRate(parseRate(input.exchangeRate)) : null;
  if (currency === fund.baseCurrency && given && given !== RATE_IDENTITY) {
    throw new DomainError(ErrorCode.INVALID_VALUE, `A ${currency} receipt has rate 1.`, 'exchangeRate');
  }
  const stored = await storedRateFor(tx, currency, fund.baseCurrency, valueDate);
  const rate = given ?? stored ?? (await rateFor(tx, currency, fund.baseCurrency, valueDate));
  const check = currency === fund.baseCurrency ? null : checkRate(given, stored, fund.fxToleranceBps);
  const base = convertMinor(amount, currency, fund.baseCurrency, parseRate(rate));
  if (base <= 0n) throw new DomainError(ErrorCode.AMOUNT_OUT_OF_RANGE, 'Converts to nothing.', 'amount');
  const c = new Contribution({
    fund,
    donorOrganization: org,
    pledge,
    channel: ContributionChannel.WIRE,
    amountMinor: amount,
    currency,
    exchangeRate: rate,
    baseAmountMinor: base,
    createdById: ctx.actor.userId,
  });
  c.bankReference = bankReference;
  c.valueDate = valueDate;
  c.note = input.note ?? null;
  c.rateCheck = check;
  c.storedRate = currency === fund.baseCurrency ? null : stored;
  // Beyond the tolerance the wire waits (PENDING, nothing posted) for a second member's confirmation.
  c.succeeded = check !== RateCheck.AWAITING_CONFIRMATION;
  tx.persist(c);
  syncLedger(tx, c, 'receipt');
  settleStatus(c);
  await tx.flush();
  const pledgeMove = pledge ? await refreshPledge(tx, pledge) : null;
  await tx.flush();
  await recordAudit(tx, auditActor(ctx, role), [
    {
      action: 'contribution.record_wire',
      entityType: 'Contribution',
      entityId: c.id,
      fundId: fund.id,
      after: contributionSnapshot(c),
    },
    ...pledgeStatusEvents(pledge, pledgeMove, fund.id),
  ]);
  return c;
}
