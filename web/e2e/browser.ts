import fs from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** Flags that keep a test browser from calling home (there is no network here). */
const QUIET = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The Chromium the tests drive: PLAYWRIGHT_CHROMIUM_EXECUTABLE when set (e.g. Debian's
 * chromium-headless-shell), else the binary that the npm package @sparticuz/chromium carries
 * (extracted to /tmp on first use). No browser is an error that says what to do, never a skip.
 */
export async function chromiumLaunchOptions(): Promise<LaunchOptions> {
  const override = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (override) {
    if (!fs.existsSync(override)) {
      throw new Error(
        `PLAYWRIGHT_CHROMIUM_EXECUTABLE=${override} does not exist. Unset it to use the Chromium of ` +
          '@sparticuz/chromium (npm ci installs it), or point it at a Chromium, e.g. ' +
          '/usr/lib/chromium/chromium-headless-shell from `apt-get install chromium-headless-shell`.',
      );
    }
    return { executablePath: override, args: QUIET };
  }
  let chromium: { executablePath(): Promise<string>; args: string[] };
  try {
    chromium = (await import('@sparticuz/chromium')).default;
  } catch (err) {
    throw new Error(
      'No browser for the portal tests: the npm package @sparticuz/chromium is missing. Run `npm ci` at the ' +
        'repository root (it installs the package and its Chromium), or set PLAYWRIGHT_CHROMIUM_EXECUTABLE ' +
        `to a Chromium binary. (${String(err)})`,
    );
  }
  const executablePath = await chromium.executablePath();
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `@sparticuz/chromium did not extract its browser to ${executablePath}. Check that /tmp is writable, ` +
        'run `npm ci` again, or set PLAYWRIGHT_CHROMIUM_EXECUTABLE to a Chromium binary.',
    );
  }
  // --single-process suits one page per Lambda; it cannot open a second browser context (one per test).
  const args = chromium.args.filter((a) => a !== '--single-process');
  return { executablePath, args: [...args, ...QUIET] };
}
