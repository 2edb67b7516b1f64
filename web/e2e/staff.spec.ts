import fs from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { en } from '../src/i18n/en';
import { fr } from '../src/i18n/fr';
import { secretariatEn } from '../src/features/secretariat/messages/en';
import { secretariatFr } from '../src/features/secretariat/messages/fr';
import { boardEn } from '../src/features/board/messages/en';
import { boardFr } from '../src/features/board/messages/fr';
import { auditEn } from '../src/features/audit/messages/en';
import { auditFr } from '../src/features/audit/messages/fr';
import { checkPage } from './a11y';
import { DEMO, openCall } from './api';
import { fundCash } from './ngo-api';
import { submittedApplication, trusteeApproves, trusteeReviews } from './staff-api';

/**
 * The fund's own people run a grant through the portal: the secretariat screens and recommends
 * from its inbox, trustees declare conflicts, score and vote (one is refused after declaring a
 * conflict), one secretariat member requests the first tranche and a second approves and pays it,
 * and the auditor finds every step in the trail and verifies the chain. Then the same screens in
 * French.
 */

type User = { email: string; password: string };
const m = { ...en, ...secretariatEn, ...boardEn, ...auditEn };
const mFr = { ...fr, ...secretariatFr, ...boardFr, ...auditFr };
const fill = (text: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((s, [k, v]) => s.replace(`{{${k}}}`, String(v)), text);

async function login(page: Page, user: User, lang = 'en') {
  await page.goto(`/login?lang=${lang}`);
  const t = lang === 'fr' ? mFr : m;
  await page.getByLabel(t.login.email).fill(user.email);
  await page.getByLabel(new RegExp(`^${t.login.password}`)).fill(user.password);
  await page.getByRole('button', { name: t.login.submit }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

test.describe.serial('the staff run a grant through the portal', () => {
  const suffix = Date.now().toString(36);
  const title = `Safe Harbour shelters (${suffix})`;
  const callTitle = `Direct assistance to survivors (staff ${suffix})`;
  let applicationId: string;
  let awardPath: string;

  test.beforeAll(async () => {
    const callId = await openCall(callTitle);
    await fundCash('200000.00');
    applicationId = await submittedApplication(callId, title);
  });

  test('the secretariat finds the application in its inbox and screens it', async ({ page }) => {
    await login(page, DEMO.secretariat);
    await page.getByRole('navigation').getByRole('link', { name: m.staffNav.inbox }).click();
    await expect(page.getByRole('heading', { level: 1, name: m.inbox.title })).toBeVisible();
    const toScreen = page.getByTestId('inbox-APPLICATION_TO_SCREEN');
    await expect(toScreen.getByRole('heading', { name: m.inbox.kind.APPLICATION_TO_SCREEN })).toBeVisible();
    await expect(page.getByTestId('fund-available')).toBeVisible();
    await checkPage(page, 'staff-inbox');

    await toScreen.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    const record = page.getByRole('button', { name: m.secApp.screenSubmit });
    await expect(record).toBeDisabled();
    await page.getByRole('radio', { name: m.secApp.passes }).check();
    await page.getByLabel(fill(m.secApp.ruleComment, { rule: 'Registered non-profit' })).fill('Certificate checked.');
    await checkPage(page, 'staff-screening');
    await record.click();
    await expect(page.getByText(m.application.status.ELIGIBLE, { exact: true })).toBeVisible();
    await expect(page.getByText(/Registered non-profit: passes/)).toBeVisible();
  });

  test('a trustee confirms no conflict and scores with the rubric; another declares a conflict', async ({ page }) => {
    await login(page, DEMO.trustees[0]!);
    await page.getByRole('navigation').getByRole('link', { name: m.staffNav.board }).click();
    await page.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { level: 2, name: m.review.conflictTitle })).toBeVisible();
    // No scores before the declaration.
    await expect(page.getByRole('heading', { name: m.review.rubricTitle })).toHaveCount(0);
    await checkPage(page, 'staff-conflict-declaration');
    await page.getByRole('button', { name: m.review.noConflict }).click();
    await expect(page.getByText(m.review.confirmed)).toBeVisible();
    await page.getByLabel(fill(m.review.criterion, { label: 'Relevance to victims', weight: 60 })).fill('8');
    await expect(page.getByTestId('weighted-total')).toHaveText(m.review.totalPending);
    await page.getByLabel(fill(m.review.criterion, { label: 'Organisational capacity', weight: 40 })).fill('7');
    await expect(page.getByTestId('weighted-total')).toHaveText(fill(m.review.total, { total: '7.6' }));
    await page.getByLabel(m.review.comment).fill('Strong local partners; the shelter budget is realistic.');
    await checkPage(page, 'staff-review');
    await page.getByRole('button', { name: m.review.submit }).click();
    await expect(page.getByText(m.review.saved)).toBeVisible();

    // Trustee 4 sits on the applicant's advisory council.
    await login(page, DEMO.trustees[3]!);
    await page.goto(`/board/applications/${encodeURIComponent(applicationId)}/review`);
    await page.getByRole('button', { name: m.review.haveConflict }).click();
    await page.getByLabel(m.review.nature).fill('I sit on the applicant’s advisory council.');
    await page.getByRole('button', { name: m.review.declare }).click();
    await expect(page.getByText(m.review.conflictedTitle)).toBeVisible();
    await expect(page.getByText(m.errors.CONFLICT_OF_INTEREST)).toBeVisible();
    await expect(page.getByRole('heading', { name: m.review.rubricTitle })).toHaveCount(0);
    await trusteeReviews(2, applicationId);
  });

  test('the secretariat recommends, seeing the envelope left and the money available', async ({ page }) => {
    await login(page, DEMO.secretariat);
    // The call's table of applications, exported as CSV.
    await page.getByRole('navigation').getByRole('link', { name: m.staffNav.calls }).click();
    await page.getByRole('link', { name: callTitle }).click();
    await expect(page.getByRole('cell', { name: title })).toBeVisible();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: m.calls.csv }).click(),
    ]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'application_id,project_title,organization,status,requested_amount,currency,submitted_at',
    );
    expect(csv).toContain(`${applicationId},${title},Safe Harbour Network,UNDER_REVIEW,30000.00,USD,`);
    await page.getByRole('link', { name: title }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText(fill(m.secApp.reviewLine, { name: 'Tara Trustee', total: '7.6' }))).toBeVisible();
    await expect(page.getByTestId('envelope')).toContainText(m.secApp.remainingEnvelope);
    await expect(page.getByTestId('fund-available')).toBeVisible();
    const amount = page.getByLabel(fill(m.secApp.proposedAmount, { currency: 'USD' }));
    await amount.fill('31000');
    await expect(page.getByText(m.secApp.aboveRequested)).toBeVisible();
    await expect(page.getByRole('button', { name: m.secApp.recommendSubmit })).toBeDisabled();
    await amount.fill('28000.00');
    await expect(page.getByTestId('envelope')).toContainText(/After this award/);
    await page.getByLabel(m.secApp.recommendComment).fill('Recommended at 28,000: the vehicle line is not eligible.');
    await checkPage(page, 'staff-recommendation');
    await page.getByRole('button', { name: m.secApp.recommendSubmit }).click();
    await expect(page.getByText(m.application.status.RECOMMENDED, { exact: true })).toBeVisible();
  });

  test('trustees vote with the tally in view; the conflicted trustee is refused with the reason', async ({ page }) => {
    const votePath = `/board/applications/${encodeURIComponent(applicationId)}/vote`;
    await login(page, DEMO.trustees[0]!);
    await page.goto(votePath);
    await expect(page.getByTestId('tally')).toContainText(
      fill(m.vote.tally, { approvals: 0, rejections: 0, abstentions: 0 }),
    );
    await expect(page.getByTestId('tally')).toContainText(/3 approvals, among the 4 of 5 trustees/);
    await page.getByRole('radio', { name: m.vote.choice.APPROVE }).check();
    await page.getByLabel(m.vote.reason).fill('Strong reviews, within the envelope.');
    await page.getByRole('button', { name: m.vote.cast }).click();
    await expect(page.getByTestId('tally')).toContainText(
      fill(m.vote.tally, { approvals: 1, rejections: 0, abstentions: 0 }),
    );
    await expect(page.getByRole('button', { name: m.vote.cast })).toBeDisabled();
    await expect(page.getByText(m.errors.ALREADY_VOTED)).toBeVisible();
    await checkPage(page, 'staff-voting-cast');

    await trusteeApproves(2, applicationId);
    await login(page, DEMO.trustees[3]!);
    await page.goto(votePath);
    await expect(page.getByTestId('reviews-refused')).toBeVisible();
    const refused = page.getByRole('button', { name: m.vote.cast });
    await expect(refused).toBeDisabled();
    await expect(refused).toHaveAccessibleDescription(m.errors.CONFLICT_OF_INTEREST);
    await checkPage(page, 'staff-voting-conflicted');

    await login(page, DEMO.trustees[2]!);
    await page.goto(votePath);
    await page.getByRole('radio', { name: m.vote.choice.APPROVE }).check();
    await page.getByLabel(m.vote.reason).fill('Agree with the recommendation.');
    await expect(page.getByTestId('tally')).toContainText(
      fill(m.vote.tally, { approvals: 2, rejections: 0, abstentions: 0 }),
    );
    await checkPage(page, 'staff-voting');
    await page.getByRole('button', { name: m.vote.cast }).click();
    await expect(page.getByTestId('award-created')).toContainText(/28,000\.00/);
  });

  test('one secretariat member requests the first tranche, a second approves and pays it', async ({ page }) => {
    await login(page, DEMO.secretariat);
    await page.goto('/secretariat');
    const toRequest = page.getByTestId('inbox-TRANCHE_TO_REQUEST');
    await toRequest.getByRole('link', { name: title }).first().click();
    await expect(page.getByRole('heading', { level: 2, name: m.disb.tranches, exact: true })).toBeVisible();
    awardPath = new URL(page.url()).pathname;
    const first = page.getByTestId('tranche-1');
    await first.getByRole('button', { name: m.disb.request }).click();
    await expect(first).toContainText(m.disb.status.REQUESTED);
    await expect(page.getByTestId('four-eyes-1')).toContainText(/Requested by Sam Secretariat/);
    await expect(page.getByTestId('four-eyes-1')).toContainText(fill(m.disb.mayApprove, { name: 'Sam Secretariat' }));
    // Nobody approves what they requested: the button says why.
    const approve = first.getByRole('button', { name: m.disb.approve });
    await expect(approve).toBeDisabled();
    await expect(approve).toHaveAccessibleDescription(m.errors.SEPARATION_OF_DUTIES);
    await checkPage(page, 'staff-tranche-requested');

    await login(page, DEMO.secretariat2);
    await page.goto('/secretariat');
    await page.getByTestId('inbox-TRANCHE_TO_APPROVE').getByRole('link', { name: title }).first().click();
    await page.getByTestId('tranche-1').getByRole('button', { name: m.disb.approve }).click();
    await expect(page.getByTestId('four-eyes-1')).toContainText(/Approved by Sofia Secretariat/);
    await page.getByTestId('tranche-1').getByLabel(m.disb.reference).fill(`FT-${suffix}`);
    await checkPage(page, 'staff-tranche-approved');
    await page.getByTestId('tranche-1').getByRole('button', { name: m.disb.pay }).click();
    await expect(page.getByTestId('tranche-1')).toContainText(m.disb.status.PAID);
    await expect(page.getByTestId('four-eyes-1')).toContainText(/Paid by Sofia Secretariat/);
  });

  test('the auditor finds every step in the trail and verifies the chain', async ({ page }) => {
    await login(page, DEMO.auditor);
    await page.getByRole('navigation').getByRole('link', { name: m.staffNav.audit }).click();
    await expect(page.getByRole('heading', { level: 1, name: m.audit.title })).toBeVisible();
    await page.getByRole('button', { name: m.audit.verify }).click();
    await expect(page.getByTestId('verification')).toContainText(m.audit.chainOk);

    await page.getByLabel(m.audit.entityType).selectOption('Tranche');
    await page.getByRole('button', { name: m.audit.apply }).click();
    await expect(page.getByRole('cell', { name: 'tranche.approve', exact: true }).first()).toBeVisible();
    await expect(page.getByRole('cell', { name: 'tranche.pay', exact: true }).first()).toBeVisible();
    // The approval's changes, before and after.
    const approval = page.getByRole('row').filter({ hasText: 'tranche.approve' }).first();
    await approval.getByText(m.audit.showChanges, { exact: true }).click();
    await expect(approval.getByRole('cell', { name: 'APPROVED', exact: true })).toBeVisible();
    await checkPage(page, 'staff-audit-explorer');

    // The application's whole history: screening, conflict, reviews, recommendation, votes, award.
    await page.goto(`/audit/history/${encodeURIComponent(applicationId)}`);
    for (const action of [
      'application.screen',
      'conflict.declare',
      'review.submit',
      'application.recommend',
      'board_vote.cast',
      'application.award',
    ]) {
      await expect(page.getByTestId(`history-${action}`).first()).toBeVisible();
    }
    await expect(
      page.getByTestId('history-tranche.approve').first().getByRole('cell', { name: 'APPROVED' }),
    ).toBeVisible();
    await checkPage(page, 'staff-audit-history');
    void awardPath;
  });

  test('in French: the inbox, a refused vote and the audit explorer', async ({ page }) => {
    await login(page, DEMO.secretariat, 'fr');
    await page.goto('/secretariat?lang=fr');
    await expect(page.getByRole('heading', { level: 1, name: mFr.inbox.title })).toBeVisible();
    await expect(page.getByRole('heading', { name: mFr.inbox.kind.TRANCHE_TO_PAY })).toBeVisible();
    await checkPage(page, 'staff-fr-inbox');
    await page.goto(`${awardPath}?lang=fr`);
    await expect(page.getByRole('heading', { level: 2, name: mFr.disb.tranches, exact: true })).toBeVisible();
    await checkPage(page, 'staff-fr-disbursement');

    await login(page, DEMO.trustees[3]!, 'fr');
    await page.goto(`/board/applications/${encodeURIComponent(applicationId)}/vote?lang=fr`);
    await expect(page.getByRole('heading', { level: 2, name: mFr.vote.castTitle })).toBeVisible();
    await expect(page.getByRole('button', { name: mFr.vote.cast })).toBeDisabled();
    await checkPage(page, 'staff-fr-vote-refused');

    await login(page, DEMO.auditor, 'fr');
    await page.goto('/audit?lang=fr');
    await page.getByRole('button', { name: mFr.audit.verify }).click();
    await expect(page.getByTestId('verification')).toContainText(mFr.audit.chainOk);
    await checkPage(page, 'staff-fr-audit');
  });
});
