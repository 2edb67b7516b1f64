import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiskStorage } from './disk-storage';
import { parseS3Url, S3Storage } from './s3-storage';
import type { Storage } from './storage';

export { type Storage, ObjectExistsError, ObjectNotFoundError } from './storage';

/** The default: files on local disk under the data directory. */
export const DEFAULT_STORAGE_DIR = '.data/files';

/** STORAGE_URL: unset (`.data/files`), `file:///abs/dir` or `file:relative/dir`, or `s3://bucket/prefix?…`. */
export function createStorage(url: string | undefined): Storage {
  if (!url) return new DiskStorage(DEFAULT_STORAGE_DIR);
  if (url.startsWith('s3://')) return new S3Storage(parseS3Url(url));
  if (url.startsWith('file://')) return new DiskStorage(fileURLToPath(url));
  if (url.startsWith('file:')) return new DiskStorage(path.resolve(url.slice('file:'.length)));
  throw new Error('STORAGE_URL: expected file:… or s3://…');
}
