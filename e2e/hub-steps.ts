/** Steps the e2e tests share: the Lite models ready, Standard chosen, and what the hub cache holds. */
import { expect, type Page } from '@playwright/test';

/** The six Lite model rows, once the bundled models are loaded. */
export async function modelsReady(page: Page) {
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
}

/** The hub cache's files whose URL contains `part`, with their size. */
export const cachedFiles = (page: Page, part: string) =>
  page.evaluate(async (p) => {
    const cache = await caches.open('transformers-cache');
    const out: { url: string; bytes: number }[] = [];
    for (const request of await cache.keys()) {
      if (request.url.includes(p))
        out.push({ url: request.url, bytes: (await (await cache.match(request))!.arrayBuffer()).byteLength });
    }
    return out;
  }, part);

/**
 * Chooses Standard and waits for the speech models (a failure shows the page's error). Up to two minutes:
 * after a damaged cached copy the part loads twice (the failure, then a fresh worker and a new download),
 * which took 50 s to over 60 s on a busy 2-core CI machine. A correctness check, not a speed figure.
 */
export async function chooseStandard(page: Page) {
  await page.getByTestId('tier').selectOption('standard');
  const state = page.getByTestId('speech-state');
  await expect(state).toHaveAttribute('data-state', /ready|error/, { timeout: 120_000 });
  const errors = (await page.locator('[data-testid="model-error"]').allInnerTexts()).join(' | ');
  expect(await state.getAttribute('data-state'), errors).toBe('ready');
}
