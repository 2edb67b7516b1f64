import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { E2E_PORT } from './env';
import { FakeStripe } from '../../test/helpers/fake-stripe';
import { STRIPE_PUBLISHABLE_KEY } from './stripe';
import { setStepUpPolicy } from './api';

const root = path.resolve(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function waitReady(url: string, server: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`the server exited with ${server.exitCode}; see ${logFile}`);
    }
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server was not ready within 120 s; see ${logFile}`);
}

/**
 * Starts the real server, serving the built portal, on a fresh database: a new database on
 * DATABASE_URL's server when it is set, else an embedded PostgreSQL in a new directory.
 * The demo users are seeded (DEMO=1); everything else the journeys need goes through the API.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const portalDir = path.join(root, 'web', 'dist');
  if (!fs.existsSync(path.join(portalDir, 'index.html'))) {
    throw new Error('The portal is not built: run `npm run build -w web` (npm test does) before the e2e tests.');
  }
  // The server's Stripe API: the Stripe-compatible server of the API's tests (there is no network).
  const stripe = await new FakeStripe().start();
  // The journeys read PaymentIntents from it to send Stripe's webhooks (workers inherit this).
  process.env.E2E_STRIPE_API = `http://127.0.0.1:${stripe.port}`;
  // The server's SMTP: a sink on loopback that writes each mail to a file; the journeys read the
  // reset links from there (web/e2e/mail.ts; workers inherit E2E_MAIL_DIR).
  const mailDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vtf-e2e-mail-'));
  process.env.E2E_MAIL_DIR = mailDir;
  let mails = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address).join(',');
        const file = path.join(mailDir, `${String(++mails).padStart(5, '0')}.eml`);
        fs.writeFileSync(`${file}.tmp`, `X-Envelope-To: ${to}\r\n${Buffer.concat(chunks).toString('utf8')}`);
        fs.renameSync(`${file}.tmp`, file);
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(E2E_PORT),
    DEMO: '1',
    // The journeys log in many times from one address.
    RATE_LIMITS: '0',
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    PORTAL_DIR: portalDir,
    ...stripe.env(),
    STRIPE_PUBLISHABLE_KEY,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    PUBLIC_URL: `http://127.0.0.1:${E2E_PORT}`,
  };
  const cleanups: (() => Promise<void>)[] = [
    () => stripe.stop(),
    () => new Promise<void>((resolve) => smtp.close(() => resolve())),
    async () => fs.rmSync(mailDir, { recursive: true, force: true }),
  ];
  const base = process.env.DATABASE_URL;
  if (base) {
    const name = `vtf_e2e_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: withDatabase(base, 'postgres') });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    await admin.end();
    env.DATABASE_URL = withDatabase(base, name);
    cleanups.push(async () => {
      const a = new pg.Client({ connectionString: withDatabase(base, 'postgres') });
      await a.connect();
      await a.query(`drop database if exists "${name}" with (force)`);
      await a.end();
    });
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vtf-e2e-pg-'));
    delete env.DATABASE_URL;
    env.EMBEDDED_PG_DIR = dir;
    env.EMBEDDED_PG_PORT = String(E2E_PORT + 1000);
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  }

  const logDir = path.join(root, 'web', 'test-results');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'server.log');
  const log = fs.openSync(logFile, 'w');
  const tsNode = require.resolve('ts-node/dist/bin.js');
  const server = spawn(process.execPath, [tsNode, '-T', 'src/main.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', log, log],
  });
  try {
    await waitReady(`http://127.0.0.1:${E2E_PORT}/readyz`, server, logFile);
    // The journeys of the other features act as demo staff signed in with a password; the demo fund
    // guards nothing with step-up here (as an administrator may decide). e2e/account.spec.ts turns the
    // policy on for its own step-up journey, and off again (the journeys run one at a time).
    await setStepUpPolicy([]);
  } catch (err) {
    server.kill('SIGKILL');
    for (const c of cleanups.reverse()) await c();
    throw err;
  }
  return async () => {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
    fs.closeSync(log);
    for (const c of cleanups.reverse()) await c();
  };
}
