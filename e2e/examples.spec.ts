import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console.ts';

const listed = JSON.parse(readFileSync(join(import.meta.dirname, '../public/examples/examples.json'), 'utf8')) as {
  examples: { id: string; file: string; agree: boolean; bytes: number }[];
};

test('the bundled examples are small WebM clips, at least three where face and voice disagree', () => {
  expect(listed.examples.filter((e) => e.agree).length).toBeGreaterThanOrEqual(2);
  expect(listed.examples.filter((e) => !e.agree).length).toBeGreaterThanOrEqual(3);
  for (const e of listed.examples) {
    const bytes = readFileSync(join(import.meta.dirname, '../public/examples', e.file));
    expect(bytes.byteLength, e.file).toBe(e.bytes);
    expect(bytes.byteLength, e.file).toBeLessThanOrEqual(300_000);
    expect([...bytes.subarray(0, 4)], e.file).toEqual([0x1a, 0x45, 0xdf, 0xa3]); // EBML: a WebM file
  }
});

test('without a camera: an example where face and voice disagree plays through the replay path and says what was mixed', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  const examples = page.getByTestId('examples');
  await expect(examples.getByRole('button')).toHaveCount(listed.examples.length);
  await expect(page.getByTestId('examples-attribution')).toContainText('CREMA-D');
  await expect(page.getByTestId('examples-attribution')).toContainText('Open Database License');
  await page.getByTestId('example-neutral-face-angry-voice').click();
  await expect(page.getByTestId('clip-status')).toContainText('Replaying Example: Neutral face, angry voice');
  await expect(page.getByTestId('clip-note')).toHaveText(
    "Mixed: actor 1001's neutral face with actor 1002's angry reading of the same sentence.",
  );
  await expect(page.getByTestId('face-top')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('voice-card')).toContainText('1 utterance', { timeout: 20_000 });
  // Each example is a new speaker: the voice is read against the actor's own neutral sentence.
  await expect(page.getByTestId('voice-calibration')).toHaveText(
    "Calibrated on the actor's neutral sentence: the voice is read against their everyday voice.",
  );
  await expect(page.getByTestId('voice-calibrate')).toHaveCount(0);
  await expect(page.getByTestId('mi-panel').locator('li[data-modality]')).toHaveCount(2);
  await expect(page.getByTestId('verdict-migr')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-ended', 'true', { timeout: 20_000 });
  expect(errors).toEqual([]);
});

test('an example whose stream delivers nothing ends in a message within 10 s, and the landing is back', async ({
  page,
}) => {
  // Fault hook: a clip's captured stream is a canvas's that is never drawn (no frame, no sound).
  await page.addInitScript(() => {
    (HTMLMediaElement.prototype as HTMLMediaElement & { captureStream(): MediaStream }).captureStream = () =>
      document.createElement('canvas').captureStream(0);
  });
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  await page.getByTestId('example-neutral-face-angry-voice').click();
  await expect(page.getByTestId('clip-status')).toBeVisible({ timeout: 20_000 });
  const started = Date.now();
  await expect(page.getByTestId('media-notice')).toContainText(
    'could not be played (its picture did not reach the page within 6 s of playing)',
    { timeout: 10_000 },
  );
  expect(Date.now() - started).toBeLessThan(10_000);
  await expect(page.getByTestId('landing')).toBeVisible();
  await expect(page.getByTestId('start')).toBeEnabled();
});
