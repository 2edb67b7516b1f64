import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/** PostgreSQL binaries: PG_BIN, else the Debian/Ubuntu PostgreSQL 15 packages. */
export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export function replicaTestsPossible(): boolean {
  return ['initdb', 'pg_ctl', 'pg_basebackup'].every((b) => existsSync(path.join(PG_BIN, b)));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface ReplicatedCluster {
  primaryPort: number;
  replicaPort: number;
  primaryUrl(db: string): string;
  replicaUrl(db: string): string;
  /** Stops applying WAL on the replica (it keeps answering, with the data it has). */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the replica has replayed everything the primary had written when called. */
  caughtUp(): Promise<void>;
  /** Stops the replica (fast shutdown): its connections are cut. */
  stopReplica(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A throw-away primary (initdb, trust on loopback, its own port and socket directory) and a real
 * streaming replica of it made with pg_basebackup -R. As root both run as the `postgres` user, as
 * PostgreSQL requires.
 */
export async function startReplicatedCluster(): Promise<ReplicatedCluster> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'vtf-replica-'));
  chmodSync(dir, 0o755);
  let uid = -1;
  let gid = -1;
  if (asRoot) {
    uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const pg = (bin: string, args: string[]) =>
    run(path.join(PG_BIN, bin), args, { cwd: dir, ...(asRoot ? { uid, gid } : {}), env: { PATH: process.env.PATH } });
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const opts = (port: number) =>
    `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c max_connections=60`;
  const started: string[] = [];
  const stop = async () => {
    for (const d of started.reverse()) await pg('pg_ctl', ['-D', d, '-m', 'immediate', 'stop']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pg('initdb', ['-D', primaryDir, '-U', 'postgres', '-A', 'trust', '--no-sync']);
    await pg('pg_ctl', ['-D', primaryDir, '-o', opts(primaryPort), '-l', path.join(dir, 'primary.log'), '-w', 'start']);
    started.push(primaryDir);
    await pg('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
      '--no-sync',
    ]);
    await pg('pg_ctl', ['-D', replicaDir, '-o', opts(replicaPort), '-l', path.join(dir, 'replica.log'), '-w', 'start']);
    started.push(replicaDir);
  } catch (e) {
    await stop();
    throw e;
  }
  const url = (port: number, db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
  const onReplica = async (sql: string) => {
    const c = new Client({ connectionString: url(replicaPort, 'postgres') });
    await c.connect();
    try {
      return (await c.query(sql)).rows;
    } finally {
      await c.end();
    }
  };
  return {
    primaryPort,
    replicaPort,
    primaryUrl: (db) => url(primaryPort, db),
    replicaUrl: (db) => url(replicaPort, db),
    pauseReplay: async () => void (await onReplica('select pg_wal_replay_pause()')),
    resumeReplay: async () => void (await onReplica('select pg_wal_replay_resume()')),
    async caughtUp() {
      const p = new Client({ connectionString: url(primaryPort, 'postgres') });
      await p.connect();
      const { rows } = await p.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
      await p.end();
      for (let i = 0; i < 300; i++) {
        const [r] = await onReplica(`select pg_last_wal_replay_lsn() >= '${rows[0]!.lsn}'::pg_lsn as done`);
        if ((r as { done: boolean }).done) return;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error('the replica did not catch up');
    },
    async stopReplica() {
      await pg('pg_ctl', ['-D', replicaDir, '-m', 'fast', '-w', 'stop']);
      started.splice(started.indexOf(replicaDir), 1);
    },
    stop,
  };
}
