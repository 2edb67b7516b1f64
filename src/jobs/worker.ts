import { PgBoss } from 'pg-boss';
import { Client } from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock';
import { type Mailer, sendPendingEmails } from '../notifications/mailer';
import { type CheckpointSettings, writeCheckpoint } from '../audit/checkpoint-store';
import type { AuditSigner } from '../audit/signing';
import { closeDueCalls, JOB_ACTOR, markOverdueReports, remindPaymentReceipts, runReminders } from './reminders';
import { publishClosedPeriods } from '../statistics/publication.service';
import { importSanctionsFrom } from '../sanctions/sanctions-import.service';
import { removeOrphanedUploads } from '../documents/orphans';
import type { Storage } from '../storage';

export interface JobDeps {
  orm: MikroORM;
  clock: Clock;
  log: Logger;
  mailer: Mailer | null;
  /** Signed audit checkpoints outside the database: the key and where/when (null: not written). */
  audit?: { signer: AuditSigner; checkpoints: CheckpointSettings | null };
  /** SANCTIONS_LIST_URL: where the scheduled job re-imports the sanctions list from; unset: no job work. */
  sanctionsListUrl?: string;
  /** Where uploads are stored; unset: the orphaned-uploads job has nothing to clean. */
  storage?: Storage;
}

/** The audit-checkpoint job: signs the chain head into AUDIT_CHECKPOINT_DIR; 1 when a file was written. */
export async function runAuditCheckpoint(d: JobDeps): Promise<number> {
  if (!d.audit?.checkpoints) return 0;
  const { written } = await writeCheckpoint(d.audit.checkpoints.dir, d.orm.em.getKnex(), d.audit.signer, d.clock.now());
  return written ? 1 : 0;
}

/** Re-imports the sanctions list from its configured location; 1 when the list changed. */
async function reimportSanctions(d: JobDeps): Promise<number> {
  if (!d.sanctionsListUrl) return 0;
  const r = await importSanctionsFrom(d.orm.em.fork(), d.clock, JOB_ACTOR, d.sanctionsListUrl);
  return r.changed ? 1 : 0;
}

/** The scheduled jobs (cron, UTC) and what each runs; every one is idempotent. */
export const JOBS: { name: string; cron: string; run: (d: JobDeps) => Promise<number> }[] = [
  { name: 'close-calls', cron: '* * * * *', run: (d) => closeDueCalls(d.orm, d.clock) },
  { name: 'mark-overdue-reports', cron: '*/15 * * * *', run: (d) => markOverdueReports(d.orm, d.clock) },
  { name: 'send-reminders', cron: '5 * * * *', run: (d) => runReminders(d.orm, d.clock) },
  // Hourly: tranche payments the grantee has not acknowledged in time (docs/post-award.md).
  { name: 'payment-receipts', cron: '10 * * * *', run: (d) => remindPaymentReceipts(d.orm, d.clock) },
  { name: 'send-emails', cron: '* * * * *', run: (d) => sendPendingEmails(d.orm, d.mailer, d.clock, d.log) },
  { name: 'import-sanctions-list', cron: '17 */6 * * *', run: reimportSanctions },
  // Daily: freezes the victim statistics of the quarter that has just closed (docs/transparency.md).
  { name: 'publish-statistics', cron: '30 0 * * *', run: (d) => publishClosedPeriods(d.orm, d.clock, JOB_ACTOR) },
  // Hourly: uploads never attached within a day are removed (docs/documents.md).
  {
    name: 'remove-orphaned-uploads',
    cron: '40 * * * *',
    run: (d) => (d.storage ? removeOrphanedUploads(d.orm, d.storage, d.clock, d.log) : Promise.resolve(0)),
  },
];

/** Runs every job once, in order (start-up catch-up, tests). */
export async function runAllJobs(d: JobDeps): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const j of JOBS) out[j.name] = await j.run(d);
  return out;
}

export interface JobRunner {
  boss: PgBoss;
  stop(): Promise<void>;
}

/** The oldest pg-boss schema version that pg-boss 12 migrates in place (the pg-boss 11 schema). */
const PGBOSS_MIGRATABLE_FROM = 25;

/**
 * pg-boss 12 migrates its schema on start, but only from the pg-boss 11 layout; the pg-boss 10 schema
 * (version 24 and older) it refuses. That schema holds nothing this application needs to keep: the
 * schedules are registered again on every start and every job is a tick of an idempotent run (the
 * e-mails to send are rows of the application's own tables), so it is dropped and pg-boss installs its
 * current schema. Under an advisory lock, so replicas starting together drop it once. Returns the
 * version that was dropped, or null.
 */
export async function dropUnmigratablePgBossSchema(
  connectionString: string,
  schema = 'pgboss',
): Promise<number | null> {
  const c = new Client({ connectionString });
  await c.connect();
  try {
    await c.query('begin');
    await c.query(`select pg_advisory_xact_lock(hashtext('vtf:pgboss-schema'))`);
    const { rows: found } = await c.query<{ found: boolean }>(`select to_regclass($1) is not null as found`, [
      `${c.escapeIdentifier(schema)}.version`,
    ]);
    const version = found[0]?.found
      ? ((await c.query<{ version: number }>(`select version from ${c.escapeIdentifier(schema)}.version`)).rows[0]
          ?.version ?? null)
      : null;
    if (version === null || version >= PGBOSS_MIGRATABLE_FROM) {
      await c.query('commit');
      return null;
    }
    await c.query(`drop schema ${c.escapeIdentifier(schema)} cascade`);
    await c.query('commit');
    return version;
  } catch (err) {
    await c.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    await c.end();
  }
}

/**
 * Starts pg-boss in the application's database (schema `pgboss`), registers the schedules and
 * the workers. Schedules are stored rows: several API replicas share them and one runs each tick.
 */
export async function startJobs(d: JobDeps & { connectionString: string }): Promise<JobRunner> {
  const dropped = await dropUnmigratablePgBossSchema(d.connectionString);
  if (dropped !== null)
    d.log.info({ version: dropped }, 'pg-boss 10 schema dropped; pg-boss installs its current schema');
  const boss = new PgBoss({ connectionString: d.connectionString, schema: 'pgboss', max: 3 });
  boss.on('error', (err) => d.log.error({ err }, 'job queue error'));
  await boss.start();
  const jobs = d.audit?.checkpoints
    ? [...JOBS, { name: 'audit-checkpoint', cron: d.audit.checkpoints.cron, run: runAuditCheckpoint }]
    : JOBS;
  for (const j of jobs) {
    if (!(await boss.getQueue(j.name))) await boss.createQueue(j.name, { policy: 'singleton' });
    await boss.schedule(j.name, j.cron);
    await boss.work(j.name, async () => {
      const n = await j.run(d);
      if (n) d.log.info({ job: j.name, count: n }, 'job done');
    });
  }
  return {
    boss,
    async stop() {
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
