/**
 * Debian's Firefox ESR (never a downloaded browser), driven by puppeteer-core over WebDriver BiDi, with
 * Firefox's own fake camera and microphone.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export const FIREFOX_PREFS: Record<string, unknown> = {
  // Firefox's fake devices: a moving colour pattern as the camera (no face), a tone as the microphone.
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  // A mock sound output. A machine with no sound device (CI's) never starts an AudioContext in Firefox;
  // Chromium headless has a fake output of its own. The page's answer to no output is tested apart.
  'media.cubeb.force_mock_context': true,
};

/** `soundOutput: false`: no mock output, as on a machine with no sound device (Firefox never starts audio). */
export function launchFirefox({ soundOutput = true } = {}): Promise<Browser> {
  const prefs = { ...FIREFOX_PREFS };
  if (!soundOutput) delete prefs['media.cubeb.force_mock_context'];
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: prefs,
  });
}

/** Uncaught errors and console errors of the page, collected as they come. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${String(e)}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** The text of the first element matching `selector`, or '' when there is none. */
export function textOf(page: Page, selector: string): Promise<string> {
  return page.evaluate((s) => document.querySelector(s)?.textContent ?? '', selector);
}

/** Waits until the element matching `selector` holds text matching `pattern`. */
export async function waitForText(page: Page, selector: string, pattern: RegExp, timeout: number): Promise<void> {
  await page.waitForFunction(
    (s, source, flags) => new RegExp(source, flags).test(document.querySelector(s)?.textContent ?? ''),
    { timeout },
    selector,
    pattern.source,
    pattern.flags,
  );
}

/** Waits until `count` elements match `selector`. */
export async function waitForCount(page: Page, selector: string, count: number, timeout: number): Promise<void> {
  await page.waitForFunction((s, n) => document.querySelectorAll(s).length === n, { timeout }, selector, count);
}
