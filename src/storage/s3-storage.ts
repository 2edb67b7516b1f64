import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { assertKey, ObjectExistsError, ObjectNotFoundError, type Storage } from './storage';

export interface S3Settings {
  bucket: string;
  /** Key prefix inside the bucket ('' or ending in '/'). */
  prefix: string;
  client: S3ClientConfig;
}

/**
 * `s3://[accessKey:secret@]bucket[/prefix]?endpoint=https://…&region=…&forcePathStyle=true`.
 * Without credentials in the URL the SDK's own chain applies (AWS_ACCESS_KEY_ID…, instance roles).
 */
export function parseS3Url(url: string): S3Settings {
  const u = new URL(url);
  if (u.protocol !== 's3:' || !u.hostname) throw new Error('STORAGE_URL: expected s3://bucket[/prefix]?…');
  const q = u.searchParams;
  const known = new Set(['endpoint', 'region', 'forcePathStyle']);
  for (const k of q.keys()) if (!known.has(k)) throw new Error(`STORAGE_URL: unknown parameter "${k}"`);
  const prefix = decodeURIComponent(u.pathname.replace(/^\/+/, ''));
  const client: S3ClientConfig = {
    region: q.get('region') ?? process.env.AWS_REGION ?? 'us-east-1',
    forcePathStyle: q.get('forcePathStyle') === 'true',
    // The SDK's default CRC checksums send bodies aws-chunked, which many S3-compatible servers store
    // verbatim; the application records its own SHA-256 of every file.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(q.get('endpoint') ? { endpoint: q.get('endpoint') as string } : {}),
    ...(u.username
      ? {
          credentials: {
            accessKeyId: decodeURIComponent(u.username),
            secretAccessKey: decodeURIComponent(u.password),
          },
        }
      : {}),
  };
  return { bucket: u.hostname, prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix, client };
}

const notFound = (e: unknown): boolean =>
  e instanceof S3ServiceException &&
  (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404);

/** S3-compatible object storage (AWS S3, MinIO, Ceph, …) through the AWS SDK. */
export class S3Storage implements Storage {
  readonly kind = 's3' as const;
  readonly client: S3Client;

  constructor(readonly settings: S3Settings) {
    this.client = new S3Client(settings.client);
  }

  private key(key: string): string {
    return this.settings.prefix + assertKey(key);
  }

  async put(key: string, source: string, meta: { size: number; contentType: string }): Promise<void> {
    // Not every S3-compatible server honours If-None-Match on PUT: ask first as well.
    if (await this.has(key)) throw new ObjectExistsError(key);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.key(key),
          Body: createReadStream(source),
          ContentLength: meta.size,
          ContentType: meta.contentType,
          IfNoneMatch: '*',
        }),
      );
    } catch (e) {
      if (e instanceof S3ServiceException && e.$metadata?.httpStatusCode === 412) throw new ObjectExistsError(key);
      throw e;
    }
  }

  async get(key: string): Promise<Readable> {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.key(key) }));
      return r.Body as Readable;
    } catch (e) {
      if (notFound(e)) throw new ObjectNotFoundError(key);
      throw e;
    }
  }

  async has(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.key(key) }));
      return true;
    } catch (e) {
      if (notFound(e)) return false;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.key(key) }));
  }
}
