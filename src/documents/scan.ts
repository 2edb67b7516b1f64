import { execFile } from 'node:child_process';

export interface ScanResult {
  clean: boolean;
  /** What the scanner printed (kept with a quarantined file for the operator). */
  output: string;
}

/**
 * Runs UPLOAD_SCAN_COMMAND (split on spaces, no shell) with the file's path appended. Exit 0 is
 * clean; any other exit, a timeout or a scanner that cannot start quarantines the file: a check
 * that did not run is not a pass.
 */
export function scanFile(command: string | undefined, file: string, timeoutSeconds: number): Promise<ScanResult> {
  if (!command) return Promise.resolve({ clean: true, output: '' });
  const [bin, ...args] = command.trim().split(/\s+/);
  return new Promise((resolve) => {
    execFile(
      bin as string,
      [...args, file],
      { timeout: timeoutSeconds * 1000, maxBuffer: 256 * 1024 },
      (err, stdout, stderr) => {
        const output = `${stdout}${stderr}`.slice(0, 4000);
        if (!err) return resolve({ clean: true, output });
        const why = err.killed ? 'scanner timed out' : `scanner exit ${String(err.code ?? err.message)}`;
        resolve({ clean: false, output: `${why}\n${output}`.trim() });
      },
    );
  });
}
