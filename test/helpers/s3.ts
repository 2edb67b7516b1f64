import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
// s3rver ships no types; the test helper uses its constructor, run() and close() only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (opts: Record<string, unknown>) => {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
};

export interface LocalS3 {
  /** STORAGE_URL for the running server's bucket. */
  url: string;
  stop(): Promise<void>;
}

/** An S3-compatible server (npm s3rver) on a free local port, with one empty bucket, its data in a temp dir. */
export async function startLocalS3(bucket = 'vtf-test'): Promise<LocalS3> {
  const directory = mkdtempSync(path.join(tmpdir(), 'vtf-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    url: `s3://S3RVER:S3RVER@${bucket}/files?endpoint=http://127.0.0.1:${port}&forcePathStyle=true&region=us-east-1`,
    async stop() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
