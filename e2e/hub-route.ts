import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { resolveHubPath } from '../scripts/tiny-models/hub-server.ts';
import { TINY_MODELS_DIR } from '../scripts/tiny-models/paths.ts';

/**
 * Answers requests to the real hub host from the tiny fixture families, so
 * the browser fetches real hub URLs (through the page's CSP) and gets the
 * stand-ins. Returns the list of hub paths requested. With `only` (hub
 * repositories), every other repository answers 404 at once: a test of one
 * hub part does not wait while the tier's other parts load beside it.
 */
export async function routeHubToFixtures(
  context: BrowserContext,
  only: readonly string[] | null = null,
): Promise<string[]> {
  const requested: string[] = [];
  await context.route('https://huggingface.co/**', async (route) => {
    const path = new URL(route.request().url()).pathname;
    requested.push(path.slice(1));
    const wanted = only === null || only.some((repo) => path.startsWith(`/${repo}/`));
    const file = wanted ? resolveHubPath(TINY_MODELS_DIR, path) : null;
    if (!file) {
      await route.fulfill({ status: 404, body: 'Entry not found' });
      return;
    }
    await route.fulfill({
      status: 200,
      body: readFileSync(file),
      headers: { 'content-type': 'application/octet-stream', 'access-control-allow-origin': '*' },
    });
  });
  return requested;
}

/** The e2e harness page (e2e/harness/), with the hub routed to the stand-ins; the hub paths requested. */
export async function harnessWithHub(page: Page): Promise<string[]> {
  const requested = await routeHubToFixtures(page.context());
  await page.goto('/e2e/harness/index.html');
  await page.waitForFunction(() => 'harness' in globalThis);
  return requested;
}
