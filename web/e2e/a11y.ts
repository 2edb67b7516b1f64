import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** Screenshots of every checked screen, for people to look at (git-ignored). */
export const SCREENSHOTS = path.resolve(import.meta.dirname, '..', 'e2e-screenshots');

/**
 * The page passes axe's WCAG 2.0/2.1 A and AA rules, and a full-page screenshot is saved under
 * web/e2e-screenshots/<name>.png.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const violations = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
  }));
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // From the top: a page scrolled by the journey draws its fixed header in the middle of a full-page shot.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  expect(violations, `accessibility violations on ${name}`).toEqual([]);
}
