import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { collectConsoleErrors } from './console.ts';

/** Plays an example to its end, with its window explained. */
async function playExample(page: Page, id: string, windows: number): Promise<void> {
  await page.getByTestId(`example-${id}`).click();
  await expect(page.getByTestId('timeline-window')).toHaveCount(windows, { timeout: 30_000 });
  await expect(page.getByTestId('verdict-migr')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-ended', 'true', { timeout: 20_000 });
}

test('the timeline: an example played twice marks two windows, another a third; the first is reviewed by click and by keys, Live returns to the newest; the CSV has a row per window, as the page shows them', async ({
  page,
}) => {
  test.setTimeout(45_000 + 3 * 65_000 + 30_000);
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  // One example played twice makes two windows; then another example a third.
  await playExample(page, 'happy', 1);
  await page.getByRole('button', { name: 'Play again' }).click();
  await expect(page.getByTestId('timeline-window')).toHaveCount(2, { timeout: 30_000 });
  await expect(page.getByTestId('clip-status')).toHaveAttribute('data-ended', 'true', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await playExample(page, 'angry', 3);

  // The CSV, saved from the page.
  await page.getByTestId('export').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-save-csv').click()]);
  expect(download.suggestedFilename()).toMatch(/^attend-first-session-.+\.csv$/);
  const lines = readFileSync((await download.path())!, 'utf8')
    .trimEnd()
    .split('\r\n');
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])));
  const marks = page.getByTestId('timeline-window');
  expect(rows).toHaveLength(await marks.count());
  // The PNG of the timeline, for a slide: a valid PNG of the size drawn.
  await page.getByTestId('export').click();
  const [picture] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-save-png').click()]);
  expect(picture.suggestedFilename()).toMatch(/^attend-first-timeline-.+\.png$/);
  const png = readFileSync((await picture.path())!);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1600, 520]);
  expect(png.byteLength).toBeGreaterThan(5_000);
  writeFileSync(test.info().outputPath('timeline.png'), png); // kept with the test's output, to look at
  expect(rows.map((r) => r.kind)).toEqual(['utterance', 'utterance', 'utterance']);
  // The happy example's windows differ from the angry one's, so showing one is telling.
  expect(rows[0]!.fused).toBe('happy');
  expect(rows[1]!.fused).toBe('happy');
  expect(rows[2]!.fused).not.toBe('happy');
  const showsRow = async (row: Record<string, string>) => {
    // The page shows p to two places, the CSV to three: equal within the page's rounding.
    await expect(page.getByTestId('fused')).toContainText(`Fused: ${row.fused!.toUpperCase()} `);
    const shown = Number(/Fused: \w+ ([\d.]+)/.exec(await page.getByTestId('fused').innerText())![1]);
    expect(Math.abs(shown - Number(row.fused_p))).toBeLessThanOrEqual(0.006);
    await expect(page.getByTestId('dominant')).toHaveText(row.dominant!.toUpperCase());
  };

  // Live: the newest window is shown.
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-reviewing', 'false');
  await expect(marks.nth(2)).toHaveAttribute('aria-current', 'true');
  await showsRow(rows[2]!);

  // Click the first: the MI and explanation panels show it, and the timeline says so.
  await marks.nth(0).click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-reviewing', 'true');
  await expect(marks.nth(0)).toHaveAttribute('aria-current', 'true');
  await showsRow(rows[0]!);
  await expect(page.getByTestId('timeline-shown')).toContainText('Reviewing: Window 1,');
  await expect(page.getByTestId('answer-migr')).toHaveAttribute('data-answer', 'happy');
  expect(await page.getByTestId('explanation-migr').innerText()).toMatch(/happ/i);

  // The arrow keys move along the windows, the focus with them; End goes to the last.
  await page.keyboard.press('ArrowRight');
  await expect(marks.nth(1)).toHaveAttribute('aria-current', 'true');
  await expect(marks.nth(1)).toBeFocused();
  await showsRow(rows[1]!);
  await page.keyboard.press('End');
  await expect(marks.nth(2)).toHaveAttribute('aria-current', 'true');
  await showsRow(rows[2]!);
  await page.keyboard.press('Home');
  await expect(marks.nth(0)).toHaveAttribute('aria-current', 'true');
  await showsRow(rows[0]!);

  // Live: back to following the newest window.
  await page.getByTestId('timeline-live').click();
  await expect(page.getByTestId('timeline')).toHaveAttribute('data-reviewing', 'false');
  await expect(marks.nth(2)).toHaveAttribute('aria-current', 'true');
  await showsRow(rows[2]!);
  // A screen reader hears each window as a list item with its readings.
  await expect(marks.nth(0)).toHaveAttribute(
    'aria-label',
    /^Window 1, 0\.0 s to [\d.]+ s, an utterance: face \w+ \d+%, voice \w+ \d+%; fused happy, /,
  );
  expect(errors).toEqual([]);
});

test('the presenter view: larger type, the capability details and storage folded away, remembered on reload', async ({
  page,
}) => {
  test.setTimeout(45_000 + 30_000);
  await page.goto('/');
  await expect(page.getByTestId('model-backends')).toBeVisible({ timeout: 45_000 });
  const rootPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await rootPx();
  await page.getByTestId('presenter-toggle').click();
  await expect(page.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('model-backends')).toBeHidden();
  await expect(page.getByTestId('details-folded')).toBeVisible();
  expect(await rootPx()).toBeGreaterThan(normal * 1.2);
  // The header keeps to one line at the larger type on a 1280-px window: the backend summary is folded away too.
  await expect(page.getByTestId('backend-summary')).toHaveCount(0);
  const title = (await page.getByRole('heading', { name: 'Attend First', level: 1 }).boundingBox())!;
  const toggle = (await page.getByTestId('presenter-toggle').boundingBox())!;
  expect(page.viewportSize()!.width).toBe(1280);
  expect(Math.abs(toggle.y + toggle.height / 2 - (title.y + title.height / 2))).toBeLessThan(title.height / 2);
  // The details are a click away, folded, not gone.
  await page.getByTestId('details-folded').locator('summary').click();
  await expect(page.getByTestId('model-backends')).toBeVisible();
  // Remembered on this device.
  await page.reload();
  await expect(page.getByTestId('presenter-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('details-folded')).toBeVisible();
  await expect(page.getByTestId('model-backends')).toBeHidden();
  // Live, the timeline is folded away too; the video, the cards, MI and the explanation stay.
  await page.getByTestId('start').click();
  await expect(page.getByTestId('face-top')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('mi-panel')).toBeVisible();
  await expect(page.getByTestId('explanation')).toBeVisible();
  await expect(page.getByTestId('timeline')).toHaveCount(0);
  await page.getByTestId('presenter-toggle').click();
  await expect(page.getByTestId('timeline')).toBeVisible();
  await expect(page.getByTestId('model-backends')).toBeVisible();
  await expect(page.getByTestId('backend-summary')).toBeVisible();
});

test('replay step by step: Pause at each window holds the clip once a window is explained; Next goes on to the end', async ({
  page,
}) => {
  test.setTimeout(45_000 + 30_000 + 30_000);
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  await page.getByTestId('example-angry').click();
  await page.getByTestId('pause-at-windows').check();
  const status = page.getByTestId('clip-status');
  await expect(status).toHaveAttribute('data-paused', 'true', { timeout: 30_000 });
  await expect(status).toHaveAttribute('data-ended', 'false');
  await expect(page.getByTestId('timeline-window')).toHaveCount(1);
  await expect(page.getByTestId('verdict-migr')).toBeVisible();
  // Held: the clip's time on the timeline stands still.
  const time = page.getByTestId('timeline-clip-time');
  const held = await time.innerText();
  expect(held).toMatch(/^clip \d+\.\d s of \d+\.\d s$/);
  await page.waitForTimeout(1500);
  await expect(time).toHaveText(held);
  await expect(status).toHaveAttribute('data-ended', 'false');
  // Next: it goes on, to the end.
  await page.getByTestId('clip-next').click();
  await expect(status).toHaveAttribute('data-paused', 'false');
  await expect(status).toHaveAttribute('data-ended', 'true', { timeout: 20_000 });
  expect(errors).toEqual([]);
});
