import { readFileSync } from 'node:fs';
import type { BrowserContext } from '@playwright/test';
import { resolveHubPath } from '../scripts/tiny-models/hub-server.ts';
import { TINY_MODELS_DIR } from '../scripts/tiny-models/paths.ts';

/**
 * Answers requests to the real hub host from the tiny fixture families, so
 * the browser fetches real hub URLs (through the page's CSP) and gets the
 * stand-ins. Returns the list of hub paths requested.
 */
export async function routeHubToFixtures(context: BrowserContext): Promise<string[]> {
  const requested: string[] = [];
  await context.route('https://huggingface.co/**', async (route) => {
    const path = new URL(route.request().url()).pathname;
    requested.push(path.slice(1));
    const file = resolveHubPath(TINY_MODELS_DIR, path);
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
