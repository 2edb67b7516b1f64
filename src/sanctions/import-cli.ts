/**
 * Imports the UN Security Council Consolidated List (XML) as the list in force:
 *
 *   npm run sanctions:import -- consolidated.xml
 *   npm run sanctions:import -- https://scsanctions.un.org/resources/xml/en/consolidated.xml
 *
 * Without an argument it reads SANCTIONS_LIST_URL. Exit status 0 on success (also when the list
 * is unchanged), 1 on error.
 */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { systemClock } from '../core/clock';
import { createLogger } from '../observability';
import { importSanctionsFrom } from './sanctions-import.service';
import { progress } from '../core/progress';

async function run(): Promise<void> {
  const config = loadConfig();
  const source = process.argv[2] ?? config.SANCTIONS_LIST_URL;
  if (!source) throw new Error('Usage: npm run sanctions:import -- <file.xml | URL> (or set SANCTIONS_LIST_URL).');
  const db = await openDatabase(config, createLogger(config.LOG_LEVEL, config.production));
  // Entries stored so far, on a terminal only (stderr); CI logs get the summary line alone.
  const line = progress('sanctions entries stored', null);
  try {
    const { listImport: l, changed } = await importSanctionsFrom(
      db.orm.em.fork(),
      systemClock,
      { actorId: null, actorRole: 'system:cli', requestId: null },
      source,
      (stored, total) => line.update(stored, total),
    ).finally(() => line.end());
    process.stdout.write(
      changed
        ? `Imported the sanctions list generated ${l.generatedOn ?? '(no date)'}: ${l.individuals} individuals, ${l.entities} entities.\n`
        : `The sanctions list is unchanged (generated ${l.generatedOn ?? '(no date)'}); nothing imported.\n`,
    );
  } finally {
    await db.close();
  }
}

run().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
