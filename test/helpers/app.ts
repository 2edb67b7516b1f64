import 'reflect-metadata';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig, type Config } from '../../src/config';
import { openOrm } from '../../src/db/orm';
import { interactiveSession } from '../../src/db/pools';
import { startServer, type RunningApp } from '../../src/server';
import { createLogger } from '../../src/observability';
import { DEMO_USERS, seedDemo } from '../../src/seed/demo';
import type { Clock } from '../../src/core/clock';
import { Role } from '../../src/users/user.entity';
import { generate as generateTotp } from 'otplib';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/** Production mode refuses to start without a checkpoint signing key; other modes use an ephemeral one. */
export const TEST_AUDIT_SIGNING_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();

/** A clock the tests move: real time plus an offset, or frozen. */
export class TestClock implements Clock {
  private offsetMs = 0;
  private frozen: Date | null = null;
  now(): Date {
    return this.frozen ? new Date(this.frozen) : new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    if (this.frozen) this.frozen = new Date(this.frozen.getTime() + ms);
    else this.offsetMs += ms;
  }
  set(d: Date): void {
    this.frozen = d;
  }
  reset(): void {
    this.offsetMs = 0;
    this.frozen = null;
  }
}

export interface GqlResult<T = Record<string, any>> {
  status: number;
  data: T | null | undefined;
  errors: { message: string; extensions?: Record<string, any>; path?: string[] }[] | undefined;
  headers: Headers;
}

export type Operation<T, V> = string | TypedDocumentNode<T, V> | DocumentNode;

export interface GqlClient {
  token: string | null;
  gql<T = Record<string, any>, V = Record<string, unknown>>(
    op: Operation<T, V>,
    variables?: V,
    headers?: Record<string, string>,
  ): Promise<GqlResult<T>>;
}

/**
 * Roles whose actions a fund's policy guards with a recent second factor (src/auth/step-up.ts). The
 * test helper's `login` sets up an authenticator app for such users through the API, so their
 * sessions pass step-up the way a person's would; later logins use their recovery codes.
 */
const STEP_UP_ROLES = new Set<string>([Role.ADMIN, Role.SECRETARIAT, Role.BOARD_MEMBER]);

export interface SecondFactorStash {
  secret: string;
  recoveryCodes: string[];
}

/** The current code of an authenticator app at the test clock's time. */
export function totpCode(secret: string, clock: Clock, offsetSteps = 0): Promise<string> {
  return generateTotp({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + offsetSteps * 30 });
}

/** Sets up an authenticator app for the client's user through the API; its session passes step-up. */
export async function enrolTotp(c: GqlClient, clock: Clock): Promise<SecondFactorStash> {
  const started = expectNoErrors(
    await c.gql<{ startTotpEnrolment: { enrolment: { secret: string } } }>(
      'mutation { startTotpEnrolment { enrolment { secret } errors { code message } } }',
    ),
  ).startTotpEnrolment.enrolment;
  const confirmed = expectNoErrors(
    await c.gql<{ confirmTotpEnrolment: { recoveryCodes: string[] | null; errors: unknown[] } }>(
      'mutation($i: SecondFactorCodeInput!) { confirmTotpEnrolment(input: $i) { recoveryCodes errors { code message } } }',
      { i: { code: await totpCode(started.secret, clock) } },
    ),
  ).confirmTotpEnrolment;
  if (!confirmed.recoveryCodes) throw new Error(`TOTP enrolment failed: ${JSON.stringify(confirmed.errors)}`);
  return { secret: started.secret, recoveryCodes: confirmed.recoveryCodes };
}

/** A demo user to log in as: a role's first demo user, or the n-th board member. */
export type TestRole = `${Role}` | 'TRUSTEE2' | 'TRUSTEE3' | 'TRUSTEE4' | 'TRUSTEE5';
const TEST_ROLES: readonly string[] = [...Object.values(Role), 'TRUSTEE2', 'TRUSTEE3', 'TRUSTEE4', 'TRUSTEE5'];

/** A role name read at run time (a README block, a table): checked, so a typo fails loudly. */
export function testRole(name: string): TestRole {
  if (!TEST_ROLES.includes(name)) throw new Error(`no demo user for role ${name}`);
  return name as TestRole;
}

export interface TestApp {
  url: string;
  baseUrl: string;
  dbUrl: string;
  dbName: string;
  orm: MikroORM;
  clock: TestClock;
  config: Config;
  running: RunningApp;
  anonymous: GqlClient;
  client(token: string | null): GqlClient;
  /** Signs in; staff (STEP_UP_ROLES) get an authenticator app on their first login, and pass its second step after. */
  login(email: string, password: string): Promise<GqlClient>;
  /** The authenticator app and recovery codes the helper set up for a user (by e-mail). */
  secondFactors: Map<string, SecondFactorStash>;
  /** Logs in the (first) demo user of a role; TRUSTEE2..5 are the other seated board members. */
  as(role: TestRole): Promise<GqlClient>;
  sql<R extends Record<string, any> = Record<string, any>>(text: string, params?: unknown[]): Promise<R[]>;
  stop(): Promise<void>;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function gqlRequest<T>(
  url: string,
  token: string | null,
  op: Operation<T, any>,
  variables?: unknown,
  headers: Record<string, string> = {},
): Promise<GqlResult<T>> {
  const query = typeof op === 'string' ? op : print(op);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: { data?: T; errors?: GqlResult<T>['errors'] } = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: text }] };
  }
  return { status: res.status, data: body.data, errors: body.errors, headers: res.headers };
}

/** A real server on a fresh database cloned from the migrated template, seeded with the demo users. */
export async function startTestApp(
  env: Record<string, string> = {},
  opts: { logStream?: NodeJS.WritableStream } = {},
): Promise<TestApp> {
  const base = process.env.VTF_TEST_BASE_URL;
  if (!base) throw new Error('global setup did not run');
  const dbName = `vtf_t_${process.env.VTF_TEST_RUN}_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: withDatabase(base, 'postgres') });
  await admin.connect();
  await admin.query(`create database "${dbName}" template "vtf_tpl_${process.env.VTF_TEST_RUN}"`);
  await admin.end();
  const dbUrl = withDatabase(base, dbName);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    // Tests log in and register far more often than people do; test/rate-limit.test.ts turns the limits on.
    ...(env.NODE_ENV === 'production' ? { AUDIT_SIGNING_KEY: TEST_AUDIT_SIGNING_KEY } : { RATE_LIMITS: '0' }),
    LOG_LEVEL: 'silent',
    // Each test server anchors its own database's chain in its own directory.
    AUDIT_CHECKPOINT_DIR: mkdtempSync(path.join(tmpdir(), `vtf-checkpoints-${dbName}-`)),
    // Each test server keeps its uploads in its own directories.
    STORAGE_URL: `file://${mkdtempSync(path.join(tmpdir(), `vtf-files-${dbName}-`))}`,
    UPLOAD_TMP_DIR: mkdtempSync(path.join(tmpdir(), `vtf-upload-tmp-${dbName}-`)),
    ...env,
  });
  const orm = await openOrm(dbUrl, 20, false, interactiveSession(config));
  await seedDemo(orm);
  const clock = new TestClock();
  const log = opts.logStream
    ? createLogger('info', false, opts.logStream)
    : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const running = await startServer({ config, orm, log, clock, port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${running.port}/graphql`;
  const sqlClient = new Client({ connectionString: dbUrl });
  await sqlClient.connect();

  const client = (token: string | null): GqlClient => ({
    token,
    gql: (op, variables, headers) => gqlRequest(url, token, op, variables, headers),
  });
  const tokens = new Map<string, GqlClient>();
  const factors = new Map<string, SecondFactorStash>();
  /** Through the API: staff set up an authenticator app (their session passes step-up). */
  const enrolIfStaff = async (c: GqlClient, email: string): Promise<void> => {
    const me = await c.gql<{ me: { roles: { role: string }[] } }>('{ me { roles { role } } }');
    if (!me.data?.me.roles.some((g) => STEP_UP_ROLES.has(g.role))) return;
    factors.set(email, await enrolTotp(c, clock));
  };
  /** A second step with one of the stashed recovery codes; new ones (through the API) before they run out. */
  const completeWithStash = async (email: string, challengeToken: string): Promise<GqlClient> => {
    const stash = factors.get(email);
    if (!stash) throw new Error(`login of ${email} needs a second factor the test helper does not know`);
    const r = await gqlRequest<{ completeLogin: { token: string | null } }>(
      url,
      null,
      'mutation($input: CompleteLoginInput!) { completeLogin(input: $input) { token errors { code message } } }',
      { input: { challengeToken, code: stash.recoveryCodes.shift() } },
    );
    const token = r.data?.completeLogin.token;
    if (!token) throw new Error(`second step failed for ${email}: ${JSON.stringify(r.errors ?? r.data)}`);
    const c = client(token);
    if (stash.recoveryCodes.length <= 1) {
      stash.recoveryCodes = expectNoErrors(
        await c.gql<{ regenerateRecoveryCodes: { recoveryCodes: string[] } }>(
          'mutation($i: SecondFactorCodeInput!) { regenerateRecoveryCodes(input: $i) { recoveryCodes errors { code } } }',
          { i: { code: stash.recoveryCodes.shift() } },
        ),
      ).regenerateRecoveryCodes.recoveryCodes;
    }
    return c;
  };
  const login = async (email: string, password: string): Promise<GqlClient> => {
    const r = await gqlRequest<{
      login: { token: string | null; secondFactorRequired: boolean | null; challengeToken: string | null };
    }>(
      url,
      null,
      `mutation Login($input: LoginInput!) { login(input: $input) {
         token secondFactorRequired challengeToken errors { code message } } }`,
      { input: { email, password } },
    );
    const l = r.data?.login;
    if (l?.secondFactorRequired && l.challengeToken) return completeWithStash(email, l.challengeToken);
    const token = l?.token;
    if (!token) throw new Error(`login failed for ${email}: ${JSON.stringify(r.errors ?? r.data)}`);
    const c = client(token);
    await enrolIfStaff(c, email);
    return c;
  };
  return {
    url,
    baseUrl: `http://127.0.0.1:${running.port}`,
    dbUrl,
    dbName,
    orm,
    clock,
    config,
    running,
    anonymous: client(null),
    client,
    login,
    secondFactors: factors,
    async as(role) {
      const cached = tokens.get(role);
      if (cached) return cached;
      const trustee = /^TRUSTEE(\d)$/.exec(role);
      const u = trustee
        ? DEMO_USERS.filter((d) => d.role === Role.BOARD_MEMBER)[Number(trustee[1]) - 1]
        : DEMO_USERS.find((d) => d.role === role)!;
      const c = await login(u.email, u.password);
      tokens.set(role, c);
      return c;
    },
    async sql(text, params) {
      const r = await sqlClient.query(text, params as unknown[]);
      return r.rows;
    },
    async stop() {
      await running.stop();
      await orm.close(true);
      await sqlClient.end();
      const a = new Client({ connectionString: withDatabase(base, 'postgres') });
      await a.connect();
      await a.query(`drop database if exists "${dbName}" with (force)`);
      await a.end();
      if (config.AUDIT_CHECKPOINT_DIR !== 'off') rmSync(config.AUDIT_CHECKPOINT_DIR, { recursive: true, force: true });
    },
  };
}

/** Fails the test with the server's errors when a payload came back with errors. */
export function expectNoErrors<T>(r: GqlResult<T>): T {
  if (r.errors?.length || !r.data) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors ?? r)}`);
  return r.data;
}

/** Counts the SQL statements the server sends while `run` executes (all requests of the app). */
export async function countStatements(app: TestApp, run: () => Promise<unknown>): Promise<number> {
  return (await recordStatements(app, run)).length;
}

/** The SQL statements (text) that `run` causes on the app's ORM, in order. */
export async function recordStatements(app: TestApp, run: () => Promise<unknown>): Promise<string[]> {
  const logger = app.orm.config.getLogger();
  const original = logger.logQuery.bind(logger);
  const seen: string[] = [];
  logger.logQuery = (ctx) => {
    seen.push(ctx.query ?? '');
    original(ctx);
  };
  try {
    await run();
  } finally {
    logger.logQuery = original;
  }
  return seen;
}
