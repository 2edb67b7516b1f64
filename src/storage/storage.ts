import type { Readable } from 'node:stream';

/** A stored object was asked for and is not there. */
export class ObjectNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No stored object "${key}".`);
    this.name = 'ObjectNotFoundError';
  }
}

/** An object already exists under the key: stored files are immutable, a new version is a new key. */
export class ObjectExistsError extends Error {
  constructor(readonly key: string) {
    super(`An object "${key}" is already stored; stored files are never overwritten.`);
    this.name = 'ObjectExistsError';
  }
}

/**
 * Where uploaded and generated files live: local disk under the data directory (the default) or
 * S3-compatible object storage (STORAGE_URL=s3://…). Keys are the application's own
 * (`documents/<uuid>`), never a client's file name.
 */
export interface Storage {
  readonly kind: 'disk' | 's3';
  /** Stores the local file `source` under `key`; refuses (ObjectExistsError) to replace an object. */
  put(key: string, source: string, meta: { size: number; contentType: string }): Promise<void>;
  /** The object's bytes, streamed; ObjectNotFoundError when absent. */
  get(key: string): Promise<Readable>;
  has(key: string): Promise<boolean>;
  /** Removes the object; absent is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9/_-]{0,200}$/;

/** Keys are made by the application; anything else (`..`, a leading slash) is a bug, refused loudly. */
export function assertKey(key: string): string {
  if (!KEY.test(key) || key.includes('//')) throw new Error(`Invalid storage key "${key}".`);
  return key;
}
