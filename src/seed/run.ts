import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { createLogger } from '../observability';
import { DEMO_USERS, seedDemo } from './demo';
import { seedDemoCall } from './demo-call';

async function run(): Promise<void> {
  const config = loadConfig();
  if (config.production) throw new Error('The demo seed never runs in production mode.');
  const log = createLogger(config.LOG_LEVEL, false);
  const db = await openDatabase(config, log);
  try {
    const created = await seedDemo(db.orm);
    process.stdout.write(created ? 'Demo data created.\n' : 'Demo data already present.\n');
    if (await seedDemoCall(db.orm)) process.stdout.write('Demo call for proposals opened.\n');
    for (const u of DEMO_USERS) process.stdout.write(`  ${u.role.padEnd(13)} ${u.email} / ${u.password}\n`);
  } finally {
    await db.close();
  }
}

run().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
