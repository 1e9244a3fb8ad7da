import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectedDominant, expectedMigrPlan, panelEntries } from './mi-order.ts';
import { collectConsoleErrors } from './console.ts';
import { SOURCE_CLIP } from './media-paths.ts';

// The microphone plays the sentence, then 25 s of silence, in a loop (the `repeating` project): a busy
// machine that starts listening late hears the next one instead of failing.
test('the CREMA-D clip as camera and microphone: an utterance, the voice distribution, MI and an explanation in MI order', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  await page.getByTestId('start').click();

  // The level meter moves while the clip plays.
  await expect
    .poll(async () => Number(await page.getByTestId('level-meter').getAttribute('data-level')), { timeout: 10_000 })
    .toBeGreaterThan(-50);

  // A sentence makes one utterance, with a seven-class voice distribution.
  const voice = page.getByTestId('voice-card');
  await expect(voice).toContainText(/ [1-9]\d* utterances?/, { timeout: 45_000 });
  const heard = (await voice.innerText()).match(/ (\d+) utterances?/)![1];
  await expect(page.getByTestId('voice-top')).toBeVisible();
  const voiceValues = await voice
    .locator('li[data-emotion]')
    .evaluateAll((li) => li.map((x) => Number(x.getAttribute('data-p'))));
  expect(voiceValues.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 1);

  // Modality Importance for face and voice: shares add up to one, and a dominant modality is named.
  const mi = page.getByTestId('mi-panel');
  const entries = await panelEntries(mi);
  // "Alone" is worked out from the readings the panel shows; the app's own flags must agree with it.
  expect(entries.map((e) => e.appSaysAlone)).toEqual(entries.map((e) => e.alone));
  const shares = entries.map((e) => e.contribution);
  expect(shares.length).toBe(2);
  expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
  const dominant = (await page.getByTestId('dominant').innerText()).toLowerCase();
  // The paper's rule, with its reason in words.
  expect(dominant).toBe(expectedDominant(entries));
  const fused = (await page.getByTestId('fused').locator('strong').first().innerText()).toLowerCase();
  const alone = entries.filter((e) => e.alone).map((e) => e.modality);
  await expect(page.getByTestId('dominant-reason')).toHaveText(
    alone.length === 1
      ? `only the ${alone[0]} alone reads ${fused}`
      : alone.length === 0
        ? `no modality alone reads ${fused}; it comes from them together`
        : `${alone.join(' and ')} both read ${fused}`,
  );

  // The explanation streams in MI order (the dominant modality's section first); visual-first starts with the face.
  const migr = page.getByTestId('explanation-migr');
  await expect(page.getByTestId('verdict-migr')).toBeVisible({ timeout: 10_000 });
  const order = (await migr.getAttribute('data-order'))!.split(',');
  expect(order).toEqual(expectedMigrPlan(entries));
  if (dominant !== 'multimodal') expect(order[0]).toBe(dominant === 'face' ? 'vis_desc' : 'aud_desc');
  const shown = await migr.locator('[data-section]').evaluateAll((p) => p.map((x) => x.getAttribute('data-section')));
  expect(shown).toEqual(order);

  await page.getByRole('radio', { name: 'both' }).click();
  await expect(page.getByTestId('explanation-visual-first')).toHaveAttribute(
    'data-order',
    /^vis_desc,aud_desc,think,answer$/,
  );
  await expect(page.getByTestId('verdict-visual-first')).toBeVisible();

  // The template's answer is the fused prediction, and says so.
  await expect(page.getByTestId('answer-migr')).toHaveAttribute('data-mode', 'dictated');
  await expect(page.getByTestId('answer-migr')).toContainText('dictated: the template writes the fused prediction');

  // For educators: what the paper does and what this page does, one click away.
  await page.getByText('About MIGR: the paper and this page').click();
  await expect(page.getByTestId('about-migr')).toContainText('trains nothing of the kind');

  // The session exports as JSON, with what the page shows.
  // The export says what it holds before anything is saved; this browser and its GPU only if ticked.
  await page.getByTestId('export').click();
  await expect(page.getByTestId('export-contents')).toContainText(
    /The file will hold \d+ windows?: each one's readings, contributions, explanations and verdicts/,
  );
  await expect(page.getByTestId('export-device')).not.toBeChecked();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-save').click()]);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'));
  expect(exported.format).toBe('attend-first-session/2');
  expect(exported).not.toHaveProperty('userAgent');
  const last = exported.windows.at(-1);
  expect(last.kind).toBe('utterance');
  expect(last.dominant).toBe(dominant);
  expect(last.modalities.map((m: { contribution: number }) => m.contribution.toFixed(3))).toEqual(
    shares.map((x) => x.toFixed(3)),
  );
  expect(last.dominantReason.alone).toEqual(entries.filter((e) => e.alone).map((e) => e.modality));
  const migrExport = last.explanations.find((x: { order: string }) => x.order === 'migr');
  expect(migrExport.plan).toEqual(order);
  expect(migrExport.source).toBe('template');
  // The template opens each section itself and is given the fused prediction, so neither order nor answer
  // scores; the total is the weighted mean of the terms that do (src/core/mi/reward.ts).
  const r = migrExport.reward;
  expect(r.orderCorrect).toBeNull();
  expect(r.answerCorrect).toBeNull();
  const expected =
    r.evidenceCited === null ? r.consistentShare : (0.4 * r.consistentShare + 0.2 * r.evidenceCited) / 0.6;
  expect(r.total).toBeCloseTo(expected, 9);

  // While nobody speaks, a sliding window of the face alone takes over (15 s after the utterance), and
  // the silence made no utterance meanwhile.
  await expect(page.getByTestId('mi-sliding')).toBeVisible({ timeout: 25_000 });
  await expect(voice).toContainText(` ${heard} utterance`);
  await expect(mi.locator('li[data-modality]')).toHaveCount(1);
  expect(Number(await mi.locator('li[data-modality="face"]').getAttribute('data-contribution'))).toBeCloseTo(1, 9);
  await expect(page.getByTestId('sliding-note')).toBeVisible();
  await page.getByRole('radio', { name: 'MIGR order' }).click();
  await expect(migr).toHaveAttribute('data-order', 'vis_desc,think,answer');
  await expect(page.getByTestId('explanation-note')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a recorded clip replays through the same analysis: face, one utterance, MI, explanation; Play again', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  await page.getByTestId('clip-file').setInputFiles(SOURCE_CLIP);
  await expect(page.getByTestId('clip-status')).toContainText('Replaying cremad_1001_DFA_HAP_XX.mp4');
  await expect(page.getByTestId('face-top')).toBeVisible({ timeout: 10_000 });
  const voice = page.getByTestId('voice-card');
  await expect(voice).toContainText('1 utterance', { timeout: 15_000 });
  await expect(page.getByTestId('mi-panel').locator('li[data-modality]')).toHaveCount(2);
  await expect(page.getByTestId('verdict-migr')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-ended', 'true', { timeout: 15_000 });
  await expect(page.getByTestId('clip-ended')).toBeVisible();
  await page.getByRole('button', { name: 'Play again' }).click();
  await expect(voice).toContainText('2 utterances', { timeout: 15_000 });
  expect(errors).toEqual([]);
});

test('a clip that never loads: the page gives up after 10 s, says so, and the landing stays usable', async ({
  page,
}) => {
  // Fault hook: this page's videos never report loaded data (as a file that stalls would).
  await page.addInitScript(() => {
    const add = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, ...rest: unknown[]) {
      if (this instanceof HTMLVideoElement && type === 'loadeddata') return;
      return (add as (...a: unknown[]) => void).call(this, type, ...rest);
    } as typeof EventTarget.prototype.addEventListener;
  });
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  await page.getByTestId('clip-file').setInputFiles(SOURCE_CLIP);
  await expect(page.getByTestId('start')).toBeDisabled();
  const notice = page.getByTestId('media-notice');
  await expect(notice).toContainText('could not be played (it did not load within 10 s)', { timeout: 20_000 });
  await expect(page.getByTestId('landing')).toBeVisible();
  await expect(page.getByTestId('start')).toBeEnabled();
  await expect(page.getByTestId('clip-file')).toBeEnabled();
});
