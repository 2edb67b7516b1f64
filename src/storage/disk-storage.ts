import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, link, mkdir, stat, unlink, open } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertKey, ObjectExistsError, ObjectNotFoundError, type Storage } from './storage';

const isCode = (e: unknown, code: string): boolean => (e as NodeJS.ErrnoException)?.code === code;

/** Files under a directory (default `.data/files`), one file per key. */
export class DiskStorage implements Storage {
  readonly kind = 'disk' as const;
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private file(key: string): string {
    return path.join(this.root, assertKey(key));
  }

  async put(key: string, source: string): Promise<void> {
    const target = this.file(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Copied beside the target, then hard-linked into place: the key appears complete or not at all,
    // and link() refuses an existing name, so an object is never replaced.
    const partial = `${target}.${randomUUID()}.partial`;
    await copyFile(source, partial);
    try {
      const fh = await open(partial, 'r');
      await fh.sync().finally(() => fh.close());
      await link(partial, target);
    } catch (e) {
      if (isCode(e, 'EEXIST')) throw new ObjectExistsError(key);
      throw e;
    } finally {
      await unlink(partial).catch(() => undefined);
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.file(key);
    const stream = createReadStream(file);
    // Surface a missing file as ObjectNotFoundError before any byte is promised to a client.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (e) => reject(isCode(e, 'ENOENT') ? new ObjectNotFoundError(key) : e));
    });
    return stream;
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await stat(this.file(key))).isFile();
    } catch (e) {
      if (isCode(e, 'ENOENT')) return false;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await unlink(this.file(key)).catch((e: unknown) => {
      if (!isCode(e, 'ENOENT')) throw e;
    });
  }
}
