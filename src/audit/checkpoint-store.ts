import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Knex } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { type Checkpoint, createCheckpoint } from './checkpoint';
import type { AuditSigner } from './signing';

/**
 * A checkpoint as stored outside the database. The signed part (sequence, hash, signedAt, keyId)
 * proves what the chain looked like; `hashes` (the hash of every event after the previous stored
 * checkpoint, up to this one, when there were at most MAX_HASHES) only locates a rewrite exactly.
 */
export interface StoredCheckpoint extends Checkpoint {
  /** Sequence of the previous stored checkpoint ("0" for the first); `hashes[0]` is the event after it. */
  previousSequence: string;
  hashes: string[] | null;
}

export const MAX_HASHES = 50_000;

const FILE = /^checkpoint-(\d{20})\.json$/;
const fileName = (sequence: string) => `checkpoint-${sequence.padStart(20, '0')}.json`;

/** Every stored checkpoint, oldest first. A missing directory holds none. */
export async function readCheckpoints(dir: string): Promise<StoredCheckpoint[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: StoredCheckpoint[] = [];
  for (const name of names.filter((n) => FILE.test(n)).sort()) {
    out.push(JSON.parse(await readFile(path.join(dir, name), 'utf8')) as StoredCheckpoint);
  }
  return out;
}

/** The write in progress per directory: this process writes one checkpoint at a time into each. */
const writing = new Map<string, Promise<unknown>>();

/**
 * Signs the chain head and writes it to `dir` (one file per sequence, written to a temporary name
 * of its own and renamed, so a reader never sees half a file). Nothing is written when the newest
 * stored checkpoint already attests this head. Returns the checkpoint that attests the head.
 * Writers in this process take turns per directory, so decisions deciding together write the head
 * once; writers in other processes (the worker) only ever replace a file with a whole one.
 */
export function writeCheckpoint(
  dir: string,
  knex: Knex,
  signer: AuditSigner,
  now: Date,
): Promise<{ checkpoint: StoredCheckpoint; written: boolean }> {
  const previous = writing.get(dir) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => writeHead(dir, knex, signer, now));
  writing.set(dir, next);
  const forget = () => {
    if (writing.get(dir) === next) writing.delete(dir);
  };
  next.then(forget, forget);
  return next;
}

async function writeHead(
  dir: string,
  knex: Knex,
  signer: AuditSigner,
  now: Date,
): Promise<{ checkpoint: StoredCheckpoint; written: boolean }> {
  const cp = await createCheckpoint(knex, signer, now);
  const stored = await readCheckpoints(dir);
  const last = stored[stored.length - 1];
  if (last && last.sequence === cp.sequence && last.hash === cp.hash && last.keyId === cp.keyId) {
    return { checkpoint: last, written: false };
  }
  const previousSequence = last && BigInt(last.sequence) < BigInt(cp.sequence) ? last.sequence : '0';
  const count = BigInt(cp.sequence) - BigInt(previousSequence);
  let hashes: string[] | null = null;
  if (count <= BigInt(MAX_HASHES)) {
    const { rows } = await knex.raw(
      'select hash from audit_event where seq > ?::bigint and seq <= ?::bigint order by audit_event.seq',
      [previousSequence, cp.sequence],
    );
    hashes = (rows as { hash: string }[]).map((r) => r.hash);
  }
  const checkpoint: StoredCheckpoint = { ...cp, previousSequence, hashes };
  await mkdir(dir, { recursive: true });
  const target = path.join(dir, fileName(cp.sequence));
  const tmp = `${target}.${randomUUID()}.tmp`;
  await writeFile(tmp, `${JSON.stringify(checkpoint, null, 1)}\n`, { mode: 0o644, flag: 'wx' });
  await rename(tmp, target);
  return { checkpoint, written: true };
}

/** Where and how checkpoints are written; null when AUDIT_CHECKPOINT_DIR is "off". */
export interface CheckpointSettings {
  dir: string;
  cron: string;
}

export function checkpointSettings(config: Pick<Config, 'AUDIT_CHECKPOINT_DIR' | 'AUDIT_CHECKPOINT_CRON'>) {
  if (config.AUDIT_CHECKPOINT_DIR === 'off') return null;
  return { dir: path.resolve(config.AUDIT_CHECKPOINT_DIR), cron: config.AUDIT_CHECKPOINT_CRON };
}

/**
 * Writes a checkpoint now, for events that must be anchored at once (an award decision). A failure
 * is logged, never thrown: the decision is committed, and the scheduled job anchors it next time.
 */
export async function checkpointNow(
  settings: CheckpointSettings | null,
  knex: Knex,
  signer: AuditSigner,
  now: Date,
  log: Logger,
  reason: string,
): Promise<void> {
  if (!settings) return;
  try {
    const { checkpoint, written } = await writeCheckpoint(settings.dir, knex, signer, now);
    if (written) log.info({ sequence: checkpoint.sequence, reason }, 'audit checkpoint written');
  } catch (err) {
    log.error({ err, reason }, 'audit checkpoint could not be written');
  }
}
