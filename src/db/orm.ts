import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import path from 'node:path';
import { entities } from './entities';

const compiled = __filename.endsWith('.js');
// src/db → project root; compiled: dist/src/db → project root.
const ROOT = path.resolve(__dirname, compiled ? '../../..' : '../..');

/** `snapshot`: only migration authoring writes migrations/.snapshot.json (MikroORM rewrites it after every `up`). */
export function ormOptions(url: string, poolMax = 10, snapshot = false): Options {
  return {
    clientUrl: url,
    entities,
    extensions: [Migrator],
    forceUtcTimezone: true,
    pool: { min: 0, max: poolMax },
    discovery: { warnWhenNoEntities: true },
    preferTs: !compiled,
    migrations: {
      path: path.join(ROOT, compiled ? 'dist/migrations' : 'migrations'),
      pathTs: path.join(ROOT, 'migrations'),
      glob: compiled ? '!(*.d).js' : '*.ts',
      transactional: true,
      allOrNothing: true,
      snapshot,
      emit: 'ts',
      snapshotName: '.snapshot',
    },
    debug: false,
  };
}

export async function openOrm(url: string, poolMax?: number, snapshot = false): Promise<MikroORM> {
  return MikroORM.init(ormOptions(url, poolMax, snapshot));
}

const MIGRATION_LOCK = 7_240_002;

/**
 * Applies pending migrations. Replicas starting together queue on a session advisory lock,
 * so only one runs the migrations and the others find nothing left to do.
 */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const knex = orm.em.getKnex();
  const conn = await knex.client.acquireConnection();
  try {
    await knex.raw('select pg_advisory_lock(?)', [MIGRATION_LOCK]).connection(conn);
    const done = await orm.getMigrator().up();
    return done.map((m) => m.name);
  } finally {
    await knex
      .raw('select pg_advisory_unlock(?)', [MIGRATION_LOCK])
      .connection(conn)
      .catch(() => undefined);
    await knex.client.releaseConnection(conn);
  }
}
