import { expect, test } from '@playwright/test';
import { routeHubToFixtures } from './hub-route.ts';

test('the Standard tier loads the ViT face model from the hub (routed to its stand-in) and reads the live face with it', async ({ page }) => {
  const requested = await routeHubToFixtures(page.context());
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(5, { timeout: 45_000 });
  await page.getByTestId('start').click();
  await expect(page.getByTestId('face-model')).toHaveText('Lite: face-api expression', { timeout: 10_000 });
  await page.getByTestId('tier').selectOption('standard');
  await expect(page.getByTestId('face-model')).toHaveText('Standard: ViT (hub)', { timeout: 30_000 });
  expect(requested.some((p) => /^Xenova\/facial_emotions_image_detection\/resolve\/[0-9a-f]{40}\/onnx\/model_quantized\.onnx$/.test(p))).toBe(true);
  const values = await page.getByTestId('face-card').locator('li[data-emotion]').evaluateAll((li) => li.map((x) => Number(x.getAttribute('data-p'))));
  expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 1);
  // Back to Lite: the bundled model reads the face again.
  await page.getByTestId('tier').selectOption('lite');
  await expect(page.getByTestId('face-model')).toHaveText('Lite: face-api expression');
});

test('without the hub, choosing Standard says so and the page stays on Lite', async ({ page }) => {
  await page.context().route('https://huggingface.co/**', (route) => route.abort('internetdisconnected'));
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(5, { timeout: 45_000 });
  await page.getByTestId('start').click();
  await page.getByTestId('tier').selectOption('standard');
  await expect(page.getByTestId('model-error')).toContainText('could not be loaded from the Hugging Face hub', { timeout: 30_000 });
  await expect(page.getByTestId('model-error')).toContainText('Staying on Lite');
  await expect(page.getByTestId('tier')).toHaveValue('lite');
  await expect(page.getByTestId('face-top')).toBeVisible();
});
