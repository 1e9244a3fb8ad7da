import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console.ts';

/**
 * The case MIGR is for: the face says one thing, the voice another. A neutral face on camera while an
 * angry sentence plays on the microphone: the voice must lean angry, take part in the fusion with a
 * weight and a share of the Modality Importance, and pull the fused reading toward angry (the face
 * alone reads it far less angry).
 */
test('a neutral face with an angry voice: the voice reads angry, takes part in the fusion and moves the fused emotion toward angry', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  await expect(page.locator('tr[data-model="voice-emotion-lite"]')).toHaveAttribute('data-device', 'wasm');
  await page.getByTestId('start').click();

  const voice = page.getByTestId('voice-card');
  // The sentence comes again every ~27 s: a late start hears the next one.
  await expect(voice).toContainText(/ [1-9]\d* utterances?/, { timeout: 45_000 });
  await expect(page.getByTestId('voice-top')).toContainText('angry');
  await expect(voice).toContainText('cannot say surprise');

  const mi = page.getByTestId('mi-panel');
  await expect(mi.locator('li[data-modality="voice"]')).toBeVisible();
  const share = Number(await mi.locator('li[data-modality="voice"]').getAttribute('data-contribution'));

  // The fused probability of angry is above what the face alone gives it (from the session export).
  await page.getByTestId('export').click();
  await page.getByTestId('export-device').check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-save').click()]);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(exported.userAgent).toContain('Chrome');
  const last = exported.windows.at(-1);
  const angry = exported.emotions.indexOf('angry');
  const face = last.modalities.find((m: { modality: string }) => m.modality === 'face');
  const voiceReading = last.modalities.find((m: { modality: string }) => m.modality === 'voice');
  console.info(`incongruent case: voice contribution ${share}, p(angry) face ${face.distribution[angry].toFixed(3)}, voice ${voiceReading.distribution[angry].toFixed(3)}, fused ${last.fused[angry].toFixed(3)}; face ${JSON.stringify(face.distribution.map((p: number) => +p.toFixed(3)))} w ${face.reliability.toFixed(2)}; voice w ${voiceReading.reliability.toFixed(2)}; fused ${last.prediction}, dominant ${last.dominant}`);
  expect(voiceReading.reliability).toBeGreaterThan(0);
  expect(last.fused[angry]).toBeGreaterThan(face.distribution[angry]);
  // The voice has a share of the Modality Importance, on the panel and in the exported window.
  expect(voiceReading.contribution).toBeGreaterThan(0);
  expect(share).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});
