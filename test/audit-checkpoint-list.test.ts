import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { recordAudit } from '../src/audit/audit.service';
import { checkpointSettings } from '../src/audit/checkpoint-store';
import { runAuditCheckpoint } from '../src/jobs/worker';
import { Role } from '../src/users/user.entity';
import { expectNoErrors, startTestApp, type TestApp } from './helpers/app';

const signingKey = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const dir = mkdtempSync(path.join(tmpdir(), 'vtf-cp-list-'));

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ AUDIT_SIGNING_KEY: signingKey, AUDIT_CHECKPOINT_DIR: dir });
});
afterAll(() => app.stop());

const checkpoint = () =>
  runAuditCheckpoint({
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

const LIST = `query($first: Int) { auditCheckpoints(first: $first) {
  sequence hash signedAt keyId signature signedPayload previousSequence signedByThisServer matchesChain } }`;

type Listed = {
  sequence: string;
  hash: string;
  previousSequence: string;
  signedByThisServer: boolean;
  matchesChain: boolean;
  keyId: string;
};
async function list(first?: number): Promise<Listed[]> {
  const auditor = await app.as(Role.AUDITOR);
  return (expectNoErrors(await auditor.gql(LIST, { first })) as { auditCheckpoints: Listed[] }).auditCheckpoints;
}

describe('the stored audit checkpoints, listed for auditors', () => {
  it('lists none before the first checkpoint, then each one newest first, signed and matching the chain', async () => {
    expect(await list()).toEqual([]);
    await appendEvents(3);
    expect(await checkpoint()).toBe(1);
    await appendEvents(2);
    expect(await checkpoint()).toBe(1);
    const listed = await list();
    expect(listed).toHaveLength(2);
    const [newest, oldest] = listed;
    expect(BigInt(newest!.sequence)).toBeGreaterThan(BigInt(oldest!.sequence));
    expect(newest).toMatchObject({ previousSequence: oldest!.sequence, signedByThisServer: true, matchesChain: true });
    expect(oldest).toMatchObject({ previousSequence: '0', signedByThisServer: true, matchesChain: true });
    expect(newest!.keyId).toBe(app.running.app.auditSigner.keyId);
    expect(await list(1)).toEqual([newest]);
  });

  it('says when a checkpoint no longer matches the chain and when its signature does not verify', async () => {
    const files = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
    const last = path.join(dir, files[files.length - 1]!);
    const original = readFileSync(last, 'utf8');
    try {
      // Another hash for the same sequence: a chain that was rewritten since (or a forged file).
      const stored = JSON.parse(original) as { hash: string };
      writeFileSync(last, JSON.stringify({ ...stored, hash: 'f'.repeat(64) }));
      const [forged] = await list(1);
      expect(forged).toMatchObject({ matchesChain: false, signedByThisServer: false });
    } finally {
      writeFileSync(last, original);
    }
    expect((await list(1))[0]).toMatchObject({ matchesChain: true, signedByThisServer: true });
  });

  it('is refused to other roles and limited to 100', async () => {
    for (const role of [Role.SECRETARIAT, Role.NGO, Role.DONOR, Role.BOARD_MEMBER] as const) {
      const r = await (await app.as(role)).gql(LIST);
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const auditor = await app.as(Role.AUDITOR);
    for (const first of [0, 101]) {
      const r = await auditor.gql(LIST, { first });
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(expectNoErrors(await (await app.as(Role.ADMIN)).gql(LIST, { first: 100 }))).toBeTruthy();
  });
});
