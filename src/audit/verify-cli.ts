/**
 * Verifies the audit chain straight from a database, without trusting the server.
 *
 *   DATABASE_URL=postgres://… npm run audit:verify
 *   npm run audit:verify -- --checkpoint cp.json --public-key key.pem [--database-url …] [--json]
 *   npm run audit:verify -- [--checkpoint-dir DIR] [--public-key key.pem]
 *
 * Without `--checkpoint`, the whole chain is recomputed and anchored to the newest checkpoint in
 * `--checkpoint-dir` (default AUDIT_CHECKPOINT_DIR, else .data/audit-checkpoints) whose signature
 * verifies with `--public-key` (default: the public half of AUDIT_SIGNING_KEY), so a truncated
 * tail or a recomputed rewrite is reported with its sequence.
 *
 * `--checkpoint` is a file (or inline JSON) holding what `auditCheckpoint` returned; its signature
 * is checked with `--public-key` (SPKI PEM or JWK, a file or inline). Exit status: 0 verified,
 * 1 broken or checkpoint refused (the first broken sequence is printed), 2 usage or connection error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { knex as createKnex } from '@mikro-orm/postgresql';
import { createPublicKey } from 'node:crypto';
import path from 'node:path';
import { Checkpoint, verifyAll, verifyAnchored, verifySince, type Verification } from './checkpoint';
import { readCheckpoints } from './checkpoint-store';
import { parsePublicKey, parseSigningKey } from './signing';
import { progress } from '../core/progress';

function fileOrInline(value: string): string {
  return existsSync(value) ? readFileSync(value, 'utf8') : value;
}

function readCheckpoint(value: string): Checkpoint {
  const parsed = JSON.parse(fileOrInline(value)) as Record<string, unknown>;
  // Accept the raw GraphQL answer too: { data: { auditCheckpoint: { … } } }.
  const data = parsed.data as { auditCheckpoint?: Record<string, unknown> } | undefined;
  const cp = (data?.auditCheckpoint ?? parsed) as Record<string, unknown>;
  for (const k of ['sequence', 'hash', 'signedAt', 'keyId', 'signature']) {
    if (typeof cp[k] !== 'string') throw new Error(`checkpoint field "${k}" is missing or not a string`);
  }
  return cp as unknown as Checkpoint;
}

function summary(v: Verification & { anchoredSequence?: string | null }, seconds: number): string {
  const rate = seconds > 0 ? Math.round((v.checked / seconds) * 60).toLocaleString('en-US') : 'n/a';
  if (v.ok) {
    return (
      `OK: audit trail verified from sequence ${v.fromSequence}: ${v.checked} events checked in ${seconds.toFixed(2)} s ` +
      `(${rate} events/min).\nHead: sequence ${v.lastSequence ?? '0'}, hash ${v.lastHash ?? '-'}` +
      (v.anchoredSequence ? `\nAnchored to the stored checkpoint of sequence ${v.anchoredSequence}.` : '')
    );
  }
  return (
    `BROKEN: first broken sequence ${v.firstBrokenSequence ?? '-'} (${v.failure}). ${v.message}\n` +
    `${v.checked} events verified before the failure.`
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      checkpoint: { type: 'string' },
      'checkpoint-dir': { type: 'string' },
      'public-key': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      'usage: audit:verify [--database-url URL] [--checkpoint FILE --public-key FILE | --checkpoint-dir DIR] [--json]\n',
    );
    return 0;
  }
  const url = values['database-url'] ?? process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL or pass --database-url');
  if (values.checkpoint && !values['public-key'])
    throw new Error('--checkpoint needs --public-key to check its signature');
  const checkpoint = values.checkpoint ? readCheckpoint(values.checkpoint) : null;
  const signingKey = process.env.AUDIT_SIGNING_KEY;
  const publicKey = values['public-key']
    ? parsePublicKey(fileOrInline(values['public-key']))
    : signingKey && !values.checkpoint
      ? createPublicKey(parseSigningKey(signingKey))
      : null;
  const dir = values['checkpoint-dir'] ?? process.env.AUDIT_CHECKPOINT_DIR ?? '.data/audit-checkpoints';
  const stored = checkpoint || dir === 'off' ? [] : await readCheckpoints(path.resolve(dir));
  if (stored.length && !publicKey) {
    process.stderr.write(
      `audit:verify: ${stored.length} stored checkpoints in ${dir} not used: give --public-key or AUDIT_SIGNING_KEY\n`,
    );
  }

  const knex = createKnex({ client: 'pg', connection: url, pool: { min: 0, max: 2 } });
  try {
    // On a terminal, a progress line (events, rate, time left) on stderr; in CI logs, only the summary.
    const { rows } = await knex.raw('select coalesce(max(seq), 0)::text as head from audit_event');
    const head = Number((rows as { head: string }[])[0]?.head ?? 0);
    const from = checkpoint && publicKey && /^\d+$/.test(checkpoint.sequence) ? Number(checkpoint.sequence) : 1;
    const line = progress('audit:verify', Math.max(0, head - from + 1));
    const onProgress = (checked: number) => line.update(checked);
    const started = process.hrtime.bigint();
    const v = await (
      checkpoint && publicKey
        ? verifySince(knex, checkpoint, publicKey, onProgress)
        : publicKey && stored.length
          ? verifyAnchored(knex, stored, publicKey, onProgress)
          : verifyAll(knex, onProgress)
    ).finally(() => line.end());
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    process.stdout.write(`${values.json ? JSON.stringify({ ...v, seconds }) : summary(v, seconds)}\n`);
    return v.ok ? 0 : 1;
  } finally {
    await knex.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`audit:verify: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
