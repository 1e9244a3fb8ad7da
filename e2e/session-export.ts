import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

export interface ExportedReading {
  readonly modality: string;
  readonly distribution: number[];
  readonly reliability: number;
  readonly contribution: number;
  readonly top: { emotion: string; p: number };
}

export interface ExportedWindow {
  readonly kind: 'utterance' | 'sliding';
  readonly prediction: string;
  readonly dominant: string;
  readonly fused: number[];
  readonly modalities: ExportedReading[];
}

/** The Lite models loaded, Start pressed: the page is live on the fake camera and microphone. */
export async function goLive(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  await page.getByTestId('start').click();
}

/** The session as the page exports it (JSON, with this browser's details). */
export async function exportSession(
  page: Page,
): Promise<{ emotions: string[]; userAgent: string; windows: ExportedWindow[] }> {
  await page.getByTestId('export').click();
  await page.getByTestId('export-device').check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-save').click()]);
  return JSON.parse(readFileSync((await download.path())!, 'utf8'));
}

export const reading = (w: ExportedWindow, modality: string): ExportedReading | undefined =>
  w.modalities.find((m) => m.modality === modality);

/** Once the voice card counts `n` utterances: the session's utterance windows, each with a line saying what it read. */
export async function spokenWindows(page: Page, n: number): Promise<{ window: ExportedWindow; line: string }[]> {
  await expect(page.getByTestId('voice-card')).toContainText(new RegExp(` ([${n}-9]|\\d\\d+) utterances`), {
    timeout: 90_000,
  });
  const spoken = (await exportSession(page)).windows.filter((w) => w.kind === 'utterance');
  expect(spoken.length).toBeGreaterThanOrEqual(n);
  return spoken.map((w) => {
    const face = reading(w, 'face');
    const voice = reading(w, 'voice');
    const line = `face ${face?.top.emotion ?? '–'} ${face?.top.p.toFixed(2) ?? ''}, voice ${voice?.top.emotion ?? '–'} ${voice?.top.p.toFixed(2) ?? ''} → ${w.prediction}, ${w.dominant}`;
    return { window: w, line };
  });
}
