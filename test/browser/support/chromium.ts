import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium (override with CONVTRACE_CHROMIUM). */
export const CHROMIUM = process.env.CONVTRACE_CHROMIUM ?? '/usr/bin/chromium';
/** Under CI a missing chromium fails the browser tests instead of skipping them. */
export const IS_CI = process.env.CI === 'true' || process.env.CI === '1';

/** Whether the chromium binary is there. */
export function chromiumAvailable(): boolean {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A headless Chromium page with a throwaway profile; `close` removes both. */
export async function openBrowser(
  viewport = { width: 1440, height: 900 },
): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  if (!chromiumAvailable()) throw new Error(`chromium missing at ${CHROMIUM}: apt-get install -y chromium`);
  const profile = await mkdtemp(join(tmpdir(), 'convtrace-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await context.newPage();
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
