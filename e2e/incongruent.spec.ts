import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console.ts';
import { exportSession, goLive, reading } from './session-export.ts';

/**
 * The case MIGR is for: the emotion is in the voice, not the face. A calm London face on camera, which
 * the face model reads neutral at 0.9 or more, while an angry sentence is said four times in a row
 * (a run of one emotion). Neutral is the absence of a display: the calm face must not outvote the voice,
 * so every one of the run's windows is voice-dominant and fused angry, and the page says why.
 */
test('a calm face with a run of angry sentences: the voice leads every window and the run stays angry', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await goLive(page);
  await expect(page.locator('tr[data-model="voice-emotion-lite"]')).toHaveAttribute('data-device', 'wasm');

  // The run comes again every ~45 s: a late start hears its end and then the next one.
  await expect(page.getByTestId('voice-card')).toContainText(/ ([4-9]|\d\d+) utterances/, { timeout: 90_000 });
  await expect(page.getByTestId('dominant')).toHaveText('VOICE');
  await expect(page.getByTestId('fused')).toContainText('ANGRY');
  await expect(page.getByTestId('absence')).toContainText('The face shows no expression; the voice carries anger');

  const exported = await exportSession(page);
  expect(exported.userAgent).toContain('Chrome');
  const neutral = exported.emotions.indexOf('neutral');
  const spoken = exported.windows.filter((w) => w.kind === 'utterance');
  expect(spoken.length).toBeGreaterThanOrEqual(4);
  for (const w of spoken) {
    const face = reading(w, 'face')!;
    const voice = reading(w, 'voice')!;
    const line = `face ${face.top.emotion} ${face.top.p.toFixed(2)} (w ${face.reliability.toFixed(2)}), voice ${voice.top.emotion} ${voice.top.p.toFixed(2)} (w ${voice.reliability.toFixed(2)}) → ${w.prediction}, ${w.dominant}`;
    console.info(`calm face, angry run: ${line}`);
    // The face is confidently calm: this is the case the old fusion lost to the face.
    expect(face.distribution[neutral], line).toBeGreaterThanOrEqual(0.9);
    expect(voice.top.emotion, line).toBe('angry');
    expect(w.prediction, line).toBe('angry');
    expect(w.dominant, line).toBe('voice');
    expect(voice.contribution, line).toBeGreaterThan(face.contribution);
  }
  expect(errors).toEqual([]);
});
