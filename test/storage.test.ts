import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createStorage, ObjectExistsError, ObjectNotFoundError, type Storage } from '../src/storage';
import { startLocalS3, type LocalS3 } from './helpers/s3';

async function bytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

const work = mkdtempSync(path.join(tmpdir(), 'vtf-storage-src-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function source(content: Buffer): string {
  const file = path.join(work, randomBytes(6).toString('hex'));
  writeFileSync(file, content);
  return file;
}

/** The one suite every storage passes (disk and S3). */
function storageSuite(name: string, setup: () => Promise<{ storage: Storage; teardown(): Promise<void> }>) {
  describe(name, () => {
    let storage: Storage;
    let teardown: () => Promise<void>;
    beforeAll(async () => {
      ({ storage, teardown } = await setup());
    });
    afterAll(async () => teardown());

    it('stores a file and streams back the same bytes', async () => {
      const content = randomBytes(300_000);
      await storage.put('documents/a1', source(content), { size: content.length, contentType: 'application/pdf' });
      expect(await storage.has('documents/a1')).toBe(true);
      const back = await bytes(await storage.get('documents/a1'));
      expect(createHash('sha256').update(back).digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));
    });

    it('never replaces a stored object (files are immutable)', async () => {
      const first = Buffer.from('first version');
      await storage.put('documents/imm', source(first), { size: first.length, contentType: 'text/plain' });
      const second = Buffer.from('second version');
      await expect(
        storage.put('documents/imm', source(second), { size: second.length, contentType: 'text/plain' }),
      ).rejects.toBeInstanceOf(ObjectExistsError);
      expect((await bytes(await storage.get('documents/imm'))).toString()).toBe('first version');
    });

    it('answers ObjectNotFoundError for a missing key, and has() false', async () => {
      await expect(storage.get('documents/missing')).rejects.toBeInstanceOf(ObjectNotFoundError);
      expect(await storage.has('documents/missing')).toBe(false);
    });

    it('deletes an object; deleting an absent one is not an error', async () => {
      const c = Buffer.from('to delete');
      await storage.put('documents/del', source(c), { size: c.length, contentType: 'text/plain' });
      await storage.delete('documents/del');
      expect(await storage.has('documents/del')).toBe(false);
      await expect(storage.delete('documents/del')).resolves.toBeUndefined();
    });

    it('refuses keys that could leave its root', async () => {
      const c = Buffer.from('x');
      for (const key of ['../escape', '/abs', 'documents/../../x', 'Documents/Upper', 'a//b']) {
        await expect(storage.put(key, source(c), { size: 1, contentType: 'text/plain' })).rejects.toThrow(
          /Invalid storage key/,
        );
      }
    });
  });
}

storageSuite('disk storage', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vtf-disk-'));
  return {
    storage: createStorage(`file://${dir}`),
    async teardown() {
      // Nothing but the stored objects is left behind (no partial copies).
      const leftovers = readdirSync(path.join(dir, 'documents')).filter((f) => f.includes('.partial'));
      expect(leftovers).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

storageSuite('S3-compatible storage (s3rver)', async () => {
  const s3: LocalS3 = await startLocalS3();
  const storage = createStorage(s3.url);
  return { storage, teardown: () => s3.stop() };
});

describe('STORAGE_URL', () => {
  it('defaults to the data directory and refuses unknown schemes', () => {
    expect(createStorage(undefined).kind).toBe('disk');
    expect(() => createStorage('ftp://x')).toThrow(/STORAGE_URL/);
    expect(() => createStorage('s3://bucket?bogus=1')).toThrow(/unknown parameter/);
  });
});
