import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console.ts';
import { exportSession, goLive, reading } from './session-export.ts';

/** Nothing shown anywhere: a calm face and neutral sentences fuse to neutral (a display is needed to leave it). */
test('a calm face with neutral sentences: every window fuses to neutral', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await goLive(page);
  await expect(page.getByTestId('voice-card')).toContainText(/ ([2-9]|\d\d+) utterances/, { timeout: 90_000 });
  await expect(page.getByTestId('fused')).toContainText('NEUTRAL');
  await expect(page.getByTestId('absence')).toHaveCount(0);
  const spoken = (await exportSession(page)).windows.filter((w) => w.kind === 'utterance');
  expect(spoken.length).toBeGreaterThanOrEqual(2);
  for (const w of spoken) {
    const face = reading(w, 'face')!;
    const voice = reading(w, 'voice');
    const line = `face ${face.top.emotion} ${face.top.p.toFixed(2)}, voice ${voice?.top.emotion ?? '–'} ${voice?.top.p.toFixed(2) ?? ''} → ${w.prediction}, ${w.dominant}`;
    console.info(`calm face, neutral voice: ${line}`);
    expect(w.prediction, line).toBe('neutral');
  }
  expect(errors).toEqual([]);
});
