import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console.ts';
import { goLive, spokenWindows } from './session-export.ts';

/** Nothing shown anywhere: a calm face and neutral sentences fuse to neutral (a display is needed to leave it). */
test('a calm face with neutral sentences: every window fuses to neutral', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await goLive(page);
  const spoken = await spokenWindows(page, 2);
  await expect(page.getByTestId('fused')).toContainText('NEUTRAL');
  await expect(page.getByTestId('absence')).toHaveCount(0);
  for (const { window: w, line } of spoken) {
    console.info(`calm face, neutral voice: ${line}`);
    expect(w.prediction, line).toBe('neutral');
  }
  expect(errors).toEqual([]);
});
