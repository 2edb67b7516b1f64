import { spawn } from 'node:child_process';
import path from 'node:path';
import type { EmbeddedDatabase } from '../../src/db/embedded';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Starts the project's embedded PostgreSQL (src/db/embedded.ts) in a child process: the package
 * is ESM-only, which Jest's module loader cannot require. `stop()` shuts the server down cleanly
 * and waits until it is gone.
 */
export function startPostgresProcess(dataDir: string, port: number, database: string): Promise<EmbeddedDatabase> {
  const script = `
    const { startEmbeddedPostgres } = require('./src/db/embedded');
    startEmbeddedPostgres(${JSON.stringify({ dataDir, port, database })}).then((db) => {
      process.stdout.write('READY ' + db.url + '\\n');
      process.on('SIGTERM', () => db.stop().then(() => process.exit(0)));
    }, (e) => { console.error(e); process.exit(1); });`;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => (out += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /READY (\S+)/.exec(out);
      if (m)
        resolve({
          url: m[1]!,
          async stop() {
            child.kill('SIGTERM');
            await exited;
          },
        });
    });
    void exited.then((code) => reject(new Error(`embedded PostgreSQL exited (${code}):\n${out}`)));
  });
}
