import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { sha256 } from './helpers/documents';
import { demoDonorOrgId, recordWire, registerDonor } from './helpers/money';
import { fundId } from './helpers/grants';
import { makeAward } from './helpers/post-award';
import { registerAndLogin } from './helpers/register';
import { DEMO_USERS } from '../src/seed/demo';

function requirePoppler(): void {
  for (const tool of ['pdftotext', 'pdftoppm', 'pdffonts']) {
    try {
      execFileSync('which', [tool]);
    } catch {
      throw new Error(
        `${tool} is not installed: these tests read the PDFs with Debian's poppler-utils ` +
          '(apt-get install poppler-utils; .ci/run installs it when it is missing).',
      );
    }
  }
}

const work = mkdtempSync(path.join(tmpdir(), 'vtf-pdf-'));

/** The PDF's text (pdftotext -layout), after checking that it renders (pdftoppm). */
function textOf(pdf: Buffer): string {
  const file = path.join(work, `${sha256(pdf).slice(0, 12)}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-png', '-r', '20', file, `${file}-page`]);
  expect(readdirSync(work).some((f) => f.startsWith(`${path.basename(file)}-page`))).toBe(true);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(/\s+/g, ' ');
}

let app: TestApp;
let sec: GqlClient;
let donor: GqlClient;
let ngo: GqlClient;
let contributionId: string;

async function get(client: GqlClient | null, p: string) {
  const res = await fetch(`${app.baseUrl}${p}`, {
    headers: client?.token ? { authorization: `Bearer ${client.token}` } : {},
  });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

async function lastIssue(): Promise<Record<string, unknown>> {
  const [e] = await app.sql(`select after from audit_event where action = 'document.issue' order by seq desc limit 1`);
  return e!.after as Record<string, unknown>;
}

beforeAll(async () => {
  requirePoppler();
  app = await startTestApp();
  sec = await app.as('SECRETARIAT');
  donor = await app.as('DONOR');
  ngo = await app.as('NGO');
  const r = expectNoErrors(
    await recordWire(sec, {
      fundId: await fundId(app),
      donorOrganizationId: await demoDonorOrgId(app),
      amount: '1234567.89',
      currency: 'USD',
      valueDate: '2026-11-03',
      bankReference: 'PDF-TEST-0001',
    }),
  ).recordWireContribution;
  expect(r.errors).toEqual([]);
  contributionId = r.contribution.id;
});
afterAll(async () => {
  await app?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('the PDFs the fund sends', () => {
  it("a donor's contribution receipt, in French, with its figures; its SHA-256 is in the audit trail", async () => {
    const r = await get(donor, `/documents/contribution-receipt/${contributionId}?lang=fr`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/pdf');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="?receipt-.*-fr\.pdf"?$/);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const text = textOf(r.body);
    expect(text).toContain('Reçu de contribution');
    expect(text).toContain('1 234 567,89 USD');
    expect(text).toContain('PDF-TEST-0001');
    expect(text).toContain('Frais de gestion du programme');
    expect(text).toContain('2026-11-03');
    expect(await lastIssue()).toMatchObject({ kind: 'CONTRIBUTION_RECEIPT', lang: 'fr', sha256: sha256(r.body) });

    const en = textOf((await get(donor, `/documents/contribution-receipt/${contributionId}?lang=en`)).body);
    expect(en).toContain('Contribution receipt');
    expect(en).toContain('USD 1,234,567.89');
  });

  it('refuses a receipt to another donor, an NGO and an anonymous caller', async () => {
    const other = await registerAndLogin(app, {
      kind: 'DONOR',
      legalName: 'Other donor foundation',
      country: 'NO',
      email: 'other-donor@pdf.example',
      displayName: 'Other',
      password: 'amber falcon river stone 42',
    });
    expect((await get(other.client, `/documents/contribution-receipt/${contributionId}`)).status).toBe(403);
    expect((await get(ngo, `/documents/contribution-receipt/${contributionId}`)).status).toBe(403);
    expect((await get(null, `/documents/contribution-receipt/${contributionId}`)).status).toBe(401);
  });

  it("an NGO's award letter in Spanish: amount, tranches, reporting obligations; other NGOs are refused", async () => {
    const a = await makeAward(app, '35000.00');
    const r = await get(ngo, `/documents/award-letter/${a.awardId}?lang=es`);
    expect(r.status).toBe(200);
    const text = textOf(r.body);
    expect(text).toContain('Carta de adjudicación');
    expect(text).toMatch(/35\.000,00 USD/);
    expect(text).toContain('Tramos');
    expect(text).toContain('Obligaciones de informe');
    for (const report of a.reports as { kind: string; dueDate: string }[]) expect(text).toContain(report.dueDate);
    expect(await lastIssue()).toMatchObject({ kind: 'AWARD_LETTER', lang: 'es', sha256: sha256(r.body) });

    const other = await registerAndLogin(app, {
      kind: 'NGO',
      legalName: 'Other NGO for letters',
      country: 'KE',
      email: 'other-ngo@pdf.example',
      displayName: 'Other',
      password: 'amber falcon river stone 42',
    });
    expect((await get(other.client, `/documents/award-letter/${a.awardId}`)).status).toBe(403);
    expect((await get(sec, `/documents/award-letter/${a.awardId}?lang=en`)).status).toBe(200);
  });

  it('the fund statement for a period, with the same receipts as fundStatement; not for NGOs', async () => {
    const fund = await fundId(app);
    const q = '?from=2026-01-01&to=2026-12-31&lang=en';
    const r = await get(sec, `/documents/fund-statement/${fund}${q}`);
    expect(r.status).toBe(200);
    const text = textOf(r.body);
    expect(text).toContain('Fund statement');
    expect(text).toContain('from 2026-01-01 to 2026-12-31');
    const csv = await fetch(`${app.baseUrl}/exports/funds/UNVTF/statement.csv?from=2026-01-01&to=2026-12-31`, {
      headers: { authorization: `Bearer ${sec.token}` },
    }).then((x) => x.text());
    const receipts = csv
      .split(/\r?\n/)
      .find((l) => l.startsWith('cash_in,receipts,'))!
      .split(',')[3]!;
    const formatted = new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', currencyDisplay: 'code' })
      .format(receipts as unknown as number)
      .replace(/[\u202f\u00a0]/g, ' ');
    expect(text).toContain(formatted);
    expect(await lastIssue()).toMatchObject({ kind: 'FUND_STATEMENT', from: '2026-01-01', to: '2026-12-31' });
    expect((await get(ngo, `/documents/fund-statement/${fund}${q}`)).status).toBe(403);
  });

  it('a donor keeps the fund statement for its files: itself and public donors named, other donors not', async () => {
    const fund = await fundId(app);
    const quiet = await registerDonor(app, 'Quiet Family Trust');
    const w = expectNoErrors(
      await recordWire(sec, {
        fundId: fund,
        donorOrganizationId: quiet.orgId,
        amount: '5000.00',
        currency: 'USD',
        valueDate: '2026-11-04',
        bankReference: 'PDF-QUIET-0001',
      }),
    ).recordWireContribution;
    expect(w.errors).toEqual([]);
    const q = '?from=2026-01-01&to=2026-12-31&lang=en';
    const staff = textOf((await get(sec, `/documents/fund-statement/${fund}${q}`)).body);
    expect(staff).toContain('Quiet Family Trust');
    expect(staff).toContain('Ministry of Foreign Affairs of Examplestan');

    // The demo donor: its own (public) name, not the quiet trust's; the same figures.
    const r = await get(donor, `/documents/fund-statement/${fund}${q}`);
    expect(r.status).toBe(200);
    const text = textOf(r.body);
    expect(text).toContain('Ministry of Foreign Affairs of Examplestan');
    expect(text).not.toContain('Quiet Family Trust');
    expect(text).toContain('A donor not named publicly');
    expect(text).toContain('USD 5,000.00');
    expect(await lastIssue()).toMatchObject({ kind: 'FUND_STATEMENT', sha256: sha256(r.body) });
    const [event] = await app.sql(
      `select actor_role from audit_event where action = 'document.issue' order by seq desc limit 1`,
    );
    expect(event!.actor_role).toBe('DONOR');
    // The quiet trust reads its own name, and the public donor's.
    const own = textOf((await get(quiet.client, `/documents/fund-statement/${fund}${q}`)).body);
    expect(own).toContain('Quiet Family Trust');
    expect(own).toContain('Ministry of Foreign Affairs of Examplestan');
    // The statement query itself stays with staff, auditors and trustees.
    const gql = await donor.gql(
      `query($f: String!) { fundStatement(fundId: $f, from: "2026-01-01", to: "2026-12-31") { from } }`,
      {
        f: fund,
      },
    );
    expect(gql.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('stores an issued PDF once: a later download serves the same bytes, whose hash the audit trail holds', async () => {
    const a = await makeAward(app, '12000.00');
    const first = await get(ngo, `/documents/award-letter/${a.awardId}?lang=fr`);
    expect(first.status).toBe(200);
    // A day later, by another reader: the letter as issued (its issue date included), not a new one.
    app.clock.advance(86_400_000);
    const auditorUser = DEMO_USERS.find((u) => u.role === 'AUDITOR')!;
    const auditor = await app.login(auditorUser.email, auditorUser.password);
    const second = await get(auditor, `/documents/award-letter/${a.awardId}?lang=fr`);
    app.clock.advance(-86_400_000);
    expect(second.status).toBe(200);
    expect(second.body.equals(first.body)).toBe(true);
    expect(second.headers.get('repr-digest')).toBe(
      `sha-256=:${Buffer.from(sha256(first.body), 'hex').toString('base64')}:`,
    );
    const events = await app.sql<{ after: Record<string, unknown> }>(
      `select after from audit_event where action = 'document.issue' and entity_id = $1`,
      [Buffer.from(a.awardId, 'base64').toString().split(':')[1]],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.after).toMatchObject({ kind: 'AWARD_LETTER', lang: 'fr', sha256: sha256(first.body) });
    // The bytes served are the stored object's, and the row cannot be rewritten.
    const [row] = await app.sql<{ id: string; storage_key: string; sha256: string }>(
      `select id, storage_key, sha256 from issued_pdf where id = $1`,
      [events[0]!.after.issuedPdfId],
    );
    expect(row!.sha256).toBe(sha256(first.body));
    const stored = await app.running.app.storage.get(row!.storage_key);
    const chunks: Buffer[] = [];
    for await (const c of stored) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(first.body)).toBe(true);
    await expect(app.sql(`update issued_pdf set sha256 = repeat('0', 64) where id = $1`, [row!.id])).rejects.toThrow(
      /immutable/,
    );
    // Another language is another document.
    const es = await get(ngo, `/documents/award-letter/${a.awardId}?lang=es`);
    expect(sha256(es.body)).not.toBe(sha256(first.body));
  });

  it('issues once when several first downloads race: one stored file, one audit event, the same bytes', async () => {
    const a = await makeAward(app, '17000.00');
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map(() => get(ngo, `/documents/award-letter/${a.awardId}?lang=en`)),
    );
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((r) => sha256(r.body))).size).toBe(1);
    const id = Buffer.from(a.awardId, 'base64').toString().split(':')[1];
    expect(
      await app.sql(`select 1 from audit_event where action = 'document.issue' and entity_id = $1`, [id]),
    ).toHaveLength(1);
    const rows = await app.sql<{ storage_key: string }>(`select storage_key from issued_pdf where entity_id = $1`, [
      id,
    ]);
    expect(rows).toHaveLength(1);
  });

  it('a changed content is a new issuance: the statement after a new receipt is a new file', async () => {
    const fund = await fundId(app);
    const q = '?from=2026-11-01&to=2026-11-30&lang=es';
    const before = await get(sec, `/documents/fund-statement/${fund}${q}`);
    const again = await get(sec, `/documents/fund-statement/${fund}${q}`);
    expect(again.body.equals(before.body)).toBe(true);
    expectNoErrors(
      await recordWire(sec, {
        fundId: fund,
        donorOrganizationId: await demoDonorOrgId(app),
        amount: '250.00',
        currency: 'USD',
        valueDate: '2026-11-20',
        bankReference: 'PDF-TEST-0002',
      }),
    );
    const after = await get(sec, `/documents/fund-statement/${fund}${q}`);
    expect(sha256(after.body)).not.toBe(sha256(before.body));
    expect(await lastIssue()).toMatchObject({ kind: 'FUND_STATEMENT', sha256: sha256(after.body) });
  });

  it('names in Arabic, Cyrillic and Chinese come out of the PDF as written (embedded Noto fonts)', async () => {
    const names = ['Фонд «Надежда»', '希望基金会', 'مؤسسة الأمل'];
    const intl = await registerDonor(app, names.join(' / '));
    const w = expectNoErrors(
      await recordWire(sec, {
        fundId: await fundId(app),
        donorOrganizationId: intl.orgId,
        amount: '100.00',
        currency: 'USD',
        valueDate: '2026-11-05',
        bankReference: 'PDF-INTL-0001',
      }),
    ).recordWireContribution;
    expect(w.errors).toEqual([]);
    const r = await get(intl.client, `/documents/contribution-receipt/${w.contribution.id}?lang=en`);
    expect(r.status).toBe(200);
    const text = textOf(r.body);
    expect(text).toContain(names[0]);
    expect(text).toContain(names[1]);
    // Arabic is drawn right to left (shaped by fontkit); poppler reads its words back, each as written.
    for (const word of names[2]!.split(' ')) expect(text).toContain(word);
    expect(text).toContain('Contribution receipt');
    // The fonts are embedded (subsets), not left to the reader's machine.
    const fonts = execFileSync('pdffonts', [path.join(work, `${sha256(r.body).slice(0, 12)}.pdf`)]).toString();
    for (const f of ['NotoSans-', 'NotoSansArabic', 'NotoSansSC']) expect(fonts).toMatch(new RegExp(`${f}[^\\n]*yes`));
  });
  it('answers 404 for an unknown or mistyped id and 400 for a missing or reversed period, issuing nothing', async () => {
    const fund = await fundId(app);
    const before = await app.sql(`select count(*)::int n from audit_event where action = 'document.issue'`);
    const unknown = Buffer.from(`Contribution:${randomUUID()}`).toString('base64');
    for (const p of [
      `/documents/contribution-receipt/${unknown}`,
      `/documents/contribution-receipt/${fund}`, // a Fund's id where a Contribution's is expected
      `/documents/award-letter/not-an-id`,
    ]) {
      const r = await get(sec, p);
      expect([p, r.status, JSON.parse(r.body.toString()).errors[0].extensions.code]).toEqual([p, 404, 'NOT_FOUND']);
    }
    for (const q of ['', '?from=2026-01-01', '?from=2026-12-31&to=2026-01-01', '?from=2026-13-01&to=2026-12-31']) {
      const r = await get(sec, `/documents/fund-statement/${fund}${q}`);
      expect([q, r.status, JSON.parse(r.body.toString()).errors[0].extensions.code]).toEqual([
        q,
        400,
        'BAD_USER_INPUT',
      ]);
    }
    expect(await app.sql(`select count(*)::int n from audit_event where action = 'document.issue'`)).toEqual(before);
  });
});
