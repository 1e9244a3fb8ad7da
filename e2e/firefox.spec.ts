/**
 * Cross-browser smoke tests: the landing, the camera path, an example and a replayed clip, in Debian's
 * Firefox ESR (WASM: it has no WebGPU), driven by puppeteer-core. Playwright's runner only hosts them.
 */
import { expect, test } from '@playwright/test';
import type { Browser, ElementHandle, Page } from 'puppeteer-core';
import { launchFirefox, pageErrors, textOf, waitForCount, waitForText } from './firefox.ts';
import { SOURCE_CLIP } from './media-paths.ts';

const BASE = 'http://localhost:4173/';
const MODELS_LOADED = '[data-testid=model-backends] tr[data-model]';

let browser: Browser;
test.beforeAll(async () => {
  browser = await launchFirefox();
});
test.afterAll(async () => {
  await browser?.close();
});

async function open(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors = pageErrors(page);
  await page.goto(BASE, { waitUntil: 'load' });
  return { page, errors };
}

/** One analysis window on screen: a face reading, a voice reading, both in Modality Importance, a verdict. */
async function firstWindow(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid=face-top]', { timeout: 30_000 });
  await waitForText(page, '[data-testid=voice-card]', /1 utterance/, 30_000);
  await waitForCount(page, '[data-testid=mi-panel] li[data-modality]', 2, 30_000);
  await page.waitForSelector('[data-testid=verdict-migr]', { timeout: 20_000 });
  expect(await textOf(page, '[data-testid=voice-top]')).toMatch(/^(happy|sad|neutral|angry|disgust|fear) \d\.\d\d$/);
  expect((await textOf(page, '[data-testid=explanation-migr]')).length).toBeGreaterThan(40);
}

test('Firefox: the landing loads with no page error, and the probe says the models run on WASM', async () => {
  const { page, errors } = await open();
  await page.waitForSelector('[data-testid=webgpu-status]', { timeout: 20_000 });
  expect(await page.$eval('[data-testid=webgpu-status]', (e) => e.getAttribute('data-available'))).toBe('false');
  expect(await textOf(page, '[data-testid=webgpu-status]')).toContain('Models run on WASM');
  // Every page feature is there in this Firefox: no notice, and the examples and replay are offered.
  expect(await page.$eval('[data-testid=feature-gaps]', (e) => e.getAttribute('data-missing'))).toBe('');
  expect(await page.$('[data-testid=feature-notice]')).toBeNull();
  await waitForCount(page, MODELS_LOADED, 6, 45_000);
  expect(errors).toEqual([]);
  await page.close();
});

test('Firefox: the camera path reads frames', async () => {
  const { page, errors } = await open();
  await waitForCount(page, MODELS_LOADED, 6, 45_000);
  await page.click('[data-testid=start]');
  // Firefox's fake camera shows a colour pattern, not a face: frames are read, and no face is found.
  await waitForText(page, '[data-testid=face-speed]', /^[1-9]\d* frames\/s/, 20_000);
  await waitForText(page, '[data-testid=face-state]', /No face/, 20_000);
  expect(errors).toEqual([]);
  await page.close();
});

test('Firefox: an example plays to its first analysis window', async () => {
  test.setTimeout(120_000);
  const { page, errors } = await open();
  await waitForCount(page, MODELS_LOADED, 6, 45_000);
  await page.click('[data-testid=example-neutral-face-angry-voice]');
  await firstWindow(page);
  expect(errors).toEqual([]);
  await page.close();
});

test('Firefox: a replayed clip plays to its first analysis window', async () => {
  test.setTimeout(120_000);
  const { page, errors } = await open();
  await waitForCount(page, MODELS_LOADED, 6, 45_000);
  const input = (await page.$('input[type=file][data-testid=clip-file]')) as ElementHandle<HTMLInputElement> | null;
  await input!.uploadFile(SOURCE_CLIP);
  await firstWindow(page);
  expect(errors).toEqual([]);
  await page.close();
});

test('Firefox: a clip whose stream delivers nothing ends in a message within 10 s', async () => {
  test.setTimeout(90_000);
  const page = await browser.newPage();
  // Fault hook: a clip's captured stream is a canvas's that is never drawn (no frame, no sound).
  await page.evaluateOnNewDocument(() => {
    (HTMLMediaElement.prototype as HTMLMediaElement & { captureStream(): MediaStream }).captureStream = () =>
      document.createElement('canvas').captureStream(0);
  });
  await page.goto(BASE, { waitUntil: 'load' });
  await waitForCount(page, MODELS_LOADED, 6, 45_000);
  await page.click('[data-testid=example-neutral-face-angry-voice]');
  await page.waitForSelector('[data-testid=clip-status]', { timeout: 20_000 });
  const started = Date.now();
  await waitForText(page, '[data-testid=media-notice]', /did not reach the page within 6 s/, 10_000);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(await textOf(page, '[data-testid=media-notice]')).toContain('its picture did not reach the page');
  await page.waitForSelector('[data-testid=landing]', { timeout: 5000 });
  await page.close();
});

test('Firefox with no sound output: an example says the voice cannot be read, and plays with the face', async () => {
  test.setTimeout(120_000);
  // Where Firefox has no sound device, its AudioContext never starts: the clip used to wait for it for ever.
  const silent = await launchFirefox({ soundOutput: false });
  try {
    const page = await silent.newPage();
    await page.goto(BASE, { waitUntil: 'load' });
    await waitForCount(page, MODELS_LOADED, 6, 45_000);
    await page.click('[data-testid=example-neutral-face-angry-voice]');
    await waitForText(page, '[data-testid=voice-card]', /did not start its audio within 5 s/, 30_000);
    // The clip plays on without the voice: the face is read, and a face-only window follows.
    await page.waitForSelector('[data-testid=face-top]', { timeout: 20_000 });
    // Playing, not "getting ready": the clip's time moves on.
    await waitForText(page, '[data-testid=timeline-clip-time]', /clip [1-9]\.\d s/, 10_000);
    expect(await textOf(page, '[data-testid=clip-status]')).not.toContain('getting ready');
  } finally {
    await silent.close();
  }
});
