/**
 * Creates the first administrator of a deployment:
 *
 *   npm run admin:create -- --email admin@fund.example [--name "Jane Doe"] [--force]
 *
 * The password comes from ADMIN_PASSWORD, else a random one is printed once. Exit 0 created,
 * 1 refused (an administrator exists, the address is taken, the password is weak), 2 usage.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { DomainError } from '../core/errors';
import { createLogger } from '../observability';
import { createFirstAdmin } from './first-admin';

async function run(): Promise<number> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' }, force: { type: 'boolean', default: false } },
  });
  if (!values.email) {
    process.stderr.write('Usage: npm run admin:create -- --email <address> [--name <display name>] [--force]\n');
    return 2;
  }
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, config.production);
  const db = await openDatabase(config, log);
  try {
    const result = await createFirstAdmin(db.orm, {
      email: values.email,
      displayName: values.name ?? 'Administrator',
      password: process.env.ADMIN_PASSWORD || undefined,
      force: values.force ?? false,
    });
    if (result.outcome === 'refused') {
      process.stderr.write(`Refused: ${result.reason}\n`);
      return 1;
    }
    if (result.outcome === 'promoted') {
      process.stdout.write(`${result.user.email} is now an administrator (audited).\n`);
      return 0;
    }
    process.stdout.write(`Administrator ${result.user.email} created (audited).\n`);
    if (result.generated) process.stdout.write(`Password (shown once, keep it safe): ${result.password}\n`);
    return 0;
  } catch (e) {
    if (e instanceof DomainError) {
      process.stderr.write(`Refused: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await db.close();
  }
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
