import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console.ts';

test('without a WebGPU adapter, the page says so and runs every model on WASM', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  const status = page.getByTestId('webgpu-status');
  await expect(status).toHaveAttribute('data-available', 'false');
  await expect(status).toContainText('Models run on WASM');
  await expect(page.getByTestId('backend-summary')).toContainText('WebGPU ✗');
  const rows = page.getByTestId('model-backends').locator('tr[data-model]');
  await expect(rows).toHaveCount(6, { timeout: 45_000 });
  await expect(page.locator('tr[data-device="webgpu"]')).toHaveCount(0);
  await expect(page.locator('tr[data-model="face-expression"]')).toContainText('no WebGPU adapter');
  await expect(page.getByTestId('omni-offer')).toContainText('not offered: it needs WebGPU');
  await expect(page.getByTestId('tier').locator('option[value="omni"]')).toBeDisabled();
  expect(errors).toEqual([]);
});
