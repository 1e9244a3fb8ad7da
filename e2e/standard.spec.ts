import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console.ts';
import { routeHubToFixtures } from './hub-route.ts';
import { expectedDominant, expectedMigrPlan, panelEntries } from './mi-order.ts';

// Each test's limit covers the sum of its waits, so a slow machine fails a step, never the test clock.

test('the Standard tier loads the ViT face model from the hub (routed to its stand-in) and reads the live face with it', async ({
  page,
}) => {
  test.setTimeout(45_000 + 10_000 + 30_000 + 20_000);
  // The face model alone is under test: the tier's other hub parts fail at once rather than load beside it.
  const requested = await routeHubToFixtures(page.context(), ['Xenova/facial_emotions_image_detection']);
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  await page.getByTestId('start').click();
  await expect(page.getByTestId('face-model')).toHaveText('Lite: face-api expression', { timeout: 10_000 });
  await page.getByTestId('tier').selectOption('standard');
  await expect(page.getByTestId('face-model')).toHaveText('Standard: ViT (hub)', { timeout: 30_000 });
  expect(
    requested.some((p) =>
      /^Xenova\/facial_emotions_image_detection\/resolve\/[0-9a-f]{40}\/onnx\/model_quantized\.onnx$/.test(p),
    ),
  ).toBe(true);
  const values = await page
    .getByTestId('face-card')
    .locator('li[data-emotion]')
    .evaluateAll((li) => li.map((x) => Number(x.getAttribute('data-p'))));
  expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 1);
  // Back to Lite: the bundled model reads the face again.
  await page.getByTestId('tier').selectOption('lite');
  await expect(page.getByTestId('face-model')).toHaveText('Lite: face-api expression');
});

test('without the hub, choosing Standard says so and the page stays on Lite', async ({ page }) => {
  test.setTimeout(45_000 + 30_000 + 30_000 + 20_000);
  await page.context().route('https://huggingface.co/**', (route) => route.abort('internetdisconnected'));
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  await page.getByTestId('start').click();
  await page.getByTestId('tier').selectOption('standard');
  const faceError = page.locator('[data-testid="model-error"][data-group="standard-face"]');
  await expect(faceError).toContainText('could not be loaded from the Hugging Face hub', { timeout: 30_000 });
  await expect(faceError).toContainText('Staying on Lite');
  const explainerError = page.locator('[data-testid="model-error"][data-group="explainer"]');
  await expect(explainerError).toContainText('Explanations stay on the template', { timeout: 30_000 });
  await expect(page.getByTestId('tier')).toHaveValue('lite');
  await expect(page.getByTestId('face-top')).toBeVisible();
});

// The page picks the text-only LM here (no hardware WebGPU). The vision LM's path — face image, MI-guided
// decoding through the worker, Stop — is tested in hub-models.spec.ts: in the page with ?webgpu=software,
// every Standard model would run on SwiftShader at once, which takes minutes on a 2-core machine.
const model = 'SmolLM2 135M Instruct, text-only explainer';
test('the Standard tier: words from the transcript, and the explainer writes the MI-ordered explanation, best of two, with its figures', async ({
  page,
}) => {
  test.setTimeout(45_000 + 3 * 60_000 + 45_000 + 30_000 + 30_000 + 90_000);
  const requested = await routeHubToFixtures(page.context());
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  await page.getByTestId('tier').selectOption('standard');
  // Loaded before the clip plays (the fake microphone starts with the capture).
  await expect(page.getByTestId('explainer-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('explainer-state')).toContainText(model);
  await expect(page.getByTestId('speech-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await expect(page.getByTestId('standard-voice-state')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  await page.getByTestId('start').click();
  await expect(page.getByTestId('explainer-source')).toHaveText(`Standard: ${model}, MI-guided decoding`);
  // Best of two, chosen while the clip's sentence is still being spoken.
  await page.getByTestId('candidates').selectOption('2');
  const migr = page.getByTestId('explanation-migr');
  // Text streams before the explanation is finished (the sentence comes again ~28 s later if the first was missed).
  await expect(migr.locator('[data-section] .text').first()).not.toBeEmpty({ timeout: 45_000 });
  await expect(page.getByTestId('stop-explanation')).toBeVisible();
  await expect(page.getByTestId('figures-migr')).toContainText('tokens/s', { timeout: 30_000 });
  // Reason, then answer: the random model's own answer, constrained to the seven labels, beside the fusion.
  const answer = page.getByTestId('answer-migr');
  await expect(answer).toHaveAttribute('data-mode', 'reasoned');
  expect(['happy', 'sad', 'neutral', 'angry', 'surprise', 'disgust', 'fear']).toContain(
    await answer.getAttribute('data-answer'),
  );
  await expect(answer).toContainText("The model's own answer:");
  await expect(page.getByTestId('answer-mode')).toHaveValue('reasoned');
  // Naming the leading modality is an option, labelled as the hint it is; off by default.
  await expect(page.getByTestId('answer-mode').locator('option')).toHaveText([
    'reasoned',
    'reasoned, told which modality leads',
    'dictated',
  ]);
  await expect(page.getByTestId('hinted-migr')).toHaveCount(0);
  await expect(page.getByTestId('answer-agreement')).toHaveText(
    /agreed with the fused prediction in \d+ of [1-9]\d*\s+windows?\s+this session/,
  );
  const dominant = (await page.getByTestId('dominant').innerText()).toLowerCase();
  const order = (await migr.getAttribute('data-order'))!.split(',');
  const entries = await panelEntries(page.getByTestId('mi-panel'));
  expect(entries.map((e) => e.appSaysAlone)).toEqual(entries.map((e) => e.alone));
  expect(dominant).toBe(expectedDominant(entries));
  expect(order).toEqual(expectedMigrPlan(entries));
  if (dominant !== 'multimodal') expect(order[0]).toBe(dominant === 'face' ? 'vis_desc' : 'aud_desc');
  // What streamed is what the plan says, section by section — although the model is random.
  const shown = await migr.locator('[data-section]').evaluateAll((p) => p.map((x) => x.getAttribute('data-section')));
  expect(shown).toEqual(order);
  const texts = await migr.locator('[data-section] .text').allInnerTexts();
  expect(texts.join('').length).toBeGreaterThan(0);
  await expect(page.getByTestId('verdict-migr')).toBeVisible();
  // The Standard voice model (pinned to main, labels from its own config) read the utterance; its reading went to fusion.
  await expect(page.getByTestId('voice-standard')).toContainText(
    'onnx-community/Speech-Emotion-Classification-ONNX@main (seen at 57f53c4)',
  );
  await expect(page.getByTestId('voice-standard')).toContainText(
    /: (happy|sad|neutral|angry|surprise|disgust|fear) \d\.\d\d — used for fusion/,
  );
  expect(requested.some((p) => p.endsWith('Speech-Emotion-Classification-ONNX/resolve/main/config.json'))).toBe(true);
  // The reward of the kept candidate, the best of both; sentences judged by the loaded text-emotion model.
  await page.getByTestId('check-migr').locator('summary').click();
  await expect(page.getByTestId('check-migr')).toContainText('The text-emotion model read');
  const reward = page.getByTestId('reward-migr');
  await expect(page.getByTestId('best-of-migr')).toContainText('best of 2');
  const totals = (await page.getByTestId('best-of-migr').innerText())
    .match(/\(([^)]*)\)/)![1]!
    .split(' / ')
    .map(Number);
  expect(Number(await reward.getAttribute('data-reward'))).toBeCloseTo(Math.max(...totals), 2);
  expect(requested.some((p) => /SmolLM2-135M-Instruct\/resolve\/[0-9a-f]{40}\/onnx\/model_q4\.onnx$/.test(p))).toBe(
    true,
  );
  // The words: the utterance's transcript (Moonshine's stand-in is random, so it is usually not English).
  // Either it is used — words bars, a words MI entry, a words section — or left out with the reason, and absent everywhere.
  const transcript = page.getByTestId('transcript');
  await expect(transcript).toBeVisible();
  const used = (await transcript.getAttribute('data-usable')) === 'true';
  const modalities = await page
    .getByTestId('mi-panel')
    .locator('li[data-modality]')
    .evaluateAll((li) => li.map((x) => x.getAttribute('data-modality')));
  expect(modalities.includes('words')).toBe(used);
  expect(order.includes('txt_desc')).toBe(used);
  if (!used) await expect(page.getByTestId('words-left-out')).toContainText('Words left out:');
  else await expect(page.getByTestId('words-top')).toBeVisible();
  // The visual-first baseline is written by the same model for the same window.
  await page.getByRole('radio', { name: 'both' }).click();
  const baseline = ['vis_desc', 'aud_desc']
    .filter((s) => order.includes(s))
    .concat('think', 'answer')
    .join(',');
  await expect(page.getByTestId('explanation-visual-first')).toHaveAttribute('data-order', baseline, {
    timeout: 30_000,
  });
  await expect(page.getByTestId('figures-visual-first')).toContainText('tokens/s');
  // What if? Written by the same model on request: the window without the face, streamed, every section in
  // the plan of what is left (the voice first; the face's section gone). The window is held on screen by
  // reviewing it on the timeline, so the sentence that comes again ~28 s later does not replace it. Asked while
  // that sentence's window is being written, the what-if waits for it and is written next.
  await page.getByTestId('timeline-window').last().click();
  await page.getByTestId('what-if-face').check();
  await page.getByTestId('what-if-write').click();
  const llm = page.getByTestId('what-if-llm');
  await expect(llm).toHaveAttribute('data-done', 'true', { timeout: 90_000 });
  await expect(llm).toContainText(`Written by ${model}`);
  await expect(llm.getByRole('alert')).toHaveCount(0);
  await expect(llm.locator('.label').first()).toHaveText('Voice');
  await expect(llm.locator('.label')).not.toContainText(['Face']);
  await expect(llm.locator('.label').last()).toHaveText('Answer');
});

test('switching tiers during an explanation and during face reads hangs nothing: the next window is explained, and the face is read again', async ({
  page,
}) => {
  test.setTimeout(45_000 + 3 * 60_000 + 30_000 + 45_000 + 3 * 20_000 + 45_000 + 30_000 + 60_000);
  const errors = collectConsoleErrors(page);
  await routeHubToFixtures(page.context());
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  await page.getByTestId('tier').selectOption('standard');
  for (const part of ['explainer-state', 'speech-state', 'standard-voice-state']) {
    await expect(page.getByTestId(part)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
  }
  await page.getByTestId('start').click();
  // Best of three: the explanation takes several generations, so the switch below lands inside it.
  await page.getByTestId('candidates').selectOption('3', { timeout: 10_000 });
  await expect(page.getByTestId('face-model')).toHaveText('Standard: ViT (hub)', { timeout: 30_000 });
  // Mid-explanation (the ViT reads crops all the while): back to Lite.
  await expect(page.getByTestId('stop-explanation')).toBeVisible({ timeout: 45_000 });
  const explained = Number((await page.getByTestId('export').innerText()).match(/\((\d+)\)/)![1]);
  await page.getByTestId('tier').selectOption('lite');
  // The cut explanation is finished by the template, and says why; nothing is left "Being written…".
  await expect(page.getByTestId('explanation-note')).toContainText('the template wrote this explanation');
  await expect(page.getByTestId('pending-migr')).toHaveCount(0);
  await expect(page.getByTestId('face-model')).toHaveText('Lite: face-api expression');
  // The next sentence (~27 s later) makes a window that is explained.
  await expect(page.getByTestId('export')).not.toHaveText(`Export session (${explained})`, { timeout: 45_000 });
  await expect(page.getByTestId('verdict-migr')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('explainer-source')).toContainText('a template from the evidence');
  // Back to Standard: the ViT reads the face again (its worker loads alongside the other three Standard parts).
  await page.getByTestId('tier').selectOption('standard');
  await expect(page.getByTestId('face-model')).toHaveText('Standard: ViT (hub)', { timeout: 60_000 });
  expect(errors).toEqual([]);
});
