import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { DEFAULT_EMBEDDED_PG_DIR, startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';
import { migrate, openOrm } from './orm';
import { interactiveSession } from './pools';
import { checkRuntimeRole, EMBEDDED_RUNTIME_USER, ensureEmbeddedRuntimeUser } from './roles';

export interface Database {
  /** The run-time connections: INSERT and SELECT only on the append-only tables. */
  orm: MikroORM;
  /** The owner's URL: migrations and pg-boss's own schema. */
  url: string;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

function withUser(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

/**
 * DATABASE_URL if set, else an embedded PostgreSQL; migrations as the owner (MIGRATION_DATABASE_URL,
 * else DATABASE_URL), then the run-time connections, refused when they could rewrite the audit trail
 * or the ledger (in production, or whenever two roles are configured; a warning otherwise).
 */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  let ownerUrl = config.MIGRATION_DATABASE_URL ?? config.DATABASE_URL;
  let runtimeUrl = config.DATABASE_URL;
  if (!config.DATABASE_URL) {
    log.info(
      { dir: config.EMBEDDED_PG_DIR ?? DEFAULT_EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT },
      'no DATABASE_URL: starting embedded PostgreSQL',
    );
    embedded = await startEmbeddedPostgres({
      dataDir: config.EMBEDDED_PG_DIR,
      rootDir: config.EMBEDDED_PG_ROOT_DIR,
      port: config.EMBEDDED_PG_PORT,
      database: 'vtf_grants',
      log,
    });
    ownerUrl = embedded.url;
    runtimeUrl = withUser(embedded.url, EMBEDDED_RUNTIME_USER, EMBEDDED_RUNTIME_USER);
  }
  if (!ownerUrl || !runtimeUrl) throw new Error('DATABASE_URL is needed with MIGRATION_DATABASE_URL');
  const separate = ownerUrl !== runtimeUrl;
  // Migrations on a pool of their own, without the run-time statement timeout (an index build may take long).
  const owner = await openOrm(ownerUrl, 2);
  try {
    const applied = await migrate(owner);
    if (applied.length) log.info({ applied }, 'migrations applied');
    if (embedded) await ensureEmbeddedRuntimeUser(owner, EMBEDDED_RUNTIME_USER);
  } finally {
    await owner.close(true);
  }
  const orm = await openOrm(runtimeUrl, config.DB_POOL_MAX, false, interactiveSession(config));
  const check = await checkRuntimeRole(orm);
  if (check.problems.length) {
    const message =
      `The run-time database role can rewrite the append-only tables (${check.problems.join('; ')}): ` +
      `connect DATABASE_URL as a member of vtf_runtime and run migrations as the owner with MIGRATION_DATABASE_URL ` +
      `(docs/security.md).`;
    if (config.production || separate) {
      await orm.close(true);
      await embedded?.stop();
      throw new Error(`${message} Refusing to start.`);
    }
    log.warn({ role: check.role }, message);
  }
  return {
    orm,
    url: ownerUrl,
    embedded,
    async close() {
      await orm.close(true);
      await embedded?.stop();
    },
  };
}
