import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/browser';
import { E2E_PORT } from './e2e/env';

/** The portal's end-to-end tests: the real server (built portal) on a fresh PostgreSQL database. */

export default defineConfig({
  testDir: 'e2e',
  testMatch: '*.spec.ts',
  // One browser and one server: the machine has two cores and the journeys share the database.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 240_000,
  // Generous: the machines that run CI are shared and slow; a healthy run takes a fraction of this.
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list']],
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    launchOptions: await chromiumLaunchOptions(),
    screenshot: 'only-on-failure',
    trace: 'off',
    locale: 'en-GB',
    timezoneId: 'UTC',
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
