import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordAudit } from '../src/audit/audit.service';
import { chainHash } from '../src/audit/hash';
import { loadConfig } from '../src/config';
import { Role } from '../src/users/user.entity';
import { expectNoErrors, startTestApp, TEST_JWT_SECRET, type TestApp } from './helpers/app';

const signingKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ AUDIT_SIGNING_KEY: signingKey });
  await appendEvents(30);
});
afterAll(async () => {
  await app.stop();
});

async function appendEvents(n: number): Promise<void> {
  const inputs = Array.from({ length: n }, (_, i) => ({
    action: 'probe.write',
    entityType: 'Probe',
    entityId: String(i + 1),
    after: { i, note: `event ${i}` },
  }));
  await app.orm.em
    .fork()
    .transactional((tx) => recordAudit(tx, { actorId: null, actorRole: 'system:test', requestId: null }, inputs));
}

const CHECKPOINT = '{ auditCheckpoint { sequence hash signedAt keyId signature signedPayload } }';
const VERIFY = `query V($since: CheckpointInput) {
  verifyAuditTrail(since: $since) { ok checked firstBrokenSequence lastSequence lastHash fromSequence failure message }
}`;

interface Cp {
  sequence: string;
  hash: string;
  signedAt: string;
  keyId: string;
  signature: string;
  signedPayload: string;
}

async function checkpoint(): Promise<Cp> {
  const auditor = await app.as(Role.AUDITOR);
  return ((await expectNoErrors(await auditor.gql(CHECKPOINT))) as { auditCheckpoint: Cp }).auditCheckpoint;
}

async function verifyTrail(since?: Cp) {
  const auditor = await app.as(Role.AUDITOR);
  const input = since
    ? {
        sequence: since.sequence,
        hash: since.hash,
        signedAt: since.signedAt,
        keyId: since.keyId,
        signature: since.signature,
      }
    : null;
  return (expectNoErrors(await auditor.gql(VERIFY, { since: input })) as { verifyAuditTrail: Record<string, any> })
    .verifyAuditTrail;
}

async function head(): Promise<bigint> {
  const [r] = await app.sql<{ seq: string }>('select max(seq)::text as seq from audit_event');
  return BigInt(r.seq);
}

/** Direct SQL past the append-only trigger, as an attacker with table-owner rights would. */
async function bypassTrigger(run: () => Promise<unknown>): Promise<void> {
  await app.sql('alter table audit_event disable trigger audit_event_no_update_delete');
  try {
    await run();
  } finally {
    await app.sql('alter table audit_event enable trigger audit_event_no_update_delete');
  }
}

const json = (v: unknown): string | null => (v === null ? null : JSON.stringify(v));

const ROOT = path.resolve(__dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'audit-cli-'));

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', 'src/audit/verify-cli.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: app.dbUrl }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function publicKeyFile(): Promise<string> {
  const auditor = await app.as(Role.AUDITOR);
  const key = (expectNoErrors(await auditor.gql('{ auditSigningKey { publicKeyPem } }')) as any).auditSigningKey;
  const file = path.join(work, 'key.pem');
  writeFileSync(file, key.publicKeyPem);
  return file;
}

describe('checkpoints', () => {
  it('signs the current head with the configured Ed25519 key, verifiable with the published public key', async () => {
    const cp = await checkpoint();
    expect(BigInt(cp.sequence)).toBe(await head());
    const [row] = await app.sql<{ hash: string }>('select hash from audit_event where seq = $1', [cp.sequence]);
    expect(cp.hash).toBe(row.hash);
    const auditor = await app.as(Role.AUDITOR);
    const key = (
      expectNoErrors(
        await auditor.gql('{ auditSigningKey { keyId algorithm publicKeyPem publicKeyJwk ephemeral } }'),
      ) as any
    ).auditSigningKey;
    expect(key).toMatchObject({ keyId: cp.keyId, algorithm: 'Ed25519', ephemeral: false });
    expect(key.publicKeyPem).toBe(createPublicKey(signingKey).export({ format: 'pem', type: 'spki' }));
    expect(JSON.parse(cp.signedPayload)).toEqual({
      sequence: cp.sequence,
      hash: cp.hash,
      signedAt: cp.signedAt,
      keyId: cp.keyId,
    });
    const viaJwk = createPublicKey({ key: key.publicKeyJwk, format: 'jwk' });
    expect(verify(null, Buffer.from(cp.signedPayload), viaJwk, Buffer.from(cp.signature, 'base64url'))).toBe(true);
  });

  it('proves that the chain extends a checkpoint, recomputing only from it', async () => {
    const cp = await checkpoint();
    await appendEvents(5);
    const v = await verifyTrail(cp);
    expect(v).toMatchObject({ ok: true, failure: null, firstBrokenSequence: null, fromSequence: cp.sequence });
    expect(v.checked).toBe(6);
    expect(v.lastSequence).toBe((await head()).toString());
    const full = await verifyTrail();
    expect(full).toMatchObject({ ok: true, fromSequence: '1', checked: Number(await head()) });
  });

  it('refuses a checkpoint whose signature, content or key was altered', async () => {
    const cp = await checkpoint();
    const flipped = cp.signature.startsWith('A') ? `B${cp.signature.slice(1)}` : `A${cp.signature.slice(1)}`;
    expect(await verifyTrail({ ...cp, signature: flipped })).toMatchObject({ ok: false, failure: 'SIGNATURE_INVALID' });
    const earlier = (BigInt(cp.sequence) - 1n).toString();
    const [prev] = await app.sql<{ hash: string }>('select hash from audit_event where seq = $1', [earlier]);
    // A real earlier link with the newer signature: the content no longer matches what was signed.
    expect(await verifyTrail({ ...cp, sequence: earlier, hash: prev.hash })).toMatchObject({
      ok: false,
      failure: 'SIGNATURE_INVALID',
    });
    expect(await verifyTrail({ ...cp, keyId: 'someone-elses-key' })).toMatchObject({
      ok: false,
      failure: 'UNKNOWN_KEY',
    });
  });

  it('is refused to every role but auditors and administrators', async () => {
    for (const role of [Role.NGO, Role.DONOR, Role.SECRETARIAT, Role.BOARD_MEMBER]) {
      const c = await app.as(role);
      for (const q of [CHECKPOINT, '{ auditSigningKey { keyId } }', '{ verifyAuditTrail { ok } }']) {
        expect((await c.gql(q)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
    }
    const admin = await app.as(Role.ADMIN);
    expectNoErrors(await admin.gql(CHECKPOINT));
  });
});

describe('the database keeps the trail append-only', () => {
  it.each([
    ['UPDATE', `update audit_event set action = 'x' where seq = 1`],
    ['DELETE', 'delete from audit_event where seq = 1'],
    ['TRUNCATE', 'truncate audit_event'],
  ])('rejects %s on audit_event', async (_op, sql) => {
    await expect(app.sql(sql)).rejects.toThrow(/append-only/);
    expect(await head()).toBeGreaterThan(0n);
  });
});

describe('tampering', () => {
  it('names the exact sequence of an event edited in the middle, through the API and the CLI', async () => {
    const target = (await head()) / 2n;
    const [original] = await app.sql<{ after: unknown }>('select after from audit_event where seq = $1', [
      target.toString(),
    ]);
    await bypassTrigger(() =>
      app.sql(`update audit_event set after = '{"i": 999}'::jsonb where seq = $1`, [target.toString()]),
    );
    try {
      const v = await verifyTrail();
      expect(v).toMatchObject({ ok: false, failure: 'CHAIN_BROKEN', firstBrokenSequence: target.toString() });
      expect(v.checked).toBe(Number(target) - 1);
      const run = await cli([]);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`first broken sequence ${target}`);
    } finally {
      await bypassTrigger(() =>
        app.sql('update audit_event set after = $2::jsonb where seq = $1', [target.toString(), json(original.after)]),
      );
    }
    expect((await verifyTrail()).ok).toBe(true);
  }, 90_000);

  it('CLI: exits 0 on a good chain, in full and from a signed checkpoint file', async () => {
    const full = await cli([]);
    expect(full).toMatchObject({ code: 0 });
    expect(full.stdout).toMatch(/^OK: audit trail verified from sequence 1: \d+ events checked/);
    const cp = await checkpoint();
    await appendEvents(3);
    const cpFile = path.join(work, 'cp.json');
    writeFileSync(cpFile, JSON.stringify({ data: { auditCheckpoint: cp } }));
    const since = await cli(['--checkpoint', cpFile, '--public-key', await publicKeyFile(), '--json']);
    expect(since.code).toBe(0);
    expect(JSON.parse(since.stdout)).toMatchObject({ ok: true, checked: 4, fromSequence: cp.sequence });
    expect(since.stderr).toBe(''); // no progress line: the output is not a terminal
    const forged = await cli([
      '--checkpoint',
      JSON.stringify({ ...cp, hash: '0'.repeat(64) }),
      '--public-key',
      await publicKeyFile(),
    ]);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain('SIGNATURE_INVALID');
    expect((await cli(['--checkpoint', cpFile])).code).toBe(2);
  }, 90_000);

  it('detects removed events from a checkpoint although a full run cannot', async () => {
    const cp = await checkpoint();
    const removed = await app.sql('select * from audit_event where seq > $1 - 3 order by seq', [cp.sequence]);
    await bypassTrigger(() => app.sql('delete from audit_event where seq > $1 - 3', [cp.sequence]));
    try {
      expect((await verifyTrail()).ok).toBe(true);
      expect(await verifyTrail(cp)).toMatchObject({
        ok: false,
        failure: 'CHECKPOINT_MISSING',
        firstBrokenSequence: cp.sequence,
      });
    } finally {
      for (const r of removed) {
        await app.sql(
          `insert into audit_event (seq, occurred_at, actor_id, actor_role, action, entity_type, entity_id, fund_id,
             before, after, request_id, prev_hash, hash) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
          [
            r.seq,
            r.occurred_at,
            r.actor_id,
            r.actor_role,
            r.action,
            r.entity_type,
            r.entity_id,
            r.fund_id,
            json(r.before),
            json(r.after),
            r.request_id,
            r.prev_hash,
            r.hash,
          ],
        );
      }
    }
    expect(await verifyTrail(cp)).toMatchObject({ ok: true });
  });

  it('catches a rewrite that recomputes every later hash, which only a checkpoint can expose', async () => {
    const cp = await checkpoint();
    const k = BigInt(cp.sequence) - 10n;
    const rows = await app.sql('select * from audit_event where seq >= $1 order by audit_event.seq', [k.toString()]);
    let prevHash: string = rows[0].prev_hash;
    await bypassTrigger(async () => {
      for (const r of rows) {
        const after = r.seq === k.toString() ? { ...r.after, note: 'rewritten history' } : r.after;
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
    expect(await verifyTrail()).toMatchObject({ ok: true, failure: null });
    expect(await verifyTrail(cp)).toMatchObject({
      ok: false,
      failure: 'CHECKPOINT_MISMATCH',
      firstBrokenSequence: cp.sequence,
    });
    const cpFile = path.join(work, 'old-cp.json');
    writeFileSync(cpFile, JSON.stringify(cp));
    const run = await cli(['--checkpoint', cpFile, '--public-key', await publicKeyFile()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`first broken sequence ${cp.sequence} (CHECKPOINT_MISMATCH)`);
  }, 90_000);
});

describe('signing key configuration', () => {
  const base = { NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: 'postgres://x@localhost/db' };

  it('refuses to start in production without AUDIT_SIGNING_KEY, naming it', () => {
    expect(() => loadConfig(base)).toThrow(/AUDIT_SIGNING_KEY/);
    expect(() => loadConfig({ ...base, AUDIT_SIGNING_KEY: signingKey })).not.toThrow();
  });

  it('refuses a key that is not an Ed25519 PKCS#8 key, in any mode', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
    expect(() => loadConfig({ NODE_ENV: 'test', AUDIT_SIGNING_KEY: rsa.toString() })).toThrow(/Ed25519/);
    expect(() => loadConfig({ NODE_ENV: 'test', AUDIT_SIGNING_KEY: 'not a key' })).toThrow(/PKCS#8/);
    const der = generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(() => loadConfig({ NODE_ENV: 'test', AUDIT_SIGNING_KEY: der })).not.toThrow();
  });
});
