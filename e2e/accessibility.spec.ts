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
