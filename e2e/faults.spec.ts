/**
 * Faults a visitor's browser brings mid-session (#15): each gets a plain message and a way back.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolveHubPath } from '../scripts/tiny-models/hub-server.ts';
import { TINY_MODELS_DIR } from '../scripts/tiny-models/paths.ts';
import { routeHubToFixtures } from './hub-route.ts';
import { cachedFiles, chooseStandard, modelsReady } from './hub-steps.ts';

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
  page.evaluate(() =>
    (window as unknown as { attendFirstFaults: { loseGpu(w: string): Promise<boolean> } }).attendFirstFaults.loseGpu(
      'vision',
    ),
  );

test('with ?webgpu=software the face models run on WebGPU (voice activity stays on WASM); a lost device rebuilds them (WebGPU again, then WASM after a second loss), and the face is read again', async ({
  page,
}) => {
  // The face models are compiled and warmed up three times: twice on SwiftShader (on the CPU), then on WASM.
  test.setTimeout(180_000);
  await page.goto('/?webgpu=software');
  await expect(page.getByTestId('backend-summary')).toContainText('WebGPU ✓');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 120_000 });
  const expression = page.locator('tr[data-model="face-expression"]');
  await expect(expression).toHaveAttribute('data-device', 'webgpu');
  const vad = page.locator('tr[data-model="silero-vad-v5"]');
  await expect(vad).toHaveAttribute('data-device', 'wasm');
  await expect(vad).toContainText('kept on WASM');
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

test('a damaged cached hub file: its cached copies are dropped, downloaded again once, and the page says so', async ({
  page,
}) => {
  test.setTimeout(4 * 60_000);
  // The speech part alone is under test: the tier's other hub parts fail at once rather than load beside it.
  await routeHubToFixtures(page.context(), [
    'onnx-community/moonshine-base-ONNX',
    'SamLowe/roberta-base-go_emotions-onnx',
  ]);
  await page.goto('/');
  await modelsReady(page);
  await chooseStandard(page);
  const text = 'roberta-base-go_emotions-onnx';
  const good = (await cachedFiles(page, text)).filter((f) => f.url.endsWith('.onnx'));
  expect(good.length).toBeGreaterThan(0);
  // What a disk error or an interrupted write leaves: the text-emotion model's cached weights are garbage.
  await page.evaluate(
    async (urls) => {
      const cache = await caches.open('transformers-cache');
      for (const url of urls) await cache.put(url, new Response('not an ONNX graph'));
    },
    good.map((f) => f.url),
  );

  await page.reload();
  await modelsReady(page);
  await chooseStandard(page);
  const notice = page.getByTestId('speech-notice');
  await expect(notice).toContainText('A cached copy of RoBERTa');
  await expect(notice).toContainText('dropped and downloaded again');
  await expect(page.locator('[data-testid="model-error"][data-group="speech"]')).toHaveCount(0);
  const again = (await cachedFiles(page, text)).filter((f) => f.url.endsWith('.onnx'));
  expect(again.map((f) => f.bytes)).toEqual(good.map((f) => f.bytes));
});

test('a hub download that does not match its recorded sha256 fails naming the file, and is not kept', async ({
  page,
}) => {
  test.setTimeout(3 * 60_000);
  await routeHubToFixtures(page.context());
  // The host serves an altered copy of the text-emotion model's weights (one byte flipped).
  await page
    .context()
    .route('https://huggingface.co/SamLowe/roberta-base-go_emotions-onnx/resolve/*/onnx/*.onnx', async (route) => {
      const body = readFileSync(resolveHubPath(TINY_MODELS_DIR, new URL(route.request().url()).pathname)!);
      body[body.length >> 1] = (body[body.length >> 1] ?? 0) ^ 0xff;
      await route.fulfill({
        status: 200,
        body,
        headers: { 'content-type': 'application/octet-stream', 'access-control-allow-origin': '*' },
      });
    });
  await page.goto('/');
  await modelsReady(page);
  await page.getByTestId('tier').selectOption('standard');
  const error = page.locator('[data-testid="model-error"][data-group="speech"]');
  await expect(error).toContainText('RoBERTa', { timeout: 60_000 });
  await expect(error).toContainText(
    /onnx\/model_quantized\.onnx failed its integrity check \(sha256 [0-9a-f]{12}…, expected [0-9a-f]{12}…\); the download was not kept/,
  );
  expect(
    await cachedFiles(page, 'roberta-base-go_emotions-onnx/resolve/').then((f) =>
      f.filter((x) => x.url.endsWith('.onnx')),
    ),
  ).toEqual([]);
  await expect(page.getByTestId('explainer-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 }); // the other parts load
});

test('a lost WebGPU device under a hub model: it is loaded again in a new worker, and the page says so', async ({
  page,
}) => {
  test.setTimeout(4 * 60_000);
  // The face model alone is under test: the tier's other hub parts fail at once rather than load beside it.
  await routeHubToFixtures(page.context(), ['Xenova/facial_emotions_image_detection']);
  await page.goto('/?webgpu=software');
  await modelsReady(page);
  await page.getByTestId('start').click();
  await page.getByTestId('tier').selectOption('standard');
  const faceModel = page.getByTestId('face-model');
  await expect(faceModel).toHaveText('Standard: ViT (hub)', { timeout: 90_000 });
  const lost = await page.evaluate(() =>
    (
      window as unknown as { attendFirstFaults: { loseHubGpu(p: string): Promise<boolean> } }
    ).attendFirstFaults.loseHubGpu('standard'),
  );
  expect(lost).toBe(true); // the ViT model ran on WebGPU: its worker's device is destroyed
  const notice = page.getByTestId('standard-face-notice');
  await expect(notice).toContainText('The graphics device was lost', { timeout: 90_000 });
  await expect(notice).toContainText('these models were loaded again');
  await expect(faceModel).toHaveText('Standard: ViT (hub)');
  // The face is read again by the reloaded model: fresh readings after the reload, not the last one left on screen.
  const reads = () => page.getByTestId('face-card').getAttribute('data-standard-reads').then(Number);
  const afterReload = await reads();
  await expect.poll(reads, { timeout: 60_000 }).toBeGreaterThan(afterReload + 2);
  await expect(page.locator('[data-testid="model-error"][data-group="standard-face"]')).toHaveCount(0);
});
