import { expect, test } from '@playwright/test';

test('with camera and microphone denied, the page says what happened and how to fix it', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('start').click();
  const notice = page.getByTestId('media-notice');
  await expect(notice).toContainText('Camera blocked.');
  await expect(notice).toContainText('Microphone blocked.');
  await expect(notice).toContainText('Allow the camera in the address bar');
  await expect(notice.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(page.getByTestId('camera-video')).toHaveCount(0);
  // The rest of the app stays usable: the models still load.
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
});
