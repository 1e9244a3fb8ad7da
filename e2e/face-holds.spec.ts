import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console.ts';
import { exportSession, goLive, reading } from './session-export.ts';

/** The counterpart of the MIGR case: a smiling face while neutral sentences are said. A calm voice is no evidence against the smile. */
test('a smiling face with neutral sentences: the face holds every window, fused happy', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await goLive(page);
  await expect(page.getByTestId('voice-card')).toContainText(/ ([2-9]|\d\d+) utterances/, { timeout: 90_000 });
  const spoken = (await exportSession(page)).windows.filter((w) => w.kind === 'utterance');
  expect(spoken.length).toBeGreaterThanOrEqual(2);
  for (const w of spoken) {
    const face = reading(w, 'face')!;
    const voice = reading(w, 'voice');
    const line = `face ${face.top.emotion} ${face.top.p.toFixed(2)}, voice ${voice?.top.emotion ?? '–'} ${voice?.top.p.toFixed(2) ?? ''} → ${w.prediction}, ${w.dominant}`;
    console.info(`smiling face, neutral voice: ${line}`);
    expect(face.top.emotion, line).toBe('happy');
    expect(w.prediction, line).toBe('happy');
    expect(w.dominant, line).not.toBe('voice');
  }
  expect(errors).toEqual([]);
});
