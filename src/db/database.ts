import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { DEFAULT_EMBEDDED_PG_DIR, startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';
import { migrate, openOrm } from './orm';

export interface Database {
  orm: MikroORM;
  url: string;
  embedded: EmbeddedDatabase | null;
  close(): Promise<void>;
}

/** DATABASE_URL if set, else an embedded PostgreSQL; then migrations. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  let embedded: EmbeddedDatabase | null = null;
  let url = config.DATABASE_URL;
  if (!url) {
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
    url = embedded.url;
  }
  const orm = await openOrm(url, config.DB_POOL_MAX);
  const applied = await migrate(orm);
  if (applied.length) log.info({ applied }, 'migrations applied');
  return {
    orm,
    url,
    embedded,
    async close() {
      await orm.close(true);
      await embedded?.stop();
    },
  };
}
