import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import { openDatabase } from './database';
import { openOrm } from './orm';
import { createLogger } from '../observability';

/**
 * up: apply pending migrations (DATABASE_URL or the embedded database).
 * create: write a migration for the difference between entities and the last snapshot.
 * check: exit 1 when the entities need a migration that does not exist.
 * snapshot: rewrite migrations/.snapshot.json from the entities (after merging two branches that both added
 *   migrations, the snapshot is regenerated rather than merged by hand; `check` then proves it matches).
 */
async function run(command: string): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, config.production);
  if (command === 'up') {
    const db = await openDatabase(config, log);
    await db.close();
    process.stdout.write('Migrations are up to date.\n');
    return;
  }
  if (!config.DATABASE_URL) throw new Error(`migration ${command} needs DATABASE_URL`);
  const orm = await openOrm(config.DATABASE_URL, undefined, true);
  try {
    const migrator = orm.getMigrator();
    if (command === 'create') {
      const result = await migrator.createMigration(undefined, false, process.argv.includes('--initial'));
      process.stdout.write(result.fileName ? `Created ${result.fileName}\n` : 'No changes.\n');
    } else if (command === 'snapshot') {
      const target = orm.getSchemaGenerator().getTargetSchema();
      const dir = orm.config.get('migrations').pathTs ?? orm.config.get('migrations').path ?? 'migrations';
      const file = path.join(dir, '.snapshot.json');
      await writeFile(file, `${JSON.stringify(target, null, 2)}\n`);
      process.stdout.write(`Wrote ${file}\n`);
    } else if (command === 'check') {
      const needed = await migrator.checkMigrationNeeded();
      process.stdout.write(
        needed ? 'Entities differ from migrations: run npm run migration:create\n' : 'Migrations match the entities.\n',
      );
      if (needed) process.exitCode = 1;
    } else {
      throw new Error(`unknown command ${command}`);
    }
  } finally {
    await orm.close(true);
  }
}

run(process.argv[2] ?? 'up').catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
