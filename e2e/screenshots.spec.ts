import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * The README's pictures, taken on the fixture media (the fake camera and microphone play the CREMA-D clip;
 * the examples are the bundled ones). Every run checks them; `npm run screenshots` writes them to
 * docs/screenshots/, where the README shows them (otherwise they go to this test's output folder).
 */
const OUT = process.env.UPDATE_SCREENSHOTS ? join(import.meta.dirname, '../docs/screenshots') : null;

async function shoot(page: Page, name: string, target?: Locator): Promise<void> {
  const path = OUT ? join(OUT, `${name}.jpg`) : test.info().outputPath(`${name}.jpg`);
  mkdirSync(join(path, '..'), { recursive: true });
  await (target ?? page).screenshot({
    path,
    type: 'jpeg',
    quality: 80,
    animations: 'disabled',
    ...(target ? {} : { fullPage: false }),
  });
  const bytes = readFileSync(path);
  expect([...bytes.subarray(0, 3)], name).toEqual([0xff, 0xd8, 0xff]); // a JPEG
  expect(bytes.byteLength, name).toBeGreaterThan(10_000);
}

test('screenshots for the README: the landing, the live view, the compare view, the timeline and what if', async ({
  page,
}) => {
  test.setTimeout(45_000 + 45_000 + 2 * 60_000 + 30_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  await expect(page.getByTestId('tier-card-lite')).toHaveAttribute('data-runs', 'true');
  await shoot(page, 'landing');

  // Live: the fake camera and microphone play the CREMA-D clip; one utterance makes a window.
  await page.getByTestId('start').click();
  await expect(page.getByTestId('verdict-migr')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('face-top')).toBeVisible();
  await shoot(page, 'live');
  // The timeline after two examples where face and voice disagree, the first of them reviewed.
  await page.getByTestId('stop-camera').click();
  for (const [id, windows] of [
    ['neutral-face-angry-voice', 2],
    ['happy-face-sad-voice', 3],
  ] as const) {
    await page.getByTestId(`example-${id}`).click();
    await expect(page.getByTestId('timeline-window')).toHaveCount(windows, { timeout: 30_000 });
    await expect(page.getByTestId('clip-status')).toHaveAttribute('data-ended', 'true', { timeout: 20_000 });
    if (windows === 2) await page.getByRole('button', { name: 'Back', exact: true }).click();
  }
  await page.getByTestId('timeline-window').nth(1).click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-reviewing', 'true');
  await shoot(page, 'timeline', page.getByTestId('timeline'));

  // Compare, on that window (the voice carries most of it): the MI-ordered and the visual-first explanations
  // side by side, with the verifier's verdicts.
  await page.getByTestId('view-both').click();
  await expect(page.getByTestId('verdict-visual-first')).toBeVisible();
  await shoot(page, 'compare', page.getByTestId('explanation'));

  // What if? On the same window (neutral face, angry voice): the voice left out.
  await page.getByTestId('what-if-voice').check();
  await expect(page.getByTestId('what-if-summary')).toHaveAttribute('data-dominant', 'face');
  await shoot(page, 'what-if', page.getByTestId('what-if'));
  await shoot(page, 'va-plane', page.getByTestId('va-plane'));
});
