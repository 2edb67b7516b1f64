/**
 * Headline benchmarks: our production-mode server against PostGraphile 4.14 and 5 (the peers) and one
 * hand-written SQL statement (the ceiling) on the same generated database, in one run.
 *
 *   npm run bench                                  # default profile, 5 rounds × 5 s, 10 connections
 *   npm run bench -- --duration 10 --rounds 5 --connections 10
 *   npm run bench -- --profile large               # 1M contributions, 10M audit events (slow)
 *   npm run bench -- --db vtf_bench_x --keep       # reuse a generated database
 *
 * Writes bench/results/latest.json and prints a table. Not part of `npm test`.
 */
import 'reflect-metadata';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { knex as createKnex } from '@mikro-orm/postgresql';
import { TokenService } from '../src/auth/token';
import { verifyChain } from '../src/audit/verify';
import { openOrm, migrate } from '../src/db/orm';
import { globalId, encodeCursor } from '../src/graphql/relay';
import { generate, PROFILES } from './generate';
import * as Q from './queries';
import { benchDatabaseEnv } from './runtime-role';

const { values: opt } = parseArgs({
  options: {
    profile: { type: 'string', default: 'default' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '5' },
    db: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    only: { type: 'string' },
    'generate-only': { type: 'boolean', default: false },
  },
});
const DURATION = Number(opt.duration);
const CONNECTIONS = Number(opt.connections);
const ROUNDS = Number(opt.rounds);
const ROOT = path.resolve(__dirname, '..');
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const withDb = (db: string) => Object.assign(new URL(base), { pathname: `/${db}` }).toString();
const JWT_SECRET = randomBytes(32).toString('hex');
const PORTS = { ours: 4811, dev: 4812, peer: 4813, ceiling: 4814, peer5: 4815, writes: 4816 };
const children: ChildProcess[] = [];
const log = (s: string) => process.stdout.write(`${s}\n`);

function start(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  const err = openSync(path.join(ROOT, `bench/results/${name}.stderr.log`), 'w');
  const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', err] });
  children.push(child);
  return child;
}

async function waitFor(url: string, init?: RequestInit, seconds = 90): Promise<void> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    try {
      if ((await fetch(url, init)).status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`${url} did not come up (see bench/results/*.stderr.log)`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

async function post(port: number, body: unknown, token?: string, urlPath = '/graphql'): Promise<any> {
  const res = await fetch(`http://127.0.0.1:${port}${urlPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json: any = await res.json();
  if (res.status !== 200 || json.errors)
    throw new Error(`${port}${urlPath}: ${res.status} ${JSON.stringify(json.errors ?? json).slice(0, 500)}`);
  return json;
}

/** User + system CPU time of a process, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return NaN;
  }
}

interface Target {
  /** The server process, for its CPU time per request (less sensitive to noisy neighbours than req/s). */
  pid?: number;
  op: string;
  /** ours, peer, peer5, ceiling; for writes also ours10 and ceiling10 (the same spread over 10 funds). */
  target: string;
  port: number;
  urlPath: string;
  token?: string;
  body?: unknown;
  /** A fresh body per request (mutations that consume data). */
  nextBody?: () => unknown;
  amount?: number;
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  cpuMsPerRequest: number;
}

async function measure(t: Target): Promise<Sample> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (t.token) headers.authorization = `Bearer ${t.token}`;
  const cpu0 = cpuMs(t.pid);
  const r = await autocannon({
    url: `http://127.0.0.1:${t.port}${t.urlPath}`,
    method: 'POST',
    headers,
    connections: CONNECTIONS,
    duration: DURATION,
    ...(t.amount ? { maxOverallRequests: t.amount } : {}),
    ...(t.nextBody
      ? { requests: [{ setupRequest: (req: any) => ({ ...req, body: JSON.stringify(t.nextBody!()) }) }] }
      : { body: JSON.stringify(t.body ?? {}) }),
  });
  return {
    // A write round stops when its share of prepared rows is used up: requests over the time it took.
    rps: t.amount ? r.requests.total / Math.max(0.001, r.duration) : r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    cpuMsPerRequest: (cpuMs(t.pid) - cpu0) / Math.max(1, r.requests.total),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Resident memory of a process in MB (Linux /proc). */
function rssMb(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Prepared rows a write target consumes, round robin over its funds; no row is given twice. */
class Feed {
  private turn = 0;
  constructor(private readonly lists: string[][]) {}
  get size(): number {
    return this.lists.reduce((n, l) => n + l.length, 0);
  }
  next(): string {
    for (let i = 0; i < this.lists.length; i++) {
      const list = this.lists[this.turn++ % this.lists.length]!;
      const id = list.shift();
      if (id) return id;
    }
    throw new Error('a write benchmark ran out of prepared rows');
  }
}

/**
 * Splits the prepared rows of a write benchmark: UNVTF's between "one fund" ours and ceiling
 * (40 % each) and the 10-fund targets (10 % each); each other fund's between the 10-fund targets.
 */
function feeds(rows: { id: string; fund_id: string }[], fundIds: string[]) {
  const of = (f: string) => rows.filter((r) => r.fund_id === f).map((r) => r.id);
  const [main, ...others] = fundIds.map(of);
  const cut = (xs: string[], from: number, to: number) =>
    xs.slice(Math.floor(xs.length * from), Math.floor(xs.length * to));
  return {
    ours: new Feed([cut(main!, 0, 0.4)]),
    ceiling: new Feed([cut(main!, 0.4, 0.8)]),
    ours10: new Feed([cut(main!, 0.8, 0.9), ...others.map((o) => cut(o, 0, 0.5))]),
    ceiling10: new Feed([cut(main!, 0.9, 1), ...others.map((o) => cut(o, 0.5, 1))]),
  };
}

async function statementsOfPeer(port: number, body: unknown): Promise<number> {
  await fetch(`http://127.0.0.1:${port}/__statements`);
  await post(port, body, undefined, port === PORTS.ceiling ? '/' : '/graphql');
  return Number(await (await fetch(`http://127.0.0.1:${port}/__statements`)).text());
}

async function main(): Promise<void> {
  const profile = PROFILES[opt.profile];
  if (!profile) throw new Error(`unknown profile ${opt.profile}`);
  const db = opt.db ?? `vtf_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: withDb('postgres') });
  await admin.connect();
  const url = withDb(db);
  const client = new Client({ connectionString: url });
  let generated: { seconds: number; counts: Record<string, number> } | null = null;
  try {
    if (!opt.db) {
      await admin.query(`create database "${db}"`);
      const orm = await openOrm(url, 2);
      await migrate(orm);
      await orm.close(true);
      await client.connect();
      log(`generating profile ${opt.profile} in ${db} …`);
      generated = await generate(client, profile);
      log(`generated in ${generated.seconds.toFixed(1)} s: ${JSON.stringify(generated.counts)}`);
    } else await client.connect();
    if (opt['generate-only']) {
      const knex = createKnex({ client: 'pg', connection: url, pool: { min: 0, max: 2 } });
      const started = Date.now();
      const chain = await verifyChain(knex);
      await knex.destroy();
      const ledger = await client.query(
        `select count(*)::int as groups, count(*) filter (where d <> c)::int as unbalanced
           from (select txn_id, sum(debit_minor) d, sum(credit_minor) c from ledger_entry group by txn_id) g`,
      );
      log(`audit chain ok ${chain.ok} (${chain.checked} events, verified in ${((Date.now() - started) / 1000).toFixed(1)} s); ` +
        `ledger groups ${ledger.rows[0].groups}, unbalanced ${ledger.rows[0].unbalanced}`); // prettier-ignore
      return;
    }

    const user = async (email: string) =>
      (await client.query<{ id: string }>('select id from app_user where email = $1', [email])).rows[0]!.id;
    const fundId = (await client.query<{ id: string }>(`select id from fund where code = 'UNVTF'`)).rows[0]!.id;
    const voteRows = (
      await client.query<{ id: string; fund_id: string }>(
        `select a.id, a.fund_id from application a where a.status = 'RECOMMENDED'
           and (select count(*) from board_vote v where v.application_id = a.id) = 2 order by a.id`,
      )
    ).rows;
    const payRows = (
      await client.query<{ id: string; fund_id: string }>(
        `select t.id, a.fund_id from tranche t join award a on a.id = t.award_id where t.status = 'APPROVED' order by t.id`,
      )
    ).rows;
    const voteReady = voteRows.map((r) => r.id);
    const payReady = payRows.map((r) => r.id);
    const fundIds = (await client.query<{ id: string }>(`select id from fund order by code <> 'UNVTF', code`)).rows.map(
      (r) => r.id,
    );
    const funds = fundIds.length;
    const voteFeeds = feeds(voteRows, fundIds);
    const payFeeds = feeds(payRows, fundIds);
    const maxSeq = Number((await client.query('select max(seq)::text as m from audit_event')).rows[0].m);
    const tokens = new TokenService(JWT_SECRET, 86_400);
    // Access tokens name a live session (auth_session); the benchmark opens one per user.
    const tok = async (email: string) => {
      const id = await user(email);
      const session = (
        await client.query<{ id: string }>(
          `insert into auth_session (id, user_id, last_used_at, expires_at)
           values (gen_random_uuid(), $1, now(), now() + interval '1 day') returning id`,
          [id],
        )
      ).rows[0]!.id;
      return (await tokens.issue(id, session)).token;
    };
    const secretariat = await tok('secretariat@bench.vtf.example');
    const auditor = await tok('auditor@bench.vtf.example');
    const trustee = await tok('trustee3@bench.vtf.example');
    const trusteeId = await user('trustee3@bench.vtf.example');
    const secretariatId = await user('secretariat@bench.vtf.example');

    if (!opt['no-build']) {
      log('building (tsc -p tsconfig.build.json) …');
      const b = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
      if (b.status !== 0) throw new Error('build failed');
    }
    const signingKey = generateKeyPairSync('ed25519')
      .privateKey.export({ format: 'der', type: 'pkcs8' })
      .toString('base64');
    const serverEnv = {
      ...(await benchDatabaseEnv(admin, url)),
      JWT_SECRET,
      AUDIT_SIGNING_KEY: signingKey,
      DB_POOL_MAX: '10',
    };
    const oursProc = start('ours', 'node', ['dist/src/main.js'], {
      ...serverEnv,
      NODE_ENV: 'production',
      PORT: String(PORTS.ours),
    });
    // One at a time: two servers migrating and setting up their job queue at once can deadlock.
    await waitFor(`http://127.0.0.1:${PORTS.ours}/healthz`);
    start('dev', 'node', ['dist/src/main.js'], { ...serverEnv, NODE_ENV: 'development', PORT: String(PORTS.dev), LOG_LEVEL: 'warn' }); // prettier-ignore
    const peersProc = start(
      'peers',
      'node',
      ['-r', 'ts-node/register/transpile-only', 'bench/peers.ts', url, String(PORTS.peer), String(PORTS.ceiling)],
      {},
    );
    const peer5Proc = start(
      'postgraphile5',
      'node',
      ['-r', 'ts-node/register/transpile-only', 'bench/postgraphile5.ts', url, String(PORTS.peer5)],
      { GRAPHILE_ENV: 'production' },
    );
    const writesProc = start(
      'write-ceiling',
      'node',
      ['-r', 'ts-node/register/transpile-only', 'bench/write-ceiling.ts', url, String(PORTS.writes)],
      {},
    );
    await waitFor(`http://127.0.0.1:${PORTS.dev}/healthz`);
    await waitFor(`http://127.0.0.1:${PORTS.writes}/__statements`);
    await waitFor(`http://127.0.0.1:${PORTS.peer}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' }); // prettier-ignore
    await waitFor(`http://127.0.0.1:${PORTS.ceiling}/`, { method: 'POST' });
    await waitFor(`http://127.0.0.1:${PORTS.peer5}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' }); // prettier-ignore

    // The four must serve the same data.
    const nested = { query: Q.OURS_NESTED };
    const peerNested = { query: Q.PEER_NESTED };
    const wanted = (op: string) => !opt.only || opt.only.split(',').includes(op);
    let ours: ReturnType<typeof Q.normalise> = [];
    let same = false;
    if (wanted('nestedRead')) {
      ours = Q.normalise(await post(PORTS.ours, nested, secretariat));
      const peer = Q.normalise(await post(PORTS.peer, peerNested));
      const peer5 = Q.normalise(await post(PORTS.peer5, peerNested));
      const ceiling = Q.normalise(await post(PORTS.ceiling, {}, undefined, '/'));
      same = [peer, peer5, ceiling].every((other) => JSON.stringify(ours) === JSON.stringify(other));
      if (!same) {
        writeFileSync(
          path.join(ROOT, 'bench/results/mismatch.json'),
          JSON.stringify({ ours, peer, peer5, ceiling }, null, 1),
        );
        throw new Error('the four nested reads differ (bench/results/mismatch.json)');
      }
    }
    const apps = ours.reduce((n, c) => n + c.apps.length, 0);
    if (same)
      log(`same data from ours, PostGraphile 4 and 5 and the ceiling: ${ours.length} calls, ${apps} applications`);

    const voteBody = (id: string) => ({
      query: Q.OURS_VOTE,
      variables: { input: { applicationId: globalId('Application', id), choice: 'APPROVE', reason: 'bench' } },
    });
    const auditBody = {
      query: Q.OURS_AUDIT_PAGE,
      variables: { after: encodeCursor(String(Math.floor(maxSeq * 0.9))) },
    };
    const ledgerCheckBody = { query: Q.OURS_STATEMENT, variables: { fundId: globalId('Fund', fundId) } };
    // fundStatement (issue 6) where this build has it, else the ledger check as its stand-in.
    const queryFields = await post(PORTS.dev, { query: '{ __type(name: "Query") { fields { name } } }' }, secretariat);
    const hasStatement = queryFields.data.__type.fields.some((f: { name: string }) => f.name === 'fundStatement');
    const mutationFields = await post(
      PORTS.dev,
      { query: '{ __type(name: "Mutation") { fields { name } } }' },
      secretariat,
    );
    const hasPayment =
      payReady.length > 0 &&
      mutationFields.data.__type.fields.some((f: { name: string }) => f.name === 'recordTranchePayment');
    let paid = 0;
    const today = new Date().toISOString().slice(0, 10);
    const payBody = (id: string) => {
      const n = paid++;
      return {
        query: Q.OURS_PAY,
        variables: { input: { trancheId: globalId('Tranche', id), reference: `BENCH-PAY-${n}`, valueDate: today } },
      };
    };
    const ceilingPayBody = (id: string) => ({
      trancheId: id,
      reference: `BENCH-CEIL-${paid++}`,
      valueDate: today,
      payerId: secretariatId,
    });
    const stmtBody = hasStatement ? { ...ledgerCheckBody, query: Q.OURS_FUND_STATEMENT } : ledgerCheckBody;
    const g = (port: number, op: string, body: unknown, token: string, extra: Partial<Target> = {}): Target => ({
      op, target: 'ours', port, urlPath: '/graphql', token, body, pid: oursProc.pid, ...extra,
    }); // prettier-ignore
    // Check every operation once on the production server before timing it.
    const probe = await post(PORTS.ours, auditBody, auditor);
    if (probe.data.auditEvents.edges.length !== 50) throw new Error('audit page is not full');
    await post(PORTS.ours, { query: Q.OURS_BALANCE }, secretariat);
    await post(PORTS.ours, stmtBody, secretariat);

    // SQL statements per operation: the development server reports them; the peers count at the driver.
    const statements: Record<string, Record<string, number>> = {};
    const devCount = async (body: unknown, token: string) => {
      const r = await post(PORTS.dev, body, token);
      return r.extensions?.sqlStatements as number;
    };
    if (wanted('nestedRead'))
      statements.nestedRead = {
        ours: await devCount(nested, secretariat),
        peer: await statementsOfPeer(PORTS.peer, peerNested),
        peer5: await statementsOfPeer(PORTS.peer5, peerNested),
        ceiling: await statementsOfPeer(PORTS.ceiling, {}),
      };
    statements.fundBalance = { ours: await devCount({ query: Q.OURS_BALANCE }, secretariat) };
    statements.fundStatement = { ours: await devCount(stmtBody, secretariat) };
    statements.auditPage = { ours: await devCount(auditBody, auditor) };
    const vote = await post(PORTS.dev, voteBody(voteFeeds.ours.next()), trustee);
    if (vote.data.castBoardVote.errors.length || vote.data.castBoardVote.application.status !== 'AWARDED') {
      throw new Error(`deciding vote did not award: ${JSON.stringify(vote.data)}`);
    }
    const ceilingStatements = async (urlPath: string, body: unknown) => {
      await fetch(`http://127.0.0.1:${PORTS.writes}/__statements`);
      await post(PORTS.writes, body, undefined, urlPath);
      return Number(await (await fetch(`http://127.0.0.1:${PORTS.writes}/__statements`)).text());
    };
    statements.boardVote = {
      ours: vote.extensions.sqlStatements,
      ceiling: await ceilingStatements('/vote', { applicationId: voteFeeds.ceiling.next(), voterId: trusteeId }),
    };
    if (hasPayment) {
      const pay = await post(PORTS.dev, payBody(payFeeds.ours.next()), secretariat);
      if (pay.data.recordTranchePayment.errors.length || pay.data.recordTranchePayment.tranche.status !== 'PAID') {
        throw new Error(`tranche payment failed: ${JSON.stringify(pay.data)}`);
      }
      statements.tranchePayment = {
        ours: pay.extensions.sqlStatements,
        ceiling: await ceilingStatements('/pay', ceilingPayBody(payFeeds.ceiling.next())),
      };
    }

    const roundsLeft = () => ROUNDS;
    function writeTargets(
      op: string,
      f: ReturnType<typeof feeds>,
      ceilingPath: string,
      token: string,
      oursBody: (id: string) => unknown,
      ceilingBody: (id: string) => unknown,
    ): Target[] {
      const share = (feed: Feed) => Math.floor(feed.size / roundsLeft());
      const ceilingTarget = (feed: Feed, target: string): Target => ({
        op, target, pid: writesProc.pid, port: PORTS.writes, urlPath: ceilingPath,
        nextBody: () => ceilingBody(feed.next()), amount: share(feed),
      }); // prettier-ignore
      return [
        g(PORTS.ours, op, undefined, token, { nextBody: () => oursBody(f.ours.next()), amount: share(f.ours) }),
        g(PORTS.ours, op, undefined, token, { target: 'ours10', nextBody: () => oursBody(f.ours10.next()), amount: share(f.ours10) }),
        ceilingTarget(f.ceiling, 'ceiling'),
        ceilingTarget(f.ceiling10, 'ceiling10'),
      ]; // prettier-ignore
    }
    const targets: Target[] = [
      g(PORTS.ours, 'nestedRead', nested, secretariat),
      {
        op: 'nestedRead',
        target: 'peer' as const,
        pid: peersProc.pid,
        port: PORTS.peer,
        urlPath: '/graphql',
        body: peerNested,
      },
      {
        op: 'nestedRead',
        target: 'peer5' as const,
        pid: peer5Proc.pid,
        port: PORTS.peer5,
        urlPath: '/graphql',
        body: peerNested,
      },
      { op: 'nestedRead', target: 'ceiling' as const, pid: peersProc.pid, port: PORTS.ceiling, urlPath: '/', body: {} },
      g(PORTS.ours, 'fundBalance', { query: Q.OURS_BALANCE }, secretariat),
      g(PORTS.ours, 'fundStatement', stmtBody, secretariat),
      g(PORTS.ours, 'auditPage', auditBody, auditor),
      // Each request consumes one prepared row: at most a round's share of its feed per round.
      ...writeTargets('boardVote', voteFeeds, '/vote', trustee, (id) => voteBody(id), (id) => ({ applicationId: id, voterId: trusteeId })),
      ...(hasPayment
        ? writeTargets('tranchePayment', payFeeds, '/pay', secretariat, (id) => payBody(id), ceilingPayBody)
        : []),
    ].filter((t) => wanted(t.op)); // prettier-ignore

    const samples = new Map<string, Sample[]>();
    const load0 = os.loadavg();
    const rss: number[] = [rssMb(oursProc.pid)];
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, and the order rotates so no target always runs first (warm caches, noisy neighbours).
      const order = targets.map((_, i) => targets[(i + round) % targets.length]!);
      for (const t of order) {
        const s = await measure(t);
        if (s.requests === 0 && s.errors > 0)
          throw new Error(`${t.op}/${t.target}: every request failed (server down?)`);
        const key = `${t.op}/${t.target}`;
        samples.set(key, [...(samples.get(key) ?? []), s]);
        if (t.pid === oursProc.pid) rss.push(rssMb(oursProc.pid));
        log(`round ${round + 1} ${key.padEnd(22)} ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50} ms  p99 ${s.p99} ms` +
          (s.non2xx || s.errors ? `  non2xx ${s.non2xx} errors ${s.errors}` : '')); // prettier-ignore
      }
    }

    // After the mutations: every vote decided, ledger balanced, chain valid.
    const decided = Number(
      (await client.query(`select count(*)::int as n from application where status = 'AWARDED' and id = any($1)`, [voteReady]))
        .rows[0].n,
    ); // prettier-ignore
    const check = await post(PORTS.ours, ledgerCheckBody, secretariat);
    const paidTranches = Number(
      (await client.query(`select count(*)::int as n from tranche where status = 'PAID' and id = any($1)`, [payReady])).rows[0].n,
    ); // prettier-ignore
    const knex = createKnex({ client: 'pg', connection: url, pool: { min: 0, max: 2 } });
    const chain = await verifyChain(knex);
    await knex.destroy();

    const results: Record<string, any> = {};
    for (const [key, list] of samples) {
      const [op, target] = key.split('/') as [string, string];
      (results[op] ??= {})[target] = {
        median: { rps: median(list.map((s) => s.rps)), p50: median(list.map((s) => s.p50)), p99: median(list.map((s) => s.p99)),
          cpuMsPerRequest: median(list.map((s) => s.cpuMsPerRequest)) },
        rounds: list,
        sqlStatements: statements[op]?.[target] ?? null,
      }; // prettier-ignore
    }
    const n = results.nestedRead;
    const ratios = n?.ours &&
      n?.peer && {
        oursOverPeer: n.ours.median.rps / n.peer.median.rps,
        oursOverPeer5: n.peer5 ? n.ours.median.rps / n.peer5.median.rps : null,
        oursOverCeiling: n.ours.median.rps / n.ceiling.median.rps,
      };
    const ratio = (a?: { median: { rps: number } }, b?: { median: { rps: number } }) =>
      a && b ? a.median.rps / b.median.rps : null;
    const writeRatios = Object.fromEntries(
      ['boardVote', 'tranchePayment']
        .filter((op) => results[op])
        .map((op) => [
          op,
          {
            oursOverCeiling: ratio(results[op].ours, results[op].ceiling),
            ours10FundsOver1: ratio(results[op].ours10, results[op].ours),
            ceiling10FundsOver1: ratio(results[op].ceiling10, results[op].ceiling),
            ours10FundsOverCeiling10: ratio(results[op].ours10, results[op].ceiling10),
          },
        ]),
    );
    const out = {
      when: new Date().toISOString(),
      conditions: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        loadAvgBefore: load0,
        loadAvgAfter: os.loadavg(),
        node: process.version,
        note: 'server, peers and autocannon share the machine; other engineers ran tests at the same time',
      },
      settings: { profile: opt.profile, durationSeconds: DURATION, connections: CONNECTIONS, rounds: ROUNDS },
      database: db,
      generated,
      nestedRead: { calls: ours.length, applications: apps, sameDataAcrossTargets: same },
      fundStatementQuery: hasStatement ? 'fundStatement' : 'ledgerCheck (no fundStatement in this build)',
      tranchePayment: hasPayment ? 'measured' : 'not measured: recordTranchePayment is not in this build',
      funds,
      results,
      ratios,
      writeRatios,
      // Our production server's resident memory before the rounds and after each of its measurements.
      memory: {
        rssMb: rss.map((m) => Math.round(m)),
        firstMb: Math.round(rss[0]!),
        lastMb: Math.round(rss.at(-1)!),
        maxMb: Math.round(Math.max(...rss)),
      },
      integrityAfter: {
        voteRequestsDecided: decided,
        tranchesPaid: paidTranches,
        ledgerOk: check.data.ledgerCheck.ok,
        auditChain: { ok: chain.ok, checked: chain.checked },
      },
    };
    writeFileSync(path.join(ROOT, 'bench/results/latest.json'), `${JSON.stringify(out, null, 2)}\n`);
    printTable(out);
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    await client.end().catch(() => undefined);
    if (!opt.keep && !opt.db) await admin.query(`drop database if exists "${db}" with (force)`);
    await admin.end();
  }
}

function printTable(out: any): void {
  const rows: string[] = [
    `operation       target    req/s    p50 ms  p99 ms  server CPU ms/req  SQL statements`,
    `--------------  --------  -------  ------  ------  -----------------  --------------`,
  ];
  for (const [op, targets] of Object.entries<any>(out.results)) {
    for (const [t, r] of Object.entries<any>(targets)) {
      rows.push(
        `${op.padEnd(14)}  ${t.padEnd(8)}  ${r.median.rps.toFixed(0).padStart(7)}  ${String(r.median.p50).padStart(6)}  ` +
          `${String(r.median.p99).padStart(6)}  ${r.median.cpuMsPerRequest.toFixed(1).padStart(17)}  ${r.sqlStatements ?? ''}`,
      );
    }
  }
  if (out.ratios) {
    rows.push(
      ``,
      `nested read ours/PostGraphile 4 ${out.ratios.oursOverPeer.toFixed(2)}` +
        (out.ratios.oursOverPeer5 ? `, ours/PostGraphile 5 ${out.ratios.oursOverPeer5.toFixed(2)}` : '') +
        `, ours/ceiling ${out.ratios.oursOverCeiling.toFixed(2)}`,
    );
  }
  for (const [op, r] of Object.entries<any>(out.writeRatios ?? {})) {
    const f = (x: number | null) => (x === null ? '–' : x.toFixed(2));
    rows.push(
      `${op}: ours/ceiling ${f(r.oursOverCeiling)}; ${out.funds} funds over 1 fund: ours ${f(r.ours10FundsOver1)}, ` +
        `ceiling ${f(r.ceiling10FundsOver1)}; ours/ceiling over ${out.funds} funds ${f(r.ours10FundsOverCeiling10)}`,
    );
  }
  rows.push(
    `our server's RSS: ${out.memory.firstMb} MB before the rounds, ${out.memory.lastMb} MB after, at most ${out.memory.maxMb} MB`,
    `medians of ${out.settings.rounds} interleaved rounds, ${out.settings.durationSeconds} s each, ${out.settings.connections} connections; ` +
      `load ${out.conditions.loadAvgBefore.map((l: number) => l.toFixed(1)).join('/')} before`,
    `after: ledger ok ${out.integrityAfter.ledgerOk}, audit chain ok ${out.integrityAfter.auditChain.ok} ` +
      `(${out.integrityAfter.auditChain.checked} events), deciding votes awarded ${out.integrityAfter.voteRequestsDecided}`,
  );
  log(`\n${rows.join('\n')}\n`);
}

main().catch((err: unknown) => {
  for (const c of children) c.kill('SIGTERM');
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
