import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import path from 'node:path';
import { entities } from './entities';
import { AuditChainWriter } from '../audit/audit.service';

const compiled = __filename.endsWith('.js');
// src/db → project root; compiled: dist/src/db → project root.
const ROOT = path.resolve(__dirname, compiled ? '../../..' : '../..');

/** Settings of every connection of a pool, sent by `pg` when it connects (no statement per request). */
export interface SessionSettings {
  /** `statement_timeout` in ms: PostgreSQL cancels a longer statement (SQLSTATE 57014); 0: none. */
  statementTimeoutMs: number;
  /** `application_name`, as pg_stat_activity shows it. */
  applicationName: string;
}

/**
 * `snapshot`: only migration authoring writes migrations/.snapshot.json (MikroORM rewrites it after every `up`).
 * `session`: timeouts of the run-time pools (migrations run without, on a pool of their own).
 */
export function ormOptions(url: string, poolMax = 10, snapshot = false, session?: SessionSettings): Options {
  return {
    clientUrl: url,
    ...(session
      ? {
          driverOptions: {
            connection: {
              application_name: session.applicationName,
              ...(session.statementTimeoutMs > 0
                ? {
                    statement_timeout: session.statementTimeoutMs,
                    // A transaction left open by a crashed request must not hold its locks for ever.
                    idle_in_transaction_session_timeout: Math.max(session.statementTimeoutMs, 60_000),
                  }
                : {}),
            },
          },
        }
      : {}),
    entities,
    // A transaction's audit events join the chain just before it commits (src/audit/audit.service.ts).
    subscribers: [new AuditChainWriter()],
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

export async function openOrm(
  url: string,
  poolMax?: number,
  snapshot = false,
  session?: SessionSettings,
): Promise<MikroORM> {
  return MikroORM.init(ormOptions(url, poolMax, snapshot, session));
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
