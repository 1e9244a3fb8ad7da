/**
 * Faults a visitor's browser brings mid-session (#15): each gets a plain message and a way back.
 */
import { expect, test, type Page } from '@playwright/test';

async function modelsReady(page: Page) {
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
}

/**
 * Headless Chromium keeps every tab visible (a second tab brought to the front, or a minimised window,
 * leave `document.visibilityState` at 'visible'), so the test sets what the browser would and fires its event.
 */
async function setHidden(page: Page, hidden: boolean) {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

const windowsMade = (page: Page) => page.getByTestId('explanation').getAttribute('data-windows').then(Number);

test('a hidden tab pauses the windows and says so; shown again, they resume', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/');
  await modelsReady(page);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('face-top')).toBeVisible({ timeout: 10_000 });
  await setHidden(page, true);
  await expect(page.getByTestId('paused')).toContainText('this tab is hidden');
  const before = await windowsMade(page);
  await page.waitForTimeout(20_000); // longer than the wait before a face-only window
  expect(await windowsMade(page)).toBe(before);
  await setHidden(page, false);
  await expect(page.getByTestId('paused')).toHaveCount(0);
  await expect(page.getByTestId('resumed')).toContainText(/Resumed after \d+ s in a hidden tab/);
  await expect.poll(() => windowsMade(page), { timeout: 30_000 }).toBeGreaterThan(before);
  await expect(page.getByTestId('resumed')).toHaveCount(0);
});

const loseGpu = (page: Page) =>
  page.evaluate(() => (window as unknown as { attendFirstFaults: { loseGpu(w: string): Promise<boolean> } }).attendFirstFaults.loseGpu('vision'));

test('a lost WebGPU device: the face models are rebuilt (WebGPU again, then WASM after a second loss), and the face is read again', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/?webgpu=software');
  await modelsReady(page);
  const expression = page.locator('tr[data-model="face-expression"]');
  await expect(expression).toHaveAttribute('data-device', 'webgpu');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('face-top')).toBeVisible({ timeout: 15_000 });

  expect(await loseGpu(page)).toBe(true); // test hook: the vision worker destroys its device
  const notice = page.getByTestId('model-notice');
  await expect(notice).toContainText('The graphics device was lost');
  await expect(notice).toContainText('the vision models were restarted on WebGPU', { timeout: 60_000 });
  await expect(page.getByTestId('face-top')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('face-speed')).not.toContainText('0 frames/s');
  await expect(page.getByTestId('model-error')).toHaveCount(0);

  expect(await loseGpu(page)).toBe(true);
  await expect(notice).toContainText('the vision models were restarted on WASM', { timeout: 60_000 });
  await expect(expression).toHaveAttribute('data-device', 'wasm');
  await expect(expression).toContainText('lost twice');
  await expect(page.getByTestId('face-top')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('face-speed')).not.toContainText('0 frames/s');
  expect(await loseGpu(page)).toBe(false); // nothing left on WebGPU
});
