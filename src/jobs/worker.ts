import PgBoss from 'pg-boss';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock';
import { type Mailer, sendPendingEmails } from '../notifications/mailer';
import { type CheckpointSettings, writeCheckpoint } from '../audit/checkpoint-store';
import type { AuditSigner } from '../audit/signing';
import { closeDueCalls, JOB_ACTOR, markOverdueReports, runReminders } from './reminders';
import { publishClosedPeriods } from '../statistics/publication.service';
import { importSanctionsFrom } from '../sanctions/sanctions-import.service';

export interface JobDeps {
  orm: MikroORM;
  clock: Clock;
  log: Logger;
  mailer: Mailer | null;
  /** Signed audit checkpoints outside the database: the key and where/when (null: not written). */
  audit?: { signer: AuditSigner; checkpoints: CheckpointSettings | null };
  /** SANCTIONS_LIST_URL: where the scheduled job re-imports the sanctions list from; unset: no job work. */
  sanctionsListUrl?: string;
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
  { name: 'send-emails', cron: '* * * * *', run: (d) => sendPendingEmails(d.orm, d.mailer, d.clock, d.log) },
  { name: 'import-sanctions-list', cron: '17 */6 * * *', run: reimportSanctions },
  // Daily: freezes the victim statistics of the quarter that has just closed (docs/transparency.md).
  { name: 'publish-statistics', cron: '30 0 * * *', run: (d) => publishClosedPeriods(d.orm, d.clock, JOB_ACTOR) },
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

/**
 * Starts pg-boss in the application's database (schema `pgboss`), registers the schedules and
 * the workers. Schedules are stored rows: several API replicas share them and one runs each tick.
 */
export async function startJobs(d: JobDeps & { connectionString: string }): Promise<JobRunner> {
  const boss = new PgBoss({ connectionString: d.connectionString, schema: 'pgboss', max: 3 });
  boss.on('error', (err) => d.log.error({ err }, 'job queue error'));
  await boss.start();
  const jobs = d.audit?.checkpoints
    ? [...JOBS, { name: 'audit-checkpoint', cron: d.audit.checkpoints.cron, run: runAuditCheckpoint }]
    : JOBS;
  for (const j of jobs) {
    if (!(await boss.getQueue(j.name))) await boss.createQueue(j.name, { name: j.name, policy: 'singleton' });
    await boss.schedule(j.name, j.cron);
    await boss.work(j.name, async () => {
      const n = await j.run(d);
      if (n) d.log.info({ job: j.name, count: n }, 'job done');
    });
  }
  return {
    boss,
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
