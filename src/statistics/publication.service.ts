import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { recordAudit, type AuditActor } from '../audit/audit.service';
import { Fund } from '../funds/fund.entity';
import type { Clock } from '../core/clock';
import { DomainError, ErrorCode } from '../core/errors';
import { lockFund } from '../ledger/ledger.repository';
import { acceptedReportIds, latestPublication, victimsOf } from './statistics.service';
import { StatisticsPublication } from './statistics-publication.entity';

/** A calendar quarter, UTC. */
export interface Quarter {
  /** YYYY-Qn */
  period: string;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day, YYYY-MM-DD. */
  end: string;
  /** The instant the quarter ends (00:00 UTC of the next quarter's first day). */
  endsAt: Date;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function quarterOf(year: number, q: number): Quarter {
  const startsAt = new Date(Date.UTC(year, (q - 1) * 3, 1));
  const endsAt = new Date(Date.UTC(year, q * 3, 1));
  return { period: `${year}-Q${q}`, start: day(startsAt), end: day(new Date(endsAt.getTime() - 86_400_000)), endsAt };
}

export function parseQuarter(period: string): Quarter {
  const m = /^(\d{4})-Q([1-4])$/.exec(period.trim());
  if (!m) throw new DomainError(ErrorCode.INVALID_VALUE, 'A period is a quarter, YYYY-Qn (e.g. 2026-Q3).', 'period');
  return quarterOf(Number(m[1]), Number(m[2]));
}

/** The last quarter that has ended at `now`. */
export function lastClosedQuarter(now: Date): Quarter {
  const q = Math.floor(now.getUTCMonth() / 3); // 0-based current quarter
  return q === 0 ? quarterOf(now.getUTCFullYear() - 1, 4) : quarterOf(now.getUTCFullYear(), q);
}

/**
 * Publishes (freezes) the victim statistics of a fund for a closed quarter, inside `tx`, audited.
 * The figures count the INTERIM and FINAL reports accepted before the quarter's end. When the
 * set of reports differs from the previous publication's by exactly one report, the previous
 * figures carry forward unchanged: two publications never differ by a single report, so no
 * report's counts can be read as their difference.
 */
export async function publishStatisticsIn(
  tx: EntityManager,
  actor: AuditActor,
  fundId: string,
  quarter: Quarter,
  now: Date,
): Promise<StatisticsPublication> {
  if (now < quarter.endsAt) {
    throw new DomainError(
      ErrorCode.PERIOD_NOT_CLOSED,
      `${quarter.period} has not ended; only a closed quarter is published.`,
      'period',
    );
  }
  const fund = await lockFund(tx, fundId);
  if (await tx.count(StatisticsPublication, { fund, period: quarter.period })) {
    throw new DomainError(ErrorCode.ALREADY_PUBLISHED, `${quarter.period} is already published.`, 'period');
  }
  const previous = await latestPublication(tx, fund.id);
  if (previous && previous.periodEnd >= quarter.end) {
    throw new DomainError(
      ErrorCode.ALREADY_PUBLISHED,
      `${previous.period} is already published; an earlier period cannot follow it.`,
      'period',
    );
  }
  const ids = await acceptedReportIds(tx, fund.id, quarter.endsAt);
  const before = new Set(previous?.reportIds ?? []);
  const current = new Set(ids);
  const changed = [...ids.filter((id) => !before.has(id)), ...[...before].filter((id) => !current.has(id))].length;
  const carriedForward = changed === 1;
  const reportIds = carriedForward ? [...before] : ids;
  const victims = carriedForward && previous ? previous.victims : await victimsOf(tx, reportIds);
  const p = new StatisticsPublication({
    fund,
    period: quarter.period,
    periodStart: quarter.start,
    periodEnd: quarter.end,
    reportIds,
    victims,
    carriedForward,
    publishedAt: now,
    publishedById: actor.actorId,
  });
  tx.persist(p);
  await tx.flush();
  await recordAudit(tx, actor, {
    action: 'statistics.publish',
    entityType: 'StatisticsPublication',
    entityId: p.id,
    fundId: fund.id,
    after: { period: p.period, reportsCounted: reportIds.length, carriedForward, victimsTotal: victims.total },
  });
  return p;
}

export async function publishStatistics(
  em: EntityManager,
  actor: AuditActor,
  fundId: string,
  quarter: Quarter,
  now: Date,
): Promise<StatisticsPublication> {
  try {
    return await em.transactional((tx) => publishStatisticsIn(tx, actor, fundId, quarter, now));
  } catch (e) {
    // Two publishers of the same period at once: the unique index decides.
    if (e instanceof UniqueConstraintViolationException) {
      throw new DomainError(ErrorCode.ALREADY_PUBLISHED, `${quarter.period} is already published.`, 'period');
    }
    throw e;
  }
}

/** The daily job: publishes the last closed quarter of every fund that has not published it. */
export async function publishClosedPeriods(orm: MikroORM, clock: Clock, actor: AuditActor): Promise<number> {
  const now = clock.now();
  const quarter = lastClosedQuarter(now);
  const em = orm.em.fork();
  const funds = await em.find(Fund, {}, { fields: ['id'] });
  let n = 0;
  for (const f of funds) {
    const latest = await latestPublication(em, f.id);
    if (latest && latest.periodEnd >= quarter.end) continue;
    try {
      await publishStatistics(orm.em.fork(), actor, f.id, quarter, now);
      n += 1;
    } catch (e) {
      if (!(e instanceof DomainError && e.code === ErrorCode.ALREADY_PUBLISHED)) throw e;
    }
  }
  return n;
}
