/**
 * Cross-browser smoke tests in Debian's WebKitGTK (the engine of Safari, not Safari): it has no WebGPU and
 * no HTMLMediaElement.captureStream, so the page runs on WASM and must say the examples cannot start.
 */
import { expect, test } from '@playwright/test';
import { launchWebKit, type WebKitSession } from './webkit.ts';

const BASE = 'http://localhost:4173/';
const MODELS_LOADED = 'return document.querySelectorAll("[data-testid=model-backends] tr[data-model]").length === 6';
const textOf = (testid: string) => `(document.querySelector("[data-testid=${testid}]")?.textContent ?? "")`;
const text = (testid: string) => `return ${textOf(testid)}`;

let browser: WebKitSession;
test.beforeAll(async () => {
  browser = await launchWebKit();
});
test.afterAll(async () => {
  await browser?.close();
});

test('WebKitGTK: the landing loads its models on WASM, and says the examples cannot start here', async () => {
  await browser.goto(BASE);
  await browser.waitFor(MODELS_LOADED, 60_000);
  expect(await browser.run<string>(text('webgpu-status'))).toContain('Models run on WASM');
  expect(await browser.run<string>(text('feature-notice'))).toContain(
    'This browser has no HTMLMediaElement.captureStream. The examples and replaying a clip cannot start',
  );
  expect(
    await browser.run<boolean[]>(
      'return [...document.querySelectorAll("[data-testid=examples] button"), document.querySelector("[data-testid=clip-file]")].map((b) => b.disabled)',
    ),
  ).not.toContain(false);
});

test('WebKitGTK: the camera path reads frames', async () => {
  await browser.goto(BASE);
  await browser.waitFor(MODELS_LOADED, 60_000);
  await browser.run('document.querySelector("[data-testid=start]").click(); return true');
  // WebKit's mock camera shows a pattern, not a face: frames are read, and no face is found.
  await browser.waitFor(`return /^[1-9]\\d* frames\\/s/.test(${textOf('face-speed')})`, 30_000);
  expect(await browser.run<string>(text('face-state'))).toContain('No face');
});
