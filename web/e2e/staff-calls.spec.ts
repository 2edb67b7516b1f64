import { expect, test } from '@playwright/test';
import { en } from '../src/i18n/en';
import { secretariatEn } from '../src/features/secretariat/messages/en';
import { checkPage } from './a11y';
import { DEMO } from './api';

/** The secretariat writes a call (rubric weights that must make 100 %), opens it and edits it. */

const m = { ...en, ...secretariatEn };
const fill = (text: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((s, [k, v]) => s.replace(`{{${k}}}`, String(v)), text);
const local = (d: Date) => d.toISOString().slice(0, 16); // the browser runs in UTC

test('the secretariat creates a call, is held to weights of 100 %, opens it and edits it', async ({ page }) => {
  const title = `Reintegration grants (${Date.now().toString(36)})`;
  await page.goto('/login');
  await page.getByLabel(m.login.email).fill(DEMO.secretariat.email);
  await page.getByLabel(new RegExp(`^${m.login.password}`)).fill(DEMO.secretariat.password);
  await page.getByRole('button', { name: m.login.submit }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await page.getByRole('navigation').getByRole('link', { name: m.staffNav.calls }).click();
  await expect(page.getByRole('heading', { level: 1, name: m.calls.title })).toBeVisible();
  await checkPage(page, 'staff-calls');
  await page.getByRole('link', { name: m.calls.new }).click();

  await page.getByLabel(m.calls.field.title).fill(title);
  await page.getByLabel(m.calls.field.description).fill('Vocational training and small grants for survivors.');
  await page.getByLabel(fill(m.calls.field.minAward, { currency: 'USD' })).fill('5000');
  await page.getByLabel(fill(m.calls.field.maxAward, { currency: 'USD' })).fill('40000');
  await page.getByLabel(fill(m.calls.field.envelope, { currency: 'USD' })).fill('30000');
  await expect(page.getByText(m.calls.problem.envelopeBelowMax)).toBeVisible();
  await page.getByLabel(fill(m.calls.field.envelope, { currency: 'USD' })).fill('400000');
  await page.getByLabel(m.calls.field.opensAt).fill(local(new Date(Date.now() - 3_600_000)));
  await page.getByLabel(m.calls.field.closesAt).fill(local(new Date(Date.now() + 30 * 86_400_000)));
  await page.getByLabel(fill(m.calls.criterionOf, { n: 1 }), { exact: true }).fill('Relevance to victims');
  await page.getByLabel(fill(m.calls.weightOf, { n: 1 })).fill('60');
  await page.getByLabel(fill(m.calls.criterionOf, { n: 2 }), { exact: true }).fill('Organisational capacity');
  await page.getByLabel(fill(m.calls.weightOf, { n: 2 })).fill('30');
  // 90 %: said at once, and the call cannot be created.
  await expect(page.getByTestId('weight-sum')).toHaveText(fill(m.calls.weightSum, { sum: 90 }));
  const create = page.getByRole('button', { name: m.calls.create });
  await expect(create).toBeDisabled();
  await page.getByLabel(fill(m.calls.weightOf, { n: 2 })).fill('40');
  await expect(page.getByTestId('weight-sum')).toHaveText(fill(m.calls.weightSum, { sum: 100 }));
  await page.getByRole('button', { name: m.calls.addRule }).click();
  await page.getByLabel(fill(m.calls.ruleOf, { n: 1 }), { exact: true }).fill('Registered non-profit');
  await checkPage(page, 'staff-call-new');
  await create.click();

  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByTestId('call-status')).toHaveText(m.calls.status.DRAFT);
  // Deciding is refused with its reason while the call is a draft.
  await expect(page.getByRole('button', { name: m.calls.move.markDecided })).toBeDisabled();
  await page.getByRole('button', { name: m.calls.move.open }).click();
  await expect(page.getByTestId('call-status')).toHaveText(m.calls.status.OPEN);
  await expect(page.getByRole('button', { name: m.calls.move.open })).toBeDisabled();

  await page
    .getByLabel(m.calls.field.description)
    .fill('Vocational training, small grants and mentoring for survivors.');
  await page.getByRole('button', { name: m.calls.save }).click();
  await expect(page.getByText(m.calls.saved)).toBeVisible();
  await checkPage(page, 'staff-call-open');
});
