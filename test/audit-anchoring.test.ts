import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { recordAudit } from '../src/audit/audit.service';
import { checkpointNow, checkpointSettings, readCheckpoints } from '../src/audit/checkpoint-store';
import { chainHash } from '../src/audit/hash';
import { runAuditCheckpoint, type JobDeps } from '../src/jobs/worker';
import { Role } from '../src/users/user.entity';
import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';
import { fundId, openCall, recommended, seedCash, vote } from './helpers/grants';

const signingKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const dir = mkdtempSync(path.join(tmpdir(), 'vtf-anchor-'));

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ AUDIT_SIGNING_KEY: signingKey, AUDIT_CHECKPOINT_DIR: dir });
  await seedCash(app, 1_000_000_00n);
});
afterAll(() => app.stop());

const deps = (): JobDeps => ({
  orm: app.orm,
  clock: app.clock,
  log: pino({ level: 'silent' }),
  mailer: null,
  audit: { signer: app.running.app.auditSigner, checkpoints: checkpointSettings(app.config) },
});

async function appendEvents(n: number): Promise<void> {
  const inputs = Array.from({ length: n }, (_, i) => ({
    action: 'probe.write',
    entityType: 'Probe',
    entityId: String(i + 1),
    after: { i },
  }));
  await app.orm.em
    .fork()
    .transactional((tx) => recordAudit(tx, { actorId: null, actorRole: 'system:test', requestId: null }, inputs));
}

async function head(): Promise<bigint> {
  const [r] = await app.sql<{ seq: string }>('select max(seq)::text as seq from audit_event');
  return BigInt(r.seq);
}

const VERIFY = `{ verifyAuditTrail { ok checked firstBrokenSequence lastSequence failure message anchoredSequence } }`;
async function verifyTrail(): Promise<Record<string, any>> {
  const auditor = await app.as(Role.AUDITOR);
  return (expectNoErrors(await auditor.gql(VERIFY)) as { verifyAuditTrail: Record<string, any> }).verifyAuditTrail;
}

/** As the database owner: the append-only trigger disabled, as an attacker with owner rights would. */
async function asOwner(run: () => Promise<unknown>): Promise<void> {
  await app.sql('alter table audit_event disable trigger audit_event_no_update_delete');
  try {
    await run();
  } finally {
    await app.sql('alter table audit_event enable trigger audit_event_no_update_delete');
  }
}

function cli(): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/audit/verify-cli.ts'],
      {
        cwd: path.resolve(__dirname, '..'),
        env: { ...process.env, DATABASE_URL: app.dbUrl, AUDIT_SIGNING_KEY: signingKey, AUDIT_CHECKPOINT_DIR: dir },
        timeout: 60_000,
      },
      (err, stdout) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout }),
    );
  });
}

describe('checkpoints outside the database', () => {
  it('the scheduled job signs the head into AUDIT_CHECKPOINT_DIR, once per head', async () => {
    await appendEvents(20);
    expect(await runAuditCheckpoint(deps())).toBe(1);
    expect(await runAuditCheckpoint(deps())).toBe(0);
    const stored = await readCheckpoints(dir);
    expect(stored[stored.length - 1]).toMatchObject({ sequence: (await head()).toString(), previousSequence: '0' });
    expect(stored[stored.length - 1].hashes).toHaveLength(Number(await head()));
    // Logging in to ask writes events of its own: the anchor is the signed head, not the new one.
    const v = await verifyTrail();
    expect(v).toMatchObject({ ok: true, anchoredSequence: stored[stored.length - 1].sequence });
  });

  it('an award decision writes a checkpoint at once', async () => {
    const sec = await app.as(Role.SECRETARIAT);
    const ngo = await app.as(Role.NGO);
    const trustees = await Promise.all(
      (['BOARD_MEMBER', 'TRUSTEE2', 'TRUSTEE3', 'TRUSTEE4'] as const).map((r) => app.as(r)),
    );
    const callId = await openCall(sec, await fundId(app));
    const id = await recommended(ngo, sec, trustees[0], callId);
    const before = readdirSync(dir).length;
    let status = 'RECOMMENDED';
    for (const t of trustees) {
      if (status !== 'RECOMMENDED') break;
      const r = await vote(t, id);
      expect(r.errors).toEqual([]);
      status = r.application.status;
    }
    expect(status).toBe('AWARDED');
    expect(readdirSync(dir).length).toBe(before + 1);
    const stored = await readCheckpoints(dir);
    expect(stored[stored.length - 1].sequence).toBe((await head()).toString());
  });

  it('checkpoints written at once (decisions deciding together) are all whole files, and the trail verifies', async () => {
    // The races suite failed CI this way: two writers in one millisecond shared a temporary file,
    // one renamed it while the other was still writing, and verifyAuditTrail could not parse the result.
    const settings = checkpointSettings(app.config);
    const log = pino({ level: 'silent' });
    const failures: unknown[] = [];
    const failing = { ...log, error: (...args: unknown[]) => failures.push(args) } as unknown as typeof log;
    for (let round = 0; round < 10; round++) {
      await appendEvents(1);
      await Promise.all(
        Array.from({ length: 8 }, () =>
          checkpointNow(settings, app.orm.em.getKnex(), app.running.app.auditSigner, app.clock.now(), failing, 'test'),
        ),
      );
    }
    expect(failures).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const stored = await readCheckpoints(dir);
    expect(stored[stored.length - 1].sequence).toBe((await head()).toString());
    expect(await verifyTrail()).toMatchObject({ ok: true });
  });

  it('names the first rewritten event when every later hash was recomputed', async () => {
    await runAuditCheckpoint(deps());
    const k = (await head()) - 7n;
    const rows = await app.sql('select * from audit_event where seq >= $1 order by audit_event.seq', [k.toString()]);
    const original = rows.map((r) => ({ seq: r.seq, after: r.after, prev: r.prev_hash, hash: r.hash }));
    let prevHash: string = rows[0].prev_hash;
    await asOwner(async () => {
      for (const r of rows) {
        const after = r.seq === k.toString() ? { ...r.after, note: 'rewritten' } : r.after;
        const hash = chainHash({
          seq: r.seq,
          occurredAt: new Date(r.occurred_at).toISOString(),
          actorId: r.actor_id,
          actorRole: r.actor_role,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          fundId: r.fund_id,
          before: r.before,
          after,
          requestId: r.request_id,
          prevHash,
        });
        await app.sql('update audit_event set after = $2::jsonb, prev_hash = $3, hash = $4 where seq = $1', [
          r.seq,
          JSON.stringify(after),
          prevHash,
          hash,
        ]);
        prevHash = hash;
      }
    });
    try {
      expect(await verifyTrail()).toMatchObject({
        ok: false,
        failure: 'CHECKPOINT_MISMATCH',
        firstBrokenSequence: k.toString(),
      });
    } finally {
      await asOwner(async () => {
        for (const o of original) {
          await app.sql('update audit_event set after = $2::jsonb, prev_hash = $3, hash = $4 where seq = $1', [
            o.seq,
            JSON.stringify(o.after),
            o.prev,
            o.hash,
          ]);
        }
      });
    }
    expect(await verifyTrail()).toMatchObject({ ok: true });
  });

  it('reports a truncated tail with the first missing sequence, through the API and npm run audit:verify', async () => {
    await appendEvents(5);
    await runAuditCheckpoint(deps());
    const signed = await head();
    expect((await cli()).code).toBe(0);
    await asOwner(() => app.sql('delete from audit_event where seq > $1', [(signed - 4n).toString()]));
    const first = (signed - 3n).toString();
    expect(await verifyTrail()).toMatchObject({
      ok: false,
      failure: 'CHECKPOINT_MISSING',
      firstBrokenSequence: first,
      anchoredSequence: signed.toString(),
    });
    const run = await cli();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`first broken sequence ${first} (CHECKPOINT_MISSING)`);
  }, 90_000);
});
