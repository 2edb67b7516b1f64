import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expectNoErrors, startTestApp, type GqlClient, type TestApp } from './helpers/app';
import { sha256 } from './helpers/documents';
import { demoDonorOrgId, recordWire } from './helpers/money';
import { fundId } from './helpers/grants';
import { makeAward } from './helpers/post-award';
import { registerAndLogin } from './helpers/register';

function requirePoppler(): void {
  for (const tool of ['pdftotext', 'pdftoppm']) {
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

  it('the fund statement for a period, with the same receipts as fundStatement; not for NGOs or donors', async () => {
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
    expect((await get(donor, `/documents/fund-statement/${fund}${q}`)).status).toBe(403);
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
