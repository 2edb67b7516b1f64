import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { globalId } from '../src/graphql/relay';
import { JOBS } from '../src/jobs/worker';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { makeAward, secondSecretariat, trancheOp, wire } from './helpers/post-award';

/**
 * Sanctions screening against the UN Security Council Consolidated List (fixture in the published
 * XML format): import by CLI and job, fuzzy matching at registration, and the payment hold that
 * only a secretariat decision lifts.
 */
const FIXTURE = join(__dirname, 'fixtures/sanctions/consolidated-sample.xml');

let app: TestApp;
let sec: GqlClient;

const SANCTIONS = `query($id: String!) { organization(id: $id) { sanctions { paymentHold
  lastScreening { trigger result namesScreened matchCount }
  matches { id subject screenedName entryDataId referenceNumber matchedName score status decisionReason } } } }`;

const sanctionsOf = async (orgId: string, client: GqlClient = sec) =>
  expectNoErrors(await client.gql(SANCTIONS, { id: orgId })).organization.sanctions;

let n = 0;
async function register(legalName: string, displayName: string): Promise<string> {
  const email = `officer${++n}-${Date.now()}@sanctions.example`;
  const r = expectNoErrors(
    await app.anonymous.gql(
      `mutation($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { errors { code message } } }`,
      {
        input: {
          kind: 'NGO',
          legalName,
          country: 'KE',
          email,
          displayName,
          password: 'quiet harbour lantern marble 77',
        },
      },
    ),
  ).registerOrganization;
  expect(r.errors).toEqual([]);
  const [row] = await app.sql<{ id: string }>(
    `select m.organization_id::text as id from membership m join app_user u on u.id = m.user_id where u.email = $1`,
    [email],
  );
  return globalId('Organization', row!.id);
}

const decide = (
  client: GqlClient,
  name: 'clearSanctionsMatch' | 'confirmSanctionsMatch',
  matchId: string,
  reason: string,
) =>
  client.gql(
    `mutation($input: DecideSanctionsMatchInput!) { ${name}(input: $input) { match { id status decisionReason } errors { code message } } }`,
    { input: { matchId, reason } },
  );

beforeAll(async () => {
  app = await startTestApp();
  sec = await app.as('SECRETARIAT');
}, 60_000);
afterAll(() => app.stop());

describe('import', () => {
  it('records NO_LIST before any list is imported, and nothing blocks', async () => {
    const org = await register('Al-Noor Relief Foundation', 'Early Officer');
    const s = await sanctionsOf(org);
    expect(s).toMatchObject({ paymentHold: false, lastScreening: { trigger: 'REGISTRATION', result: 'NO_LIST' } });
    expect(expectNoErrors(await sec.gql('{ sanctionsList { generatedOn } }')).sanctionsList).toBeNull();
  });

  it('imports the published XML with `npm run sanctions:import -- file.xml`, audited', async () => {
    // Asynchronously: the server under test runs in this process and must keep answering.
    const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        join(__dirname, '../node_modules/.bin/ts-node'),
        ['-T', 'src/sanctions/import-cli.ts', FIXTURE],
        {
          cwd: join(__dirname, '..'),
          env: { ...process.env, DATABASE_URL: app.dbUrl, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
          encoding: 'utf8',
        },
        (err, stdout, stderr) =>
          resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
      );
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('3 individuals, 2 entities');
    expect(run.status).toBe(0);
    const list = expectNoErrors(
      await sec.gql('{ sanctionsList { source generatedOn individuals entities sha256 importedAt } }'),
    ).sanctionsList;
    expect(list).toMatchObject({
      source: FIXTURE,
      generatedOn: '2026-11-20T13:00:02.317-05:00',
      individuals: 3,
      entities: 2,
    });
    const entries = await app.sql<{ data_id: string; names: { name: string; kind: string }[] }>(
      `select data_id, names from sanctions_entry order by data_id`,
    );
    expect(entries.map((e) => e.data_id)).toEqual(['9900001', '9900002', '9900003', '9900101', '9900102']);
    expect(entries[0]!.names).toEqual([
      { name: 'IVAN PETROVICH SIDOROV', kind: 'PRIMARY' },
      { name: 'Иван Петрович Сидоров', kind: 'ORIGINAL_SCRIPT' },
      { name: 'Ivan Sidorov', kind: 'GOOD_ALIAS' },
      { name: 'The Accountant', kind: 'LOW_ALIAS' },
    ]);
    const [audit] = await app.sql(`select after from audit_event where action = 'sanctions.import'`);
    expect(audit!.after).toMatchObject({ individuals: 3, entities: 2 });
  }, 60_000);

  it('re-imports from SANCTIONS_LIST_URL on schedule, and an unchanged list is a no-op', async () => {
    const job = JOBS.find((j) => j.name === 'import-sanctions-list')!;
    const deps = { orm: app.orm, clock: app.clock, log: pino({ level: 'silent' }), mailer: null };
    expect(await job.run({ ...deps, sanctionsListUrl: undefined })).toBe(0);
    expect(await job.run({ ...deps, sanctionsListUrl: FIXTURE })).toBe(0); // same file as the CLI import
    // A newer edition of the list at the configured location is imported.
    const newer = join(mkdtempSync(join(tmpdir(), 'sanctions-')), 'consolidated.xml');
    writeFileSync(newer, readFileSync(FIXTURE, 'utf8').replace('2026-11-20T13:00:02', '2026-11-27T13:00:02'));
    expect(await job.run({ ...deps, sanctionsListUrl: newer })).toBe(1);
    const list = expectNoErrors(await sec.gql('{ sanctionsList { source generatedOn individuals } }')).sanctionsList;
    expect(list).toEqual({ source: newer, generatedOn: '2026-11-27T13:00:02.317-05:00', individuals: 3 });
    const imports = await app.sql(`select 1 from sanctions_list_import`);
    expect(imports).toHaveLength(2);
    expect(await app.sql(`select 1 from sanctions_entry`)).toHaveLength(5);
  });

  it('refuses a document that is not the consolidated list and keeps the list in force', async () => {
    const { importSanctionsList } = await import('../src/sanctions/sanctions-import.service');
    const actor = { actorId: null, actorRole: 'test', requestId: null };
    await expect(
      importSanctionsList(app.orm.em.fork(), app.clock, actor, 'x.xml', '<html><body/></html>'),
    ).rejects.toThrow(/CONSOLIDATED_LIST/);
    expect(await app.sql(`select 1 from sanctions_entry`)).toHaveLength(5);
  });
});

describe('fuzzy matching at registration', () => {
  const matchesOf = async (legalName: string, officer: string) => {
    const s = await sanctionsOf(await register(legalName, officer));
    return s.matches.map((m: { subject: string; entryDataId: string; matchedName: string }) => [
      m.subject,
      m.entryDataId,
      m.matchedName,
    ]);
  };

  it('finds the exact name of a listed entity', async () => {
    expect(await matchesOf('Al-Noor Relief Foundation', 'Grace Mwangi')).toEqual([
      ['LEGAL_NAME', '9900101', 'AL-NOOR RELIEF FOUNDATION'],
    ]);
  });

  it('finds a listed person whose name is written in another order', async () => {
    expect(await matchesOf('Hope Shelter Kenya', 'Sidorov Ivan Petrovich')).toEqual([
      ['OFFICER', '9900001', 'IVAN PETROVICH SIDOROV'],
    ]);
  });

  it('finds a listed person written in Cyrillic, transliterated and reordered', async () => {
    expect(await matchesOf('Hope Shelter Uganda', 'Сидоров Иван Петрович')).toEqual([
      ['OFFICER', '9900001', expect.stringMatching(/SIDOROV|Сидоров/i)],
    ]);
  });

  it('finds a listed person written in Arabic script', async () => {
    expect(await matchesOf('Hope Shelter Jordan', 'عبد الرحمن ياسين الحكيمي')).toEqual([
      ['OFFICER', '9900002', 'عبد الرحمن ياسين الحكيمي'],
    ]);
  });

  it('finds a listed alias, and a Latin spelling variant of a listed name', async () => {
    expect(await matchesOf('Light Humanitarian Trust', 'Abdulrahman Yaseen Al Hakimi')).toEqual([
      ['LEGAL_NAME', '9900101', 'Light Humanitarian Trust'],
      ['OFFICER', '9900002', 'ABDUL RAHMAN YASIN AL-HAKIMI'],
    ]);
  });

  it('does not match near misses: a similar company and a person sharing a first name', async () => {
    const org = await register('Eastern Sky Trading Company', 'Ivan Petrenko');
    const s = await sanctionsOf(org);
    expect(s.matches).toEqual([]);
    expect(s).toMatchObject({
      paymentHold: false,
      lastScreening: { result: 'CLEAR', namesScreened: 2, matchCount: 0 },
    });
  });

  it('writes every screening into the audit trail, matches included', async () => {
    const rows = await app.sql<{ after: Record<string, any> }>(
      `select after from audit_event where action = 'sanctions.screen' order by seq`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(7); // one per registration above
    expect(rows.map((r) => r.after.result)).toEqual(expect.arrayContaining(['NO_LIST', 'POSSIBLE_MATCH', 'CLEAR']));
    const hit = rows.find((r) => r.after.matches.some((m: { entryDataId: string }) => m.entryDataId === '9900002'));
    expect(hit!.after).toMatchObject({ trigger: 'REGISTRATION', threshold: 0.9 });
  });

  it('hides screening results from the organisation itself and from trustees', async () => {
    const ngoOrg = globalId(
      'Organization',
      (await app.sql<{ id: string }>(`select id::text from organization where legal_name = 'Safe Harbour Network'`))[0]!
        .id,
    );
    for (const role of ['NGO', 'BOARD_MEMBER'] as const) {
      expect(await sanctionsOf(ngoOrg, await app.as(role))).toBeNull();
    }
    expect(await sanctionsOf(ngoOrg, await app.as('AUDITOR'))).not.toBeNull();
  });
});

describe('payment hold', () => {
  let ngoOrg: string;
  let approver: GqlClient;
  let payer: GqlClient;

  /** Adds a person to the demo NGO through the admin API: a new named officer. */
  async function addOfficer(displayName: string) {
    const admin = await app.as('ADMIN');
    const email = `o${++n}-${Date.now()}@ngo.example`;
    const u = expectNoErrors(
      await admin.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { user { id } errors { code } } }`, {
        i: { email, displayName, password: 'amber falcon river stone 42' },
      }),
    ).createUser.user;
    const g = expectNoErrors(
      await admin.gql(`mutation($i: GrantRoleInput!) { grantRole(input: $i) { errors { code } } }`, {
        i: { userId: u.id, role: 'NGO', organizationId: ngoOrg },
      }),
    ).grantRole;
    expect(g.errors).toEqual([]);
  }

  async function approvedTranche(): Promise<string> {
    const award = await makeAward(app, '20000.00');
    const t1 = award.tranches.find((t) => t.number === 1)!;
    expect((await trancheOp(sec, 'requestTranche', { trancheId: t1.id })).errors).toEqual([]);
    expect((await trancheOp(approver, 'approveTranche', { trancheId: t1.id })).errors).toEqual([]);
    return t1.id;
  }

  const pay = (trancheId: string) =>
    trancheOp(payer, 'recordTranchePayment', {
      trancheId,
      reference: `SANC-${++n}`,
      valueDate: new Date().toISOString().slice(0, 10),
    });

  beforeAll(async () => {
    const [row] = await app.sql<{ id: string }>(
      `select id::text from organization where legal_name = 'Safe Harbour Network'`,
    );
    ngoOrg = globalId('Organization', row!.id);
    approver = await secondSecretariat(app);
    payer = await secondSecretariat(app);
    await wire(app, '200000.00');
  }, 60_000);

  it('blocks a payment on a possible match until the secretariat clears it with a reason', async () => {
    const trancheId = await approvedTranche();
    await addOfficer('Ivan Sidorov');
    const blocked = await pay(trancheId);
    expect(blocked.errors).toEqual([expect.objectContaining({ code: 'SANCTIONS_MATCH' })]);
    const [t] = await app.sql(`select status from tranche where id = $1`, [
      Buffer.from(trancheId, 'base64').toString().split(':')[1],
    ]);
    expect(t!.status).toBe('APPROVED');
    // The screening that refused the payment is kept in the trail.
    const [screen] = await app.sql<{ after: Record<string, any> }>(
      `select after from audit_event where action = 'sanctions.screen' and after->>'trigger' = 'PAYMENT' order by seq desc limit 1`,
    );
    expect(screen!.after).toMatchObject({ result: 'POSSIBLE_MATCH' });
    // Tranche.permissions evaluates the same rule list as the mutation.
    const perm = expectNoErrors(
      await payer.gql('query($id: ID!) { node(id: $id) { ... on Tranche { permissions { pay { allowed code } } } } }', {
        id: trancheId,
      }),
    ).node.permissions.pay;
    expect(perm).toEqual({ allowed: false, code: 'SANCTIONS_MATCH' });
    const s = await sanctionsOf(ngoOrg);
    expect(s.paymentHold).toBe(true);
    const match = s.matches.find((m: { screenedName: string }) => m.screenedName === 'Ivan Sidorov');
    expect(match).toMatchObject({
      subject: 'OFFICER',
      entryDataId: '9900001',
      referenceNumber: 'QDi.901',
      status: 'POSSIBLE',
    });

    for (const role of ['NGO', 'BOARD_MEMBER', 'ADMIN', 'AUDITOR'] as const) {
      const r = await decide(await app.as(role), 'clearSanctionsMatch', match.id, 'not the same person');
      expect([role, r.errors?.[0]?.extensions?.code]).toEqual([role, 'FORBIDDEN']);
    }
    const noReason = await decide(sec, 'clearSanctionsMatch', match.id, '');
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const cleared = expectNoErrors(
      await decide(
        sec,
        'clearSanctionsMatch',
        match.id,
        'Date of birth 1994-05-02 on passport; listed person born 1971',
      ),
    ).clearSanctionsMatch;
    expect(cleared).toMatchObject({ errors: [], match: { status: 'CLEARED' } });
    const [ev] = await app.sql<{ after: Record<string, any>; actor_role: string }>(
      `select after, actor_role from audit_event where action = 'sanctions.clear'`,
    );
    expect(ev).toMatchObject({ actor_role: 'SECRETARIAT', after: { status: 'CLEARED', entryDataId: '9900001' } });
    expect(ev!.after.reason).toContain('passport');

    const paid = await pay(trancheId);
    expect(paid.errors).toEqual([]);
    expect(paid.tranche?.status).toBe('PAID');
    expect((await sanctionsOf(ngoOrg)).paymentHold).toBe(false);
  });

  it('keeps a confirmed match blocking payments for good', async () => {
    const trancheId = await approvedTranche();
    await addOfficer('Light Humanitarian Trust'); // an alias of a listed entity used as a person's name is not compared…
    await addOfficer('Abu Yasin'); // …but a listed person's alias is
    const blocked = await pay(trancheId);
    expect(blocked.errors[0]?.code).toBe('SANCTIONS_MATCH');
    const match = (await sanctionsOf(ngoOrg)).matches.find((m: { status: string }) => m.status === 'POSSIBLE');
    expect(match).toMatchObject({ screenedName: 'Abu Yasin', entryDataId: '9900002' });
    const confirmed = expectNoErrors(
      await decide(sec, 'confirmSanctionsMatch', match.id, 'Same person: passport number matches the list entry'),
    ).confirmSanctionsMatch;
    expect(confirmed).toMatchObject({ errors: [], match: { status: 'CONFIRMED' } });
    const still = await pay(trancheId);
    expect(still.errors[0]).toMatchObject({ code: 'SANCTIONS_MATCH', message: expect.stringContaining('confirmed') });
    const undo = expectNoErrors(
      await decide(sec, 'clearSanctionsMatch', match.id, 'changed my mind'),
    ).clearSanctionsMatch;
    expect(undo.errors[0].code).toBe('INVALID_STATE');
    expect((await sanctionsOf(ngoOrg)).paymentHold).toBe(true);
  });
});
