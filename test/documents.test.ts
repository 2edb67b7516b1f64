import http from 'node:http';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { draft, fundId, ok, openCall } from './helpers/grants';
import { registerAndLogin } from './helpers/register';
import { startLocalS3, type LocalS3 } from './helpers/s3';
import {
  ATTACH,
  docxBytes,
  exeBytes,
  pdfBytes,
  pngBytes,
  sha256,
  upload,
  uploadAndAttach,
  xlsxBytes,
  zipBytes,
} from './helpers/documents';
import { removeOrphanedUploads } from '../src/documents/orphans';

const MAX_FILE = 200_000;
const MAX_OWNER = 600_000;

/** Every stored object and temporary file of the test server, to prove a refusal left nothing. */
async function storedKeys(app: TestApp, dir: string | null): Promise<string[]> {
  const rows = await app.sql<{ storage_key: string }>('select storage_key from document order by storage_key');
  const keys = rows.map((r) => r.storage_key);
  if (dir) {
    const onDisk = (sub: string) => {
      try {
        return readdirSync(path.join(dir, sub)).map((f) => `${sub}/${f}`);
      } catch {
        return [];
      }
    };
    expect([...onDisk('documents'), ...onDisk('quarantine')].sort()).toEqual(keys);
  } else {
    for (const k of keys) expect(await app.running.app.storage.has(k)).toBe(true);
  }
  return keys;
}

async function download(app: TestApp, pathAndQuery: string, token?: string | null) {
  const res = await fetch(`${app.baseUrl}${pathAndQuery}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, body, json: () => JSON.parse(body.toString()) };
}

const contentPath = (id: string) => `/documents/${encodeURIComponent(id)}/content`;

/** Sends `total` bytes as one file part without a length, chunk by chunk; stops when the server answers. */
function streamHuge(app: TestApp, token: string, fields: Record<string, string>, total: number) {
  return new Promise<{ status: number; sent: number; body: string }>((resolve, reject) => {
    const boundary = 'vtfboundary7MA4YWxkTrZu0gW';
    const url = new URL(`${app.baseUrl}/uploads`);
    const req = http.request({
      host: url.hostname,
      port: url.port,
      path: '/uploads',
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        authorization: `Bearer ${token}`,
        'apollo-require-preflight': 'true',
        'transfer-encoding': 'chunked',
      },
    });
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, sent, body }));
    });
    req.on('error', (e) => (answered ? undefined : reject(e)));
    let head = '';
    for (const [k, v] of Object.entries(fields)) {
      head += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
    }
    head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    req.write(head);
    const chunk = Buffer.concat([pdfBytes(), Buffer.alloc(64 * 1024 - pdfBytes().length, 0x20)]);
    const pump = () => {
      while (!answered && !req.destroyed && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered && !req.destroyed) req.end(`\r\n--${boundary}--\r\n`);
    };
    pump();
  });
}

describe.each(['disk', 's3'] as const)('documents on %s storage', (kind) => {
  let app: TestApp;
  let s3: LocalS3 | null = null;
  let dir: string | null = null;
  let tmp: string;
  let ngo: GqlClient;
  let sec: GqlClient;
  let ngoOrg: string;
  let other: { client: GqlClient; orgId: string };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'vtf-upload-tmp-'));
    let storageUrl: string;
    if (kind === 's3') {
      s3 = await startLocalS3();
      storageUrl = s3.url;
    } else {
      dir = mkdtempSync(path.join(tmpdir(), 'vtf-files-'));
      storageUrl = `file://${dir}`;
    }
    app = await startTestApp({
      STORAGE_URL: storageUrl,
      UPLOAD_TMP_DIR: tmp,
      UPLOAD_MAX_FILE_BYTES: String(MAX_FILE),
      UPLOAD_MAX_OWNER_BYTES: String(MAX_OWNER),
      // A scanner that passes everything: the hook runs on every upload.
      UPLOAD_SCAN_COMMAND: 'true',
      DOWNLOAD_LINK_TTL_SECONDS: '60',
    });
    ngo = await app.as('NGO');
    sec = await app.as('SECRETARIAT');
    ngoOrg = expectNoErrors(await ngo.gql('{ me { organizations { id } } }')).me.organizations[0].id;
    other = await registerAndLogin(app, {
      kind: 'NGO',
      legalName: `Other NGO ${kind}`,
      country: 'KE',
      email: `other-${kind}@ngo.example`,
      displayName: 'Other',
      password: 'amber falcon river stone 42',
    });
  });
  afterAll(async () => {
    await app.stop();
    await s3?.stop();
    for (const d of [dir, tmp]) if (d) rmSync(d, { recursive: true, force: true });
  });
  afterEach(() => {
    // No temporary file outlives its request, accepted or refused.
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('an NGO uploads its registration certificate, attaches it, and the attach event carries its SHA-256', async () => {
    const bytes = pdfBytes('Certificate of registration');
    const doc = await uploadAndAttach(
      app,
      ngo,
      { slot: 'ORGANIZATION_REGISTRATION_CERTIFICATE', ownerId: ngoOrg },
      bytes,
      'certificate.pdf',
    );
    expect(doc).toMatchObject({ sha256: sha256(bytes), version: 1, fileName: 'certificate.pdf' });
    const [event] = await app.sql(
      `select action, entity_type, actor_role, after from audit_event where action = 'document.attach' order by seq desc limit 1`,
    );
    expect(event).toMatchObject({ action: 'document.attach', entity_type: 'Organization', actor_role: 'NGO' });
    expect(event!.after).toMatchObject({
      sha256: sha256(bytes),
      size: bytes.length,
      slot: 'ORGANIZATION_REGISTRATION_CERTIFICATE',
    });

    const got = await download(app, contentPath(doc.id), ngo.token);
    expect(got.status).toBe(200);
    expect(sha256(got.body)).toBe(sha256(bytes));
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="?certificate\.pdf"?$/);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-type')).toBe('application/pdf');
    // Staff read it too: exactly who reads the organisation.
    expect((await download(app, contentPath(doc.id), sec.token)).status).toBe(200);
    await storedKeys(app, dir);
  });

  it('decides the type from the bytes: a PDF named .exe is a PDF, an executable named .pdf is refused', async () => {
    const pdf = await upload(
      app,
      ngo,
      { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: ngoOrg },
      pdfBytes(),
      'statutes.exe',
    );
    expect(pdf.status).toBe(201);
    expect(pdf.body).toMatchObject({ contentType: 'application/pdf', fileName: 'statutes.pdf' });

    const before = await storedKeys(app, dir);
    const exe = await upload(
      app,
      ngo,
      { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: ngoOrg },
      exeBytes(),
      'statutes.pdf',
    );
    expect(exe.status).toBe(415);
    expect(exe.body.errors?.[0]?.extensions.code).toBe('UNSUPPORTED_FILE_TYPE');
    expect(exe.body.errors?.[0]?.message).toMatch(/application\/x-msdownload|exe/);
    expect(await storedKeys(app, dir)).toEqual(before);

    // A PNG is fine for a certificate but not for an audit report's PDF-only slot, and a slot's
    // owner must be of its type.
    const wrongOwner = await upload(app, ngo, { slot: 'APPLICATION_PROPOSAL', ownerId: ngoOrg }, pdfBytes());
    expect(wrongOwner.status).toBe(400);
    const png = await upload(
      app,
      ngo,
      { slot: 'ORGANIZATION_REGISTRATION_CERTIFICATE', ownerId: ngoOrg },
      pngBytes(),
      'scan.png',
    );
    expect(png.status).toBe(201);
    expect(png.body.contentType).toBe('image/png');
  });

  it('accepts a real Word document and Excel workbook by their content; an executable or a plain ZIP renamed is refused', async () => {
    const call = await openCall(sec, await fundId(app));
    const appId = await draft(ngo, call);
    const docx = await upload(app, ngo, { slot: 'APPLICATION_PROPOSAL', ownerId: appId }, docxBytes(), 'proposal');
    expect(docx.status).toBe(201);
    expect(docx.body).toMatchObject({
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      fileName: 'proposal.docx',
    });
    const xlsx = await upload(app, ngo, { slot: 'APPLICATION_BUDGET', ownerId: appId }, xlsxBytes(), 'budget.pdf');
    expect(xlsx.status).toBe(201);
    expect(xlsx.body).toMatchObject({
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName: 'budget.xlsx',
    });
    // Each slot keeps its own list: a workbook is no proposal, a Word file no budget.
    const swapped = await upload(app, ngo, { slot: 'APPLICATION_PROPOSAL', ownerId: appId }, xlsxBytes(), 'p.docx');
    expect([swapped.status, swapped.body.errors?.[0]?.extensions.code]).toEqual([415, 'UNSUPPORTED_FILE_TYPE']);
    const before = await storedKeys(app, dir);
    for (const [bytes, name, why] of [
      [exeBytes(), 'budget.xlsx', /x-msdownload|exe/],
      [exeBytes(), 'proposal.docx', /x-msdownload|exe/],
      [zipBytes({ 'payload.js': 'alert(1)' }), 'budget.xlsx', /zip/],
      [docxBytes('macro', true), 'proposal.docx', /macro/i],
    ] as const) {
      const slot = name.startsWith('budget') ? 'APPLICATION_BUDGET' : 'APPLICATION_PROPOSAL';
      const r = await upload(app, ngo, { slot, ownerId: appId }, bytes, name);
      expect([name, r.status, r.body.errors?.[0]?.extensions.code]).toEqual([name, 415, 'UNSUPPORTED_FILE_TYPE']);
      expect(r.body.errors?.[0]?.message).toMatch(why);
    }
    expect(await storedKeys(app, dir)).toEqual(before);
    // What was accepted downloads byte for byte as an attachment of its sniffed type.
    const attached = expectNoErrors(
      await ngo.gql(ATTACH, { input: { documentId: xlsx.body.id, ownerId: appId, slot: 'APPLICATION_BUDGET' } }),
    ).attachDocument.document;
    const got = await download(app, contentPath(attached.id), ngo.token);
    expect(sha256(got.body)).toBe(sha256(xlsxBytes()));
    expect(got.headers.get('content-type')).toBe(xlsx.body.contentType);
  });

  it('node(id) finds a document by the rule of its download', async () => {
    const doc = await uploadAndAttach(app, ngo, { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: ngoOrg });
    const NODE = `query($id: ID!) { node(id: $id) { id ... on Document { slot sha256 fileName version } } }`;
    for (const reader of [ngo, sec]) {
      expect(expectNoErrors(await reader.gql(NODE, { id: doc.id })).node).toEqual({
        id: doc.id,
        slot: 'ORGANIZATION_GOVERNING_DOCUMENT',
        sha256: doc.sha256,
        fileName: doc.fileName,
        version: doc.version,
      });
    }
    expect((await other.client.gql(NODE, { id: doc.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Bank letters follow the bank-account rule, as their download does.
    const letter = await uploadAndAttach(app, other.client, { slot: 'ORGANIZATION_BANK_LETTER', ownerId: other.orgId });
    expect(expectNoErrors(await other.client.gql(NODE, { id: letter.id })).node).toMatchObject({ id: letter.id });
    const admin = await app.as('ADMIN');
    expect((await admin.gql(NODE, { id: letter.id })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await download(app, contentPath(letter.id), admin.token)).status).toBe(403);
    // An upload not attached yet is its uploader's alone: to anyone else it does not exist.
    const pending = await upload(app, ngo, { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: ngoOrg }, pdfBytes());
    expect(expectNoErrors(await ngo.gql(NODE, { id: pending.body.id })).node).toMatchObject({ id: pending.body.id });
    expect(expectNoErrors(await sec.gql(NODE, { id: pending.body.id })).node).toBeNull();
    expect((await download(app, contentPath(pending.body.id!), sec.token)).status).toBe(404);
  });

  it('sanitises file names (path, control and bidi characters)', async () => {
    const r = await upload(
      app,
      ngo,
      { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: ngoOrg },
      pdfBytes(),
      '..\\..\\etc/pass\u202Efdp.exe',
    );
    expect(r.body.errors ?? []).toEqual([]);
    expect(r.status).toBe(201);
    expect(r.body.fileName).toBe('passfdp.pdf');
  });

  it('refuses a huge stream early: 413 long before its end, nothing left on disk or in storage', async () => {
    const before = await storedKeys(app, dir);
    const total = 1024 * 1024 * 1024;
    const r = await streamHuge(app, ngo.token!, { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: ngoOrg }, total);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body).errors[0].extensions.code).toBe('FILE_TOO_LARGE');
    expect(r.sent).toBeLessThan(64 * 1024 * 1024);
    expect(await storedKeys(app, dir)).toEqual(before);

    // A declared length over the limit is refused before a byte of the body is read.
    const declared = await fetch(`${app.baseUrl}/uploads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ngo.token}`,
        'apollo-require-preflight': 'true',
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(MAX_FILE * 10),
      },
      body: Buffer.alloc(MAX_FILE * 10),
    }).catch(() => null);
    if (declared) expect(declared.status).toBe(413);
  });

  it("refuses an upload over the owner's limit, nothing kept", async () => {
    const org = await registerAndLogin(app, {
      kind: 'NGO',
      legalName: `Quota NGO ${kind}`,
      country: 'GH',
      email: `quota-${kind}@ngo.example`,
      displayName: 'Quota',
      password: 'amber falcon river stone 42',
    });
    const big = Buffer.concat([pdfBytes(), Buffer.alloc(MAX_FILE - 2000, 0x20)]);
    for (let i = 0; i < 3; i++) {
      const r = await upload(app, org.client, { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: org.orgId }, big);
      expect(r.status).toBe(201);
    }
    const before = await storedKeys(app, dir);
    const over = await upload(app, org.client, { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: org.orgId }, big);
    expect(over.status).toBe(413);
    expect(over.body.errors?.[0]?.extensions.code).toBe('OWNER_QUOTA_EXCEEDED');
    expect(await storedKeys(app, dir)).toEqual(before);
  });

  it("another NGO's document is refused by id, by a guessed or borrowed link, and through the API", async () => {
    const doc = await uploadAndAttach(app, ngo, { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: ngoOrg });
    expect((await download(app, contentPath(doc.id), other.client.token)).status).toBe(403);
    expect((await download(app, contentPath(doc.id), null)).status).toBe(401);
    // The owner's link works without a token; changing the user or the signature does not.
    expect((await download(app, doc.downloadUrl)).status).toBe(200);
    const otherId = expectNoErrors(await other.client.gql('{ me { id } }')).me.id as string;
    const u = new URL(doc.downloadUrl, app.baseUrl);
    const borrowed = new URL(u);
    borrowed.searchParams.set('u', otherId);
    expect((await download(app, borrowed.pathname + borrowed.search)).status).toBe(403);
    const guessed = new URL(u);
    guessed.searchParams.set('sig', 'A'.repeat(43));
    const g = await download(app, guessed.pathname + guessed.search);
    expect(g.status).toBe(403);
    expect(g.json().errors[0].extensions.code).toBe('INVALID_LINK');
    // A link issued to the other NGO for its own document does not open ours.
    const theirs = await uploadAndAttach(app, other.client, {
      slot: 'ORGANIZATION_GOVERNING_DOCUMENT',
      ownerId: other.orgId,
    });
    const swapped = theirs.downloadUrl.replace(encodeURIComponent(theirs.id), encodeURIComponent(doc.id));
    expect((await download(app, swapped)).status).toBe(403);

    const list = await other.client.gql(`query($o: ID!) { documents(ownerId: $o) { id } }`, { o: ngoOrg });
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Their upload cannot be attached by us, even to their own organisation.
    const up = await upload(
      app,
      other.client,
      { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: other.orgId },
      pdfBytes(),
    );
    const stolen = await ngo.gql(ATTACH, {
      input: { documentId: up.body.id, ownerId: other.orgId, slot: 'ORGANIZATION_GOVERNING_DOCUMENT' },
    });
    expect(stolen.data?.attachDocument.errors[0].code).toBe('NOT_FOUND');
    // Nor can we upload into their organisation.
    const into = await upload(app, ngo, { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: other.orgId }, pdfBytes());
    expect(into.status).toBe(403);
  });

  it('an expired link is refused; a fresh one is issued on the next read', async () => {
    const doc = await uploadAndAttach(app, ngo, { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: ngoOrg });
    app.clock.advance(61_000);
    try {
      const r = await download(app, doc.downloadUrl);
      expect(r.status).toBe(410);
      expect(r.json().errors[0].extensions.code).toBe('LINK_EXPIRED');
      const list = expectNoErrors(
        await ngo.gql(`query($o: ID!) { documents(ownerId: $o) { id downloadUrl } }`, { o: ngoOrg }),
      ).documents as { id: string; downloadUrl: string }[];
      const fresh = list.find((d) => d.id === doc.id)!;
      expect((await download(app, fresh.downloadUrl)).status).toBe(200);
    } finally {
      app.clock.reset();
    }
  });

  it('keeps every version readable; a new version is a new upload; stored content cannot be rewritten', async () => {
    const v1 = await uploadAndAttach(app, ngo, { slot: 'ORGANIZATION_BANK_LETTER', ownerId: ngoOrg }, pdfBytes('v1'));
    const v2 = await uploadAndAttach(app, ngo, { slot: 'ORGANIZATION_BANK_LETTER', ownerId: ngoOrg }, pdfBytes('v2'));
    expect([v1.version, v2.version]).toEqual([1, 2]);
    const list = expectNoErrors(
      await ngo.gql(`query($o: ID!) { documents(ownerId: $o, slot: ORGANIZATION_BANK_LETTER) { id version } }`, {
        o: ngoOrg,
      }),
    ).documents;
    expect(list).toEqual([
      { id: v2.id, version: 2 },
      { id: v1.id, version: 1 },
    ]);
    expect((await download(app, contentPath(v1.id), ngo.token)).status).toBe(200);
    // Bank letters follow the bank-account rule: the platform admin reads the profile, not the bank details.
    const admin = await app.as('ADMIN');
    expect((await download(app, contentPath(v1.id), admin.token)).status).toBe(403);
    await expect(
      app.sql(`update document set sha256 = repeat('0', 64) where id = $1`, [
        v1.id.length ? (await app.sql('select id from document where status = $1 limit 1', ['ATTACHED']))[0]!.id : '',
      ]),
    ).rejects.toThrow(/immutable/);
  });

  it("a withdrawn application's documents stay readable to who may read it; nothing more can be attached", async () => {
    const call = await openCall(sec, await fundId(app));
    const appId = await draft(ngo, call);
    const doc = await uploadAndAttach(app, ngo, { slot: 'APPLICATION_PROPOSAL', ownerId: appId });
    // A draft is the organisation's own working paper: not even the secretariat reads it.
    expect((await download(app, contentPath(doc.id), sec.token)).status).toBe(403);
    await ok(ngo, 'withdrawApplication', 'ApplicationActionInput', { applicationId: appId, reason: 'Merged' });
    const late = await upload(app, ngo, { slot: 'APPLICATION_BUDGET', ownerId: appId }, pdfBytes());
    expect(late.status).toBe(409);
    expect(late.body.errors?.[0]?.extensions.code).toBe('INVALID_STATE');
    expect((await download(app, contentPath(doc.id), ngo.token)).status).toBe(200);
    expect((await download(app, contentPath(doc.id), other.client.token)).status).toBe(403);
    // The application's own rule: the secretariat reads it once it is no longer a draft.
    expect((await download(app, contentPath(doc.id), sec.token)).status).toBe(200);
  });

  it('a call declares required documents; submission is refused with MISSING_DOCUMENT until they are attached', async () => {
    const call = await openCall(sec, await fundId(app), { requiredDocuments: ['PROPOSAL', 'BUDGET', 'WORKPLAN'] });
    const appId = await draft(ngo, call);
    const submit = () =>
      ngo.gql(
        `mutation($i: ApplicationActionInput!) { submitApplication(input: $i) { application { status } errors { code field message } } }`,
        {
          i: { applicationId: appId },
        },
      );
    const first = expectNoErrors(await submit()).submitApplication;
    expect(first.errors[0]).toMatchObject({ code: 'MISSING_DOCUMENT', field: 'documents' });
    expect(first.errors[0].message).toMatch(/PROPOSAL, BUDGET, WORKPLAN/);
    const perm = expectNoErrors(
      await ngo.gql(`query($id: String!) { application(id: $id) { permissions { submit { allowed code } } } }`, {
        id: appId,
      }),
    ).application.permissions.submit;
    expect(perm).toEqual({ allowed: false, code: 'MISSING_DOCUMENT' });

    await uploadAndAttach(app, ngo, { slot: 'APPLICATION_PROPOSAL', ownerId: appId });
    await uploadAndAttach(app, ngo, { slot: 'APPLICATION_BUDGET', ownerId: appId });
    // A requirement the call does not name cannot be attached.
    const up = await upload(
      app,
      ngo,
      { slot: 'APPLICATION_CALL_DOCUMENT', ownerId: appId, requirement: 'SOMETHING_ELSE' },
      pdfBytes(),
    );
    const wrong = await ngo.gql(ATTACH, {
      input: {
        documentId: up.body.id,
        ownerId: appId,
        slot: 'APPLICATION_CALL_DOCUMENT',
        requirement: 'SOMETHING_ELSE',
      },
    });
    expect(up.body).toMatchObject({ contentType: 'application/pdf' });
    expect(wrong.data?.attachDocument.errors[0]).toMatchObject({ code: 'INVALID_VALUE', field: 'requirement' });
    expect(expectNoErrors(await submit()).submitApplication.errors[0].message).toMatch(/: WORKPLAN\./);
    await uploadAndAttach(app, ngo, { slot: 'APPLICATION_CALL_DOCUMENT', ownerId: appId, requirement: 'WORKPLAN' });
    const done = expectNoErrors(await submit()).submitApplication;
    expect(done.errors).toEqual([]);
    expect(done.application.status).toBe('SUBMITTED');
    // Once submitted, the secretariat reads the proposal.
    const docs = expectNoErrors(
      await sec.gql(`query($o: ID!) { documents(ownerId: $o) { id slot } }`, { o: appId }),
    ).documents;
    expect(docs.map((d: { slot: string }) => d.slot).sort()).toEqual([
      'APPLICATION_BUDGET',
      'APPLICATION_CALL_DOCUMENT',
      'APPLICATION_PROPOSAL',
    ]);
  });

  it('an upload attached twice is attached once (one audit event)', async () => {
    const u = await upload(app, ngo, { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: ngoOrg }, pdfBytes('twice'));
    const input = { documentId: u.body.id, ownerId: ngoOrg, slot: 'ORGANIZATION_GOVERNING_DOCUMENT' };
    const a = await ngo.gql(ATTACH, { input });
    const b = await ngo.gql(ATTACH, { input });
    expect(a.data?.attachDocument.document.version).toBe(b.data?.attachDocument.document.version);
    const events = await app.sql(
      `select 1 from audit_event where action = 'document.attach' and after->>'sha256' = $1`,
      [u.body.sha256],
    );
    expect(events).toHaveLength(1);
    // Another slot than the upload's is refused.
    const other2 = await ngo.gql(ATTACH, { input: { ...input, slot: 'ORGANIZATION_REGISTRATION_CERTIFICATE' } });
    expect(other2.data?.attachDocument.errors[0].code).toBe('INVALID_VALUE');
  });

  it('removes uploads never attached after a day, keeps attached ones', async () => {
    const orphan = await upload(
      app,
      ngo,
      { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: ngoOrg },
      pdfBytes('orphan'),
    );
    const kept = await uploadAndAttach(app, ngo, { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: ngoOrg });
    const log = app.running.app.log;
    expect(await removeOrphanedUploads(app.orm, app.running.app.storage, app.clock, log)).toBe(0);
    app.clock.advance(86_400_000 + 60_000);
    try {
      expect(await removeOrphanedUploads(app.orm, app.running.app.storage, app.clock, log)).toBeGreaterThanOrEqual(1);
    } finally {
      app.clock.reset();
    }
    const id = (gid: string) => Buffer.from(gid, 'base64').toString().split(':')[1];
    expect(await app.sql('select 1 from document where id = $1', [id(orphan.body.id!)])).toEqual([]);
    expect(await app.running.app.storage.has(`documents/${id(orphan.body.id!)}`)).toBe(false);
    expect(await app.sql('select 1 from document where id = $1', [id(kept.id)])).toHaveLength(1);
    await storedKeys(app, dir);
  });

  it('refuses a cross-site form (no preflight header) and an anonymous upload', async () => {
    const csrf = await upload(
      app,
      ngo,
      { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: ngoOrg },
      pdfBytes(),
      'x.pdf',
      {},
    );
    expect(csrf.status).toBe(400);
    const anon = await upload(app, null, { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: ngoOrg }, pdfBytes());
    expect(anon.status).toBe(401);
  });
});

describe('the scanning hook', () => {
  let app: TestApp;
  let tmp: string;
  let dir: string;
  beforeAll(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'vtf-upload-tmp-'));
    dir = mkdtempSync(path.join(tmpdir(), 'vtf-files-'));
    app = await startTestApp({ STORAGE_URL: `file://${dir}`, UPLOAD_TMP_DIR: tmp, UPLOAD_SCAN_COMMAND: 'false' });
  });
  afterAll(async () => {
    await app.stop();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('quarantines a file the hook refuses: never served, never attached, audited', async () => {
    const ngo = await app.as('NGO');
    const org = expectNoErrors(await ngo.gql('{ me { organizations { id } } }')).me.organizations[0].id;
    const r = await upload(app, ngo, { slot: 'ORGANIZATION_GOVERNING_DOCUMENT', ownerId: org }, pdfBytes());
    expect(r.status).toBe(422);
    const err = r.body.errors![0]!;
    expect(err.extensions.code).toBe('UPLOAD_QUARANTINED');
    const [row] = await app.sql(`select status, storage_key, scan_output from document`);
    expect(row).toMatchObject({ status: 'QUARANTINED' });
    expect(row!.storage_key).toMatch(/^quarantine\//);
    expect(readdirSync(path.join(dir, 'quarantine'))).toHaveLength(1);
    expect(readdirSync(tmp)).toEqual([]);
    const attach = await ngo.gql(ATTACH, {
      input: { documentId: err.extensions.documentId, ownerId: org, slot: 'ORGANIZATION_GOVERNING_DOCUMENT' },
    });
    expect(attach.data?.attachDocument.errors[0].code).toBe('UPLOAD_QUARANTINED');
    const dl = await fetch(`${app.baseUrl}${contentPath(err.extensions.documentId!)}`, {
      headers: { authorization: `Bearer ${ngo.token}` },
    });
    expect(dl.status).toBe(404);
    const node = await ngo.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: err.extensions.documentId });
    expect(expectNoErrors(node).node).toBeNull();
    expect(await app.sql(`select 1 from audit_event where action = 'document.quarantine'`)).toHaveLength(1);
  });
});
