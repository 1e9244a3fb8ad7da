import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console.ts';

/**
 * The case MIGR is for: the face says one thing, the voice another. A neutral face on camera while an
 * angry sentence plays on the microphone: the voice must lean angry, carry a share of Modality
 * Importance, and pull the fused reading toward angry (the face alone reads it far less angry).
 */
test('a neutral face with an angry voice: the voice reads angry, gets a share of MI and moves the fused emotion', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  await expect(page.locator('tr[data-model="voice-emotion-lite"]')).toHaveAttribute('data-device', 'wasm');
  await page.getByTestId('start').click();

  const voice = page.getByTestId('voice-card');
  await expect(voice).toContainText('1 utterance', { timeout: 20_000 });
  await expect(page.getByTestId('voice-top')).toContainText('angry');
  await expect(voice).toContainText('cannot say surprise');

  const mi = page.getByTestId('mi-panel');
  await expect(mi.locator('li[data-modality="voice"]')).toBeVisible();
  const share = Number(await mi.locator('li[data-modality="voice"]').getAttribute('data-share'));
  expect(share).toBeGreaterThan(0.05);

  // The fused probability of angry is above what the face alone gives it (from the session export).
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  const last = exported.windows.at(-1);
  const angry = exported.emotions.indexOf('angry');
  const face = last.modalities.find((m: { modality: string }) => m.modality === 'face');
  const voiceReading = last.modalities.find((m: { modality: string }) => m.modality === 'voice');
  console.info(`incongruent case: voice MI ${share}, p(angry) face ${face.distribution[angry].toFixed(3)}, voice ${voiceReading.distribution[angry].toFixed(3)}, fused ${last.fused[angry].toFixed(3)}`);
  expect(voiceReading.reliability).toBeGreaterThan(0);
  expect(last.fused[angry]).toBeGreaterThan(face.distribution[angry]);
  expect(errors).toEqual([]);
});
