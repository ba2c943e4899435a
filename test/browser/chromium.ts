import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); RECTIFY_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.RECTIFY_CHROMIUM || '/usr/bin/chromium';

/** A headless Chromium with a fresh profile, and how to close it (removing the profile). */
export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches the system Chromium headless with a fresh profile. Fails (does not skip) when it is missing,
 * saying how to install it: the browser tests are part of the suite.
 */
export async function launchChromium(): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`browser tests: Chromium is missing at ${CHROMIUM}; install it with 'apt-get update && apt-get install -y chromium' (.ci/run does this), or set RECTIFY_CHROMIUM to a Chromium binary`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'rectify-chromium-'));
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args, acceptDownloads: true });
  let browser: Browser | null = context.browser();
  return {
    context,
    async close() {
      await context.close();
      await browser?.close();
      browser = null;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
