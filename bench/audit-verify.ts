/**
 * Audit-chain verification speed.
 *
 *   npm run bench:audit                       # 200,000 events
 *   npm run bench:audit -- --events 1000000   # the scale figure
 *
 * Creates a fresh database on DATABASE_URL's server (default the local test server), migrates it,
 * generates a valid chain directly (hashes computed with the same `chainHash` as the API, rows
 * loaded with multi-row `insert … select from unnest(…)`), then times `verifyChain` against a
 * baseline that reads the same keyset batches without hashing. Also EXPLAIN ANALYZEs deep
 * `auditEvents` pages. Drops the database afterwards unless --keep.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { knex as createKnex, type Knex } from '@mikro-orm/postgresql';
import { openOrm, migrate } from '../src/db/orm';
import { chainHash, GENESIS_HASH } from '../src/audit/hash';
import { verifyChain, VERIFY_BATCH } from '../src/audit/verify';
import { auditEventWhere, auditPageQuery } from '../src/audit/audit-query';
import { globalId } from '../src/graphql/relay';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    batch: { type: 'string', default: String(VERIFY_BATCH) },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(values.events);
const BATCH = Number(values.batch);
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const withDb = (db: string) => Object.assign(new URL(base), { pathname: `/${db}` }).toString();

const ACTIONS = ['application.submit', 'application.screen', 'review.submit', 'award.approve', 'tranche.pay'];
const STATUSES = ['DRAFT', 'SUBMITTED', 'ELIGIBLE', 'UNDER_REVIEW', 'RECOMMENDED', 'APPROVED', 'AWARDED'];
const fundId = randomUUID();
const actors = Array.from({ length: 50 }, () => randomUUID());
const entities = Array.from({ length: 5000 }, () => randomUUID());

async function generate(client: Client): Promise<number> {
  const CHUNK = 10_000;
  let prevHash = GENESIS_HASH;
  const t0 = Date.now() - N * 10;
  const started = process.hrtime.bigint();
  for (let from = 1; from <= N; from += CHUNK) {
    const cols: unknown[][] = Array.from({ length: 13 }, () => []);
    for (let seq = from; seq < Math.min(from + CHUNK, N + 1); seq++) {
      const s = STATUSES[seq % STATUSES.length];
      const p = {
        seq: String(seq),
        occurredAt: new Date(t0 + seq * 10).toISOString(),
        actorId: seq % 97 === 0 ? null : actors[seq % actors.length],
        actorRole: seq % 97 === 0 ? 'system:stripe' : 'SECRETARIAT',
        action: ACTIONS[seq % ACTIONS.length],
        entityType: 'Application',
        entityId: entities[seq % entities.length],
        fundId,
        before: { status: STATUSES[(seq + 6) % STATUSES.length] },
        after: { status: s, requestedAmount: `${(seq % 900) + 100}00.00`, note: `step ${seq}` },
        requestId: randomUUID(),
        prevHash,
      };
      const hash = chainHash(p);
      const row = [p.seq, p.occurredAt, p.actorId, p.actorRole, p.action, p.entityType, p.entityId, p.fundId,
        JSON.stringify(p.before), JSON.stringify(p.after), p.requestId, p.prevHash, hash]; // prettier-ignore
      row.forEach((v, i) => cols[i].push(v));
      prevHash = hash;
    }
    await client.query(
      `insert into audit_event (seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, fund_id,
         before, after, request_id, prev_hash, hash)
       select * from unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[],
         $7::text[], $8::uuid[], $9::jsonb[], $10::jsonb[], $11::text[], $12::text[], $13::text[])`,
      cols,
    );
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Peak resident memory above the level at start, sampled every 10 ms while `run` runs. */
async function measured<T>(run: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssDeltaMb: number }> {
  (global as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = process.hrtime.bigint();
  try {
    const result = await run();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, seconds, peakRssDeltaMb: (peak - before) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

/** The same keyset batches and columns as verifyChain, with the next batch prefetched, but no hashing. */
async function baselineScan(knex: Knex): Promise<number> {
  const sql =
    'select seq::text as seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, fund_id, ' +
    'before, after, request_id, prev_hash, hash from audit_event where seq > ?::bigint order by audit_event.seq limit ?';
  const fetch = async (after: string) => (await knex.raw(sql, [after, BATCH])).rows as { seq: string }[];
  let rows = 0;
  let pending: Promise<{ seq: string }[]> | null = fetch('0');
  while (pending) {
    const page: { seq: string }[] = await pending;
    pending = page.length === BATCH ? fetch(page[page.length - 1].seq) : null;
    rows += page.length;
  }
  return rows;
}

const perMinute = (n: number, s: number) => Math.round((n / s) * 60);
const fmt = (n: number) => n.toLocaleString('en-US');

async function main(): Promise<void> {
  const db = `vtf_bench_audit_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: withDb('postgres') });
  await admin.connect();
  await admin.query(`create database "${db}"`);
  const orm = await openOrm(withDb(db), 4);
  const knex = createKnex({ client: 'pg', connection: withDb(db), pool: { min: 0, max: 4 } });
  const client = new Client({ connectionString: withDb(db) });
  try {
    await migrate(orm);
    await client.connect();
    process.stdout.write(`generating ${fmt(N)} chained events in ${db} …\n`);
    const genSeconds = await generate(client);
    await client.query('vacuum analyze audit_event');
    process.stdout.write(`generated in ${genSeconds.toFixed(1)} s (${fmt(perMinute(N, genSeconds))} events/min)\n`);

    const count = await measured(async () => (await knex.raw('select count(*)::int as n from audit_event')).rows[0].n);
    const base = await measured(() => baselineScan(knex));
    const ours = await measured(() => verifyChain(knex, { batchSize: BATCH }));
    if (!ours.result.ok || ours.result.checked !== N)
      throw new Error(`verification failed: ${JSON.stringify(ours.result)}`);

    const deep = String(Math.floor(N * 0.9));
    const em = orm.em.fork();
    const pages: Record<string, number> = {};
    for (const [name, filter] of Object.entries({
      unfiltered: null,
      entity: { entityId: globalId('Application', entities[17]) },
      fund: { fundId: globalId('Fund', fundId) },
      action: { action: 'award.approve' },
      actor: { actorId: globalId('User', actors[3]) },
      // A one-hour window in the middle of the generated span (events are 10 ms apart, ending now).
      timeRange: { from: new Date(Date.now() - N * 5 - 3_600_000), to: new Date(Date.now() - N * 5) },
    })) {
      const sql = auditPageQuery(em, auditEventWhere(filter), BigInt(deep), 21).getFormattedQuery();
      const plan = (await knex.raw(`explain (analyze, format json) ${sql}`)).rows[0]['QUERY PLAN'][0];
      pages[name] = plan['Execution Time'];
    }

    process.stdout.write(
      [
        ``,
        `events                    ${fmt(N)} (batch ${fmt(BATCH)})`,
        `select count(*)           ${count.seconds.toFixed(2)} s`,
        `baseline scan (no hash)   ${base.seconds.toFixed(2)} s  ${fmt(perMinute(N, base.seconds))} events/min  ` +
          `peak rss +${base.peakRssDeltaMb.toFixed(0)} MB`,
        `verifyChain               ${ours.seconds.toFixed(2)} s  ${fmt(perMinute(N, ours.seconds))} events/min  ` +
          `peak rss +${ours.peakRssDeltaMb.toFixed(0)} MB`,
        `ratio verify / baseline   ${(ours.seconds / base.seconds).toFixed(2)}`,
        `target ≥ 1,000,000/min    ${perMinute(N, ours.seconds) >= 1_000_000 ? 'met' : 'NOT met'}`,
        `auditEvents page after seq ${fmt(Number(deep))} (EXPLAIN ANALYZE, ms): ` +
          Object.entries(pages)
            .map(([k, v]) => `${k} ${v.toFixed(2)}`)
            .join(', '),
        ``,
      ].join('\n'),
    );
    process.stdout.write(
      `${JSON.stringify({
        events: N,
        batch: BATCH,
        verifySeconds: ours.seconds,
        verifyPerMinute: perMinute(N, ours.seconds),
        baselineSeconds: base.seconds,
        ratio: ours.seconds / base.seconds,
        verifyPeakRssDeltaMb: Math.round(ours.peakRssDeltaMb),
        deepPageMs: pages,
      })}\n`,
    );
  } finally {
    await client.end().catch(() => undefined);
    await knex.destroy();
    await orm.close(true);
    if (!values.keep) await admin.query(`drop database if exists "${db}" with (force)`);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:audit failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
