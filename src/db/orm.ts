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

export async function migrate(orm: MikroORM): Promise<string[]> {
  const done = await orm.getMigrator().up();
  return done.map((m) => m.name);
}
