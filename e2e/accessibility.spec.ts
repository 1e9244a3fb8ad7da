/**
 * Accessibility (#16, part 6): axe-core on the landing and the live view, the announcement a screen reader
 * hears once an explanation is written, and reduced motion.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

async function modelsReady(page: Page) {
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
}

/** axe's violations, as "rule: target" lines (empty when there are none). */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${v.help})`));
}

test('axe finds no violations on the landing', async ({ page }) => {
  await page.goto('/');
  await modelsReady(page);
  await expect(page.getByTestId('examples').getByRole('button').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('the live view: no axe violations; a screen reader hears the verdict and the explanation; reduced motion', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/');
  await modelsReady(page);
  await page.getByTestId('example-neutral-face-angry-voice').click();
  await expect(page.getByTestId('verdict-migr')).toBeVisible({ timeout: 30_000 });
  const announcement = page.getByTestId('announcement');
  await expect(announcement).toHaveAttribute('aria-live', 'polite');
  await expect(announcement).toContainText(
    /^(Dominant modality: (face|voice|words)|Multimodal): .+\. .+Answer: \w+\.$/,
  );
  // Reduced motion: bars move without a transition.
  const transition = await page
    .getByTestId('face-card')
    .locator('.fill')
    .first()
    .evaluate((el) => getComputedStyle(el).transitionDuration);
  expect(transition).toBe('0s');
  expect(await violations(page)).toEqual([]);
});

/** Presses Tab until the focused element matches `selector` (at most `max` presses); false if it never does. */
async function tabTo(page: Page, selector: string, max = 60): Promise<boolean> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return true;
  }
  return false;
}

test('keyboard only: an example is started and the compare view reached (no axe violations there), the focus visible', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await modelsReady(page);
  expect(await tabTo(page, '[data-testid="example-happy-face-sad-voice"]')).toBe(true);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).toBe('solid'); // the focus is visible
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('clip-note')).toContainText("happy face with the same actor's sad reading");
  await expect(page.getByTestId('verdict-migr')).toBeVisible({ timeout: 30_000 });
  expect(await tabTo(page, '[data-testid="view-both"]')).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('radio', { name: 'both' })).toHaveAttribute('aria-checked', 'true');
  await expect(page.getByTestId('explanation-migr')).toBeVisible();
  await expect(page.getByTestId('explanation-visual-first')).toBeVisible();
  expect(await violations(page)).toEqual([]); // the compare view
});

test('what if? on the disagreement example, by keyboard: leaving the voice out hands the reading to the face, and back; the valence–arousal plane', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await page.goto('/');
  await modelsReady(page);
  expect(await tabTo(page, '[data-testid="example-neutral-face-angry-voice"]')).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('verdict-migr')).toBeVisible({ timeout: 30_000 });
  const fused = (await page.getByTestId('fused').getAttribute('data-emotion'))!;
  const dominant = (await page.getByTestId('dominant').innerText()).trim().toLowerCase();
  const face = page.getByTestId('mi-panel').locator('li[data-modality="face"] .reading');
  const faceReads = (await face.innerText()).split(' ')[0]!;
  // The valence–arousal plane: one point per modality read, and the fused point.
  const plane = page.getByTestId('va-plane');
  await expect(plane.locator('[data-testid^="va-point-"]')).toHaveCount(3);
  await expect(plane.getByTestId('va-point-fused')).toBeVisible();
  await expect(plane.getByTestId('va-point-voice')).toBeVisible();
  // The voice's arousal measured from its prosody, against the actor's own neutral sentence: an angry
  // reading of it is more aroused than the actor's usual.
  const measured = Number(await plane.getByTestId('va-prosody').getAttribute('data-arousal'));
  expect(measured).toBeGreaterThan(0);
  // Keyboard only: the voice's toggle is reached with Tab and switched with Space.
  expect(await tabTo(page, '[data-testid="what-if-voice"]', 120)).toBe(true);
  await page.keyboard.press('Space');
  const summary = page.getByTestId('what-if-summary');
  // Without the voice, the face is all there is: its own reading, face-led.
  await expect(summary).toHaveAttribute('data-fused', faceReads);
  await expect(summary).toHaveAttribute('data-dominant', 'face');
  await expect(summary).toContainText(`without the voice: ${faceReads}, face-led`);
  // On this example the voice led and read another emotion than the face: both change.
  expect([dominant, fused]).toEqual(['voice', fused]);
  expect(faceReads).not.toBe(fused);
  await expect(page.getByTestId('what-if-text').locator('mark[data-changed]').first()).toBeVisible();
  expect(await violations(page)).toEqual([]);
  // The original window is untouched, and toggling back restores the view.
  await expect(page.getByTestId('dominant')).toHaveText(/VOICE/);
  await page.keyboard.press('Space');
  await expect(summary).toHaveCount(0);
  await expect(page.getByTestId('what-if-voice')).not.toBeChecked();
  // The plane's numbers, by keyboard too: they name the window and each point.
  expect(await tabTo(page, '[data-testid="va-numbers"] summary', 20)).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('va-numbers')).toContainText(/Voice: valence -?\d\.\d\d, arousal -?\d\.\d\d/);
  await expect(page.getByTestId('va-numbers').locator('summary')).toHaveText(/^Window \d+ in numbers$/);
});
