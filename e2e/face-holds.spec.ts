import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console.ts';
import { goLive, reading, spokenWindows } from './session-export.ts';

/** The counterpart of the MIGR case: a smiling face while neutral sentences are said. A calm voice is no evidence against the smile. */
test('a smiling face with neutral sentences: the face holds every window, fused happy', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await goLive(page);
  for (const { window: w, line } of await spokenWindows(page, 2)) {
    console.info(`smiling face, neutral voice: ${line}`);
    expect(reading(w, 'face')!.top.emotion, line).toBe('happy');
    expect(w.prediction, line).toBe('happy');
    expect(w.dominant, line).not.toBe('voice');
  }
  expect(errors).toEqual([]);
});
