import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize } from '../auth/policy';
import { auditActor, recordAudit } from '../audit/audit.service';
import { canSetExchangeRate } from './ledger.policy';
import type { Acting } from '../services';
import { DomainError, ErrorCode } from '../core/errors';
import { assertCurrency } from '../core/money';
import { ExchangeRate } from './exchange-rate.entity';
import { formatRate, parseRate, RATE_IDENTITY } from './fx';
import type { SetExchangeRateInput } from './ledger.types';

/**
 * Sets the rate of a month. Receipts keep the rate they were booked with, so a correction here
 * never changes a historical conversion.
 */
export async function setExchangeRate(ctx: Acting, input: SetExchangeRateInput): Promise<ExchangeRate> {
  const role = authorize(canSetExchangeRate(ctx.actor));
  const currency = assertCurrency(input.currency);
  const base = assertCurrency(input.baseCurrency, 'baseCurrency');
  if (currency === base)
    throw new DomainError(ErrorCode.INVALID_VALUE, 'A currency has no rate to itself.', 'currency');
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(input.month)) {
    throw new DomainError(ErrorCode.INVALID_VALUE, 'month must be YYYY-MM.', 'month');
  }
  const rate = formatRate(parseRate(input.rate, 'rate'));
  return ctx.em.transactional(async (tx) => {
    // Serialise writers of the same month so the upsert cannot race.
    await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`fx:${currency}:${base}:${input.month}`]);
    let row = await tx.findOne(
      ExchangeRate,
      { currency, baseCurrency: base, month: input.month },
      { lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    const before = row ? { rate: row.rate } : null;
    if (row && row.rate === rate) return row;
    if (row) row.rate = rate;
    else {
      row = new ExchangeRate(currency, base, input.month, rate, ctx.actor.userId);
      tx.persist(row);
    }
    row.setById = ctx.actor.userId;
    await tx.flush();
    await recordAudit(tx, auditActor(ctx, role), {
      action: 'exchange_rate.set',
      entityType: 'ExchangeRate',
      entityId: row.id,
      before,
      after: { currency, baseCurrency: base, month: input.month, rate },
    });
    return row;
  });
}

/** The month's stored rate of `currency` for `date` (YYYY-MM-DD), or null when none is set. */
export async function storedRateFor(em: EntityManager, currency: string, base: string, date: string) {
  if (currency === base) return RATE_IDENTITY;
  const row = await em.findOne(ExchangeRate, { currency, baseCurrency: base, month: date.slice(0, 7) });
  return row ? formatRate(parseRate(row.rate)) : null;
}

/** The rate to use for `currency` on `date` (YYYY-MM-DD): 1 for the base currency, else the month's. */
export async function rateFor(em: EntityManager, currency: string, base: string, date: string): Promise<string> {
  if (currency === base) return RATE_IDENTITY;
  const month = date.slice(0, 7);
  const row = await em.findOne(ExchangeRate, { currency, baseCurrency: base, month });
  if (!row) {
    throw new DomainError(
      ErrorCode.EXCHANGE_RATE_MISSING,
      `No ${currency}/${base} rate for ${month}: enter one or set the month's rate first.`,
      'exchangeRate',
    );
  }
  return formatRate(parseRate(row.rate));
}
