/**
 * Generates sample open-data exports from a seeded lifecycle and validates them against the
 * official schemas in test/fixtures/standards (360Giving 1.4 JSON Schema, IATI 2.03 XSD).
 *
 *   npm run exports:validate                 # DATABASE_URL's server, default the local test server
 *   npm run exports:validate -- --out tmp/   # also keep the generated files
 *
 * Creates a fresh database, migrates and seeds it, starts the app on a free port, runs a small
 * grant cycle through GraphQL (wire receipts, a pledge, a call, an application, review,
 * recommendation, board votes → award, first tranche requested, approved by a second secretariat
 * member and paid), fetches both exports over HTTP, checks that the payment shows (IATI transaction
 * type 3, 360Giving amountDisbursed > 0) and validates them. Exits 1 on any validation error. Drops the database afterwards.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/config';
import { migrate, openOrm } from '../src/db/orm';
import { DEMO_USERS, seedDemo } from '../src/seed/demo';
import { startServer } from '../src/server';
import { Role } from '../src/users/user.entity';
import { enrolTotp, gqlRequest, type GqlClient } from '../test/helpers/app';
import { bankRef, recordWire } from '../test/helpers/money';
import { makeAward } from '../test/helpers/transparency';
import { validate360Giving, validateIati } from './open-data-validate';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const withDb = (db: string) => Object.assign(new URL(base), { pathname: `/${db}` }).toString();

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: withDb('postgres') });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

const STEP_UP_STAFF = new Set<Role>([Role.SECRETARIAT, Role.BOARD_MEMBER, Role.ADMIN]);

async function main(): Promise<number> {
  const db = `vtf_exports_${randomBytes(4).toString('hex')}`;
  await admin(`create database "${db}"`);
  const orm = await openOrm(withDb(db));
  let stop = async () => {};
  try {
    await migrate(orm);
    await seedDemo(orm);
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: withDb(db), LOG_LEVEL: 'silent' });
    const running = await startServer({ config, orm, log: pino({ level: 'silent' }), port: 0, host: '127.0.0.1' });
    stop = () => running.stop();
    const url = `http://127.0.0.1:${running.port}/graphql`;
    const as = async (role: Role, nth = 0): Promise<GqlClient> => {
      const u = DEMO_USERS.filter((d) => d.role === role)[nth]!;
      const r = await gqlRequest<{ login: { token: string | null } }>(
        url,
        null,
        'mutation L($input: LoginInput!) { login(input: $input) { token } }',
        { input: { email: u.email, password: u.password } },
      );
      const token = r.data?.login.token;
      if (!token) throw new Error(`login failed for ${u.email}`);
      const client: GqlClient = { token, gql: (op, v, h) => gqlRequest(url, token, op, v, h) };
      // The demo fund's policy asks staff for a second factor (step-up) before votes and payments:
      // an authenticator app is set up through the API, which steps this session up.
      if (STEP_UP_STAFF.has(role)) await enrolTotp(client, { now: () => new Date() });
      return client;
    };
    const sec = await as(Role.SECRETARIAT);
    const ngo = await as(Role.NGO);
    const donor = await as(Role.DONOR);
    const trustees = await Promise.all([0, 1, 2].map((i) => as(Role.BOARD_MEMBER, i)));
    const fund = (await gqlRequest<{ fund: { id: string } }>(url, null, '{ fund(code: "UNVTF") { id } }')).data!.fund
      .id;
    const org = (await donor.gql<{ me: { organizations: { id: string }[] } }>('{ me { organizations { id } } }')).data!
      .me.organizations[0]!.id;
    const wire = await recordWire(sec, {
      fundId: fund,
      donorOrganizationId: org,
      amount: '250000.00',
      currency: 'USD',
      valueDate: new Date().toISOString().slice(0, 10),
      bankReference: bankRef(),
    });
    if (wire.errors || wire.data?.recordWireContribution.errors.length) throw new Error(JSON.stringify(wire));
    const pledge = await donor.gql<{ createPledge: { errors: unknown[] } }>(
      'mutation P($input: CreatePledgeInput!) { createPledge(input: $input) { errors { code message } } }',
      { input: { fundId: fund, amount: '100000.00', currency: 'USD', dueDate: '2027-06-30' } },
    );
    if (pledge.errors || pledge.data?.createPledge.errors.length) throw new Error(JSON.stringify(pledge));
    const { applicationId } = await makeAward({ sec, ngo, trustees }, fund, '40000.00');
    const paid = await payFirstTranche(url, sec, await as(Role.ADMIN), fund, applicationId);

    const baseUrl = `http://127.0.0.1:${running.port}`;
    const json = await (await fetch(`${baseUrl}/exports/funds/UNVTF/360giving.json`)).text();
    const xml = await (await fetch(`${baseUrl}/exports/funds/UNVTF/iati.xml`)).text();
    if (values.out) {
      mkdirSync(values.out, { recursive: true });
      writeFileSync(path.join(values.out, 'UNVTF-360giving.json'), json);
      writeFileSync(path.join(values.out, 'UNVTF-iati.xml'), xml);
    }
    const results = [
      ['360Giving 1.4', validate360Giving(JSON.parse(json))],
      ['IATI 2.03', await validateIati(xml)],
    ] as const;
    let failed = 0;
    for (const problem of disbursementProblems(JSON.parse(json), xml, paid)) {
      console.log(`MISSING ${problem}`);
      failed++;
    }
    for (const [name, r] of results) {
      console.log(`${r.valid ? 'valid  ' : 'INVALID'} ${name}`);
      for (const e of r.errors) console.log(`  ${e}`);
      if (!r.valid) failed++;
    }
    return failed ? 1 : 0;
  } finally {
    await stop();
    await orm.close(true);
    await admin(`drop database if exists "${db}" with (force)`);
  }
}

/** The payload of mutation `name`, or throws on any error (top-level or in the payload). */
function ok(r: { errors?: unknown; data?: Record<string, any> | null }, name: string): any {
  const p = r.data?.[name];
  if (r.errors || !p || p.errors.length) throw new Error(`${name}: ${JSON.stringify(r)}`);
  return p;
}

/**
 * Four eyes: the demo secretariat requests the first tranche, a second secretariat member (made
 * through the admin API) approves it, and the payment is recorded. Returns the paid decimal amount.
 */
async function payFirstTranche(
  url: string,
  sec: GqlClient,
  admin: GqlClient,
  fund: string,
  applicationId: string,
): Promise<string> {
  const email = `second-sec-${randomBytes(3).toString('hex')}@demo.vtf.example`;
  const password = 'Second-Secretariat-Egret-2026';
  const user = ok(
    await admin.gql<any>(
      'mutation U($input: CreateUserInput!) { createUser(input: $input) { user { id } errors { code message } } }',
      { input: { email, displayName: 'Sam Second', password } },
    ),
    'createUser',
  ) as { user: { id: string } };
  ok(
    await admin.gql<any>(
      'mutation G($input: GrantRoleInput!) { grantRole(input: $input) { errors { code message } } }',
      {
        input: { userId: user.user.id, role: 'SECRETARIAT', fundId: fund },
      },
    ),
    'grantRole',
  );
  const login = await gqlRequest<{ login: { token: string | null } }>(
    url,
    null,
    'mutation L($input: LoginInput!) { login(input: $input) { token } }',
    { input: { email, password } },
  );
  const token = login.data?.login.token;
  if (!token) throw new Error('login of the second secretariat member failed');
  const sec2: GqlClient = { token, gql: (op, v, h) => gqlRequest(url, token, op, v, h) };
  await enrolTotp(sec2, { now: () => new Date() });
  const app = await sec.gql<{
    application: { award: { tranches: { id: string; number: number; amount: { amount: string } }[] } };
  }>('query A($id: String!) { application(id: $id) { award { tranches { id number amount { amount } } } } }', {
    id: applicationId,
  });
  const first = app.data!.application.award.tranches.find((t) => t.number === 1)!;
  const trancheId = first.id;
  const steps = [
    [sec, 'requestTranche', 'TrancheActionInput', { trancheId }],
    [sec2, 'approveTranche', 'TrancheActionInput', { trancheId }],
    [
      sec2, // separation of duties: the requester may not record the payment (docs/payments.md)
      'recordTranchePayment',
      'RecordTranchePaymentInput',
      { trancheId, reference: bankRef(), valueDate: new Date().toISOString().slice(0, 10) },
    ],
  ] as const;
  for (const [client, name, type, input] of steps) {
    const q = `mutation T($input: ${type}!) { ${name}(input: $input) { errors { code message } } }`;
    ok(await client.gql<any>(q, { input }), name);
  }
  return first.amount.amount;
}

/** The paid tranche must show in both exports. */
function disbursementProblems(giving: any, xml: string, paid: string): string[] {
  const problems: string[] = [];
  const grants: any[] = giving.grants ?? [];
  const disbursed = grants.map((g) => Number(g.amountDisbursed ?? 0));
  if (!disbursed.some((d) => d > 0)) problems.push('360Giving: no grant with amountDisbursed > 0');
  if (!disbursed.some((d) => d.toFixed(2) === Number(paid).toFixed(2)))
    problems.push(`360Giving: no grant with amountDisbursed = ${paid} (got ${disbursed.join(', ')})`);
  if (!/<transaction-type\s+code="3"\s*\/?>/.test(xml)) problems.push('IATI: no transaction of type 3 (disbursement)');
  return problems;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
