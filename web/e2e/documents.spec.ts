import { expect, test, type Page } from '@playwright/test';
import { en } from '../src/i18n/en';
import { fr } from '../src/i18n/fr';
import { ngoEn } from '../src/features/ngo/messages/en';
import { checkPage } from './a11y';
import { DEMO, gql, login as apiLogin, openCall } from './api';
import { awardState, boardApproves, fundCash, recommend } from './ngo-api';

/** A small real PDF (pdf.js and poppler open it). */
function pdf(text: string): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A Windows executable's first bytes, named like a PDF. */
function exe(): Buffer {
  const b = Buffer.alloc(1024);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

async function login(page: Page, user: { email: string; password: string }, lang = 'en') {
  const t = lang === 'fr' ? fr : en;
  await page.goto(`/login?lang=${lang}`);
  await page.getByLabel(t.login.email).fill(user.email);
  await page.getByLabel(new RegExp(`^${t.login.password}`)).fill(user.password);
  await page.getByRole('button', { name: t.login.submit }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/**
 * An NGO attaches the documents its call asks for: each required one shown and flagged until it is
 * there, a renamed executable refused by its content, a second version kept beside the first, the
 * files downloaded back; the secretariat and a trustee then read them on their screens.
 */
test.describe.serial('documents of an application', () => {
  const suffix = Date.now().toString(36);
  const m = { ...en, ...ngoEn };
  let applicationId: string;

  test('an NGO attaches the required documents, sees a refused type, versions and downloads, then submits', async ({
    page,
  }) => {
    const callId = await openCall(`Shelter documents (${suffix})`, { requiredDocuments: ['PROPOSAL', 'WORKPLAN'] });
    const ngo = await apiLogin(DEMO.ngo);
    const created = await gql<{ createApplication: { application: { id: string } } }>(
      ngo,
      `mutation($input: CreateApplicationInput!) { createApplication(input: $input) { application { id } errors { code message field } } }`,
      {
        input: {
          callId,
          projectTitle: `Safe houses with papers (${suffix})`,
          summary: 'Shelter, medical care and legal aid for 120 survivors in Lagos and Accra.',
          requestedAmount: '30000.00',
          durationMonths: 12,
          startDate: new Date().toISOString().slice(0, 10),
          budgetLines: [
            { category: 'Shelter', description: 'Rent and running costs', amount: '20000.00' },
            { category: 'Legal aid', description: 'Lawyers', amount: '10000.00' },
          ],
          targetBeneficiaries: [{ sex: 'FEMALE', ageGroup: 'ADULT', exploitation: 'SEXUAL_EXPLOITATION', count: 120 }],
          countries: ['NG', 'GH'],
        },
      },
    );
    applicationId = created.createApplication.application.id;

    await login(page, DEMO.ngo);
    await page.goto(`/ngo/applications/${encodeURIComponent(applicationId)}`);
    const docs = page.getByRole('region', { name: m.documents.applicationTitle });
    await expect(docs).toBeVisible();
    // Both required documents are flagged before submitting; the budget is not required here.
    await expect(page.getByTestId('documents-missing')).toContainText(m.documents.slot.APPLICATION_PROPOSAL);
    await expect(page.getByTestId('documents-missing')).toContainText('WORKPLAN');
    await expect(docs.getByText(m.documents.missing)).toHaveCount(2);
    await checkPage(page, 'documents-application-missing');

    // An executable named .pdf is refused by its content, with the reason in words.
    const proposalInput = page.getByLabel(
      m.documents.choose.replace('{{name}}', m.documents.slot.APPLICATION_PROPOSAL),
    );
    await proposalInput.setInputFiles({ name: 'proposal.pdf', mimeType: 'application/pdf', buffer: exe() });
    await docs.getByRole('button', { name: m.documents.upload }).first().click();
    await expect(docs.getByRole('alert').filter({ hasText: m.documents.refused.UNSUPPORTED_FILE_TYPE })).toBeVisible();

    // The real PDF goes in.
    await proposalInput.setInputFiles({
      name: 'proposal.pdf',
      mimeType: 'application/pdf',
      buffer: pdf('Proposal v1'),
    });
    await docs.getByRole('button', { name: m.documents.upload }).first().click();
    const proposal = page.getByRole('table', {
      name: m.documents.versionsOf.replace('{{name}}', m.documents.slot.APPLICATION_PROPOSAL),
    });
    await expect(proposal.getByRole('row')).toHaveCount(2);
    await expect(page.getByTestId('documents-missing')).not.toContainText(m.documents.slot.APPLICATION_PROPOSAL);

    // A second version stays beside the first, newest first.
    await page
      .getByLabel(m.documents.newVersion.replace('{{name}}', m.documents.slot.APPLICATION_PROPOSAL))
      .setInputFiles({ name: 'proposal-v2.pdf', mimeType: 'application/pdf', buffer: pdf('Proposal v2') });
    await docs.getByRole('button', { name: m.documents.upload }).first().click();
    await expect(proposal.getByRole('row')).toHaveCount(3);
    await expect(proposal.getByRole('row').nth(1)).toContainText('proposal-v2.pdf');

    // The work plan the call names.
    await page
      .getByLabel(m.documents.choose.replace('{{name}}', 'WORKPLAN'))
      .setInputFiles({ name: 'workplan.pdf', mimeType: 'application/pdf', buffer: pdf('Work plan') });
    await docs.getByRole('button', { name: m.documents.upload }).nth(2).click();
    await expect(
      page.getByRole('table', { name: m.documents.versionsOf.replace('{{name}}', 'WORKPLAN') }),
    ).toBeVisible();
    await expect(page.getByTestId('documents-missing')).toHaveCount(0);

    // The first version downloads as it was sent.
    const download = page.waitForEvent('download');
    await proposal.getByRole('link', { name: m.documents.download.replace('{{name}}', 'proposal.pdf') }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('proposal.pdf');
    const body = await file.createReadStream().then(async (s) => {
      const chunks: Buffer[] = [];
      for await (const c of s) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    });
    expect(body.equals(pdf('Proposal v1'))).toBe(true);
    await checkPage(page, 'documents-application-attached');

    await page.getByRole('button', { name: m.appPage.submit }).click();
    await expect(page.getByText(m.application.status.SUBMITTED).first()).toBeVisible();
    // Submitted: the files stay listed, nothing more can be added.
    await expect(page.getByRole('button', { name: m.documents.upload })).toHaveCount(0);
  });

  test('the secretariat (in French) and a trustee read and download the documents', async ({ page }) => {
    await login(page, DEMO.secretariat, 'fr');
    await page.goto(`/secretariat/applications/${encodeURIComponent(applicationId)}`);
    const docs = page.getByRole('region', { name: fr.documents.applicationTitle });
    await expect(
      docs.getByRole('link', { name: fr.documents.download.replace('{{name}}', 'workplan.pdf') }),
    ).toBeVisible();
    await expect(docs.getByRole('button', { name: fr.documents.upload })).toHaveCount(0);
    const download = page.waitForEvent('download');
    await docs.getByRole('link', { name: fr.documents.download.replace('{{name}}', 'proposal-v2.pdf') }).click();
    expect((await download).suggestedFilename()).toBe('proposal-v2.pdf');
    await checkPage(page, 'documents-secretariat-fr');

    await page.context().clearCookies();
    await page.evaluate(() => localStorage.clear());
    await login(page, DEMO.trustees[0]!);
    await page.goto(`/board/applications/${encodeURIComponent(applicationId)}/review`);
    const board = page.getByRole('region', { name: en.documents.applicationTitle });
    await expect(
      board.getByRole('link', { name: en.documents.download.replace('{{name}}', 'workplan.pdf') }),
    ).toBeVisible();
    await checkPage(page, 'documents-board-review');
  });

  test("the grantee attaches its report's narrative; the audit file is asked for only on an audit report", async ({
    page,
  }) => {
    await recommend(applicationId, '30000.00');
    await fundCash('40000.00');
    const awardId = await boardApproves(applicationId);
    const report = (await awardState(awardId)).reports.find((r) => r.kind !== 'AUDIT')!;
    await login(page, DEMO.ngo);
    await page.goto(`/ngo/reports/${encodeURIComponent(report.id)}`);
    const docs = page.getByRole('region', { name: m.documents.reportTitle });
    await expect(docs.getByRole('heading', { name: m.documents.slot.REPORT_AUDIT_REPORT })).toBeVisible();
    // Not an audit report: nothing is flagged missing.
    await expect(docs.getByText(m.documents.missing)).toHaveCount(0);
    await page
      .getByLabel(m.documents.choose.replace('{{name}}', m.documents.slot.REPORT_NARRATIVE))
      .setInputFiles({ name: 'narrative.pdf', mimeType: 'application/pdf', buffer: pdf('Narrative') });
    await docs.getByRole('button', { name: m.documents.upload }).first().click();
    const table = page.getByRole('table', {
      name: m.documents.versionsOf.replace('{{name}}', m.documents.slot.REPORT_NARRATIVE),
    });
    await expect(
      table.getByRole('link', { name: m.documents.download.replace('{{name}}', 'narrative.pdf') }),
    ).toBeVisible();
    await checkPage(page, 'documents-report');
  });
});
