import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console.ts';
import { goLive } from './session-export.ts';

/**
 * The optional voice calibration: "say a sentence in your everyday voice". The microphone plays one
 * sentence, once, then silence: asked for at the start, the sentence calibrates the speaker's reference
 * (and makes no window); asked for again, nothing is said, so it is refused with a message; Reset goes
 * back to the running reference.
 */
test('calibrating the voice on a sentence, refusing a calibration with no speech, and resetting it', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const errors = collectConsoleErrors(page);
  await goLive(page);
  const calibrate = page.getByTestId('voice-calibrate');
  await calibrate.click();
  const state = page.getByTestId('voice-calibration');
  await expect(state).toHaveAttribute('data-state', 'listening');
  await expect(state).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(state).toContainText(/Calibrated \(calibrated on a \d\.\d s sentence\)/);
  // The calibration sentence is the speaker's reference, not a reading.
  await expect(page.getByTestId('voice-card')).toContainText(' 0 utterances');
  await expect(calibrate).toHaveText('Calibrate again');

  await calibrate.click();
  await expect(state).toHaveAttribute('data-state', 'refused', { timeout: 15_000 });
  await expect(state).toContainText('No speech heard in 10 s: nothing was calibrated');

  await page.getByTestId('voice-calibration-reset').click();
  await expect(state).toHaveCount(0);
  await expect(calibrate).toHaveText('Calibrate: my everyday voice');
  expect(errors).toEqual([]);
});
