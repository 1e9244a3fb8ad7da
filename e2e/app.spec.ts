import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { expect, test } from '@playwright/test';
import { LITE_MODELS } from '../src/core/tiers.ts';
import { collectConsoleErrors } from './console.ts';
import { answeringOrigin, fetchFromPage, listen } from './csp.ts';

test('loads offline, with models verified and no console errors', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  const outside: string[] = [];
  page.on('request', (req) => {
    if (
      !req.url().startsWith('http://localhost:4173/') &&
      !req.url().startsWith('data:') &&
      !req.url().startsWith('blob:')
    ) {
      outside.push(req.url());
    }
  });
  await page.goto('/');
  await expect(page.getByTestId('landing')).toBeVisible();
  await expect(page.getByTestId('app-state')).toHaveAttribute('data-state', 'idle', { timeout: 45_000 });
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6);
  expect(errors).toEqual([]);
  expect(outside).toEqual([]);
});

test('serves the page cross-origin isolated, with a CSP that allows only the app and the model hub', async ({
  page,
}) => {
  const response = await page.goto('/');
  const headers = response?.headers() ?? {};
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['cross-origin-embedder-policy']).toBe('require-corp');
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(csp).toContain(
    "connect-src 'self' https://huggingface.co https://*.cdn.hf.co https://*.xethub.hf.co https://*.xethub-eu.hf.co https://cdn-lfs.hf.co https://cdn-lfs-us-1.hf.co https://cdn-lfs-eu-1.hf.co;",
  );
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('the CSP is enforced: a second local origin that answers any fetch is refused, with a violation event', async ({
  page,
}) => {
  const answering = await answeringOrigin();
  // And a page with no CSP on a third local origin, to show the same fetch is answered when nothing forbids it.
  const control = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>no CSP</title>');
  });
  const controlUrl = await listen(control);
  try {
    await page.goto(controlUrl);
    expect((await fetchFromPage(page, answering.url)).outcome).toBe('answered');
    await page.goto('/');
    const result = await fetchFromPage(page, answering.url);
    expect(result.outcome).toMatch(/^refused: TypeError/);
    // One report per policy that refuses it: the header's and the <meta>'s (the same policy).
    expect(result.violations.length).toBeGreaterThanOrEqual(1);
    expect(new Set(result.violations)).toEqual(new Set([`connect-src ${answering.url}`]));
  } finally {
    answering.close();
    control.close();
  }
});
test('connect-src: the hub and the storage hosts its downloads redirect to are allowed, every other host refused', async ({
  page,
}) => {
  // Every https request is answered here (CORS and CORP allow it), so only the CSP decides. (A hub
  // download is a request to huggingface.co redirected to a storage host; CSP checks each hop, so each
  // host is checked on its own here: Playwright does not route a fulfilled redirect's next hop.)
  await page.context().route(/^https:\/\//, (route) =>
    route.fulfill({
      body: 'ok',
      headers: { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' },
    }),
  );
  await page.goto('/');
  const allowed = [
    'https://huggingface.co/onnx-community/x/resolve/0123/onnx/model.onnx',
    'https://us.aws.cdn.hf.co/xet-bridge-us/file',
    'https://us.gcp.cdn.hf.co/file',
    'https://cas-bridge.xethub.hf.co/xet-bridge-us/file',
    'https://transfer.xethub-eu.hf.co/file',
    'https://cdn-lfs.hf.co/file',
    'https://cdn-lfs-us-1.hf.co/file',
    'https://cdn-lfs-eu-1.hf.co/file',
  ];
  const refused = [
    'https://evil.hf.co/file',
    'https://api.huggingface.co.evil.com/file',
    'https://example.com/file',
    'https://cdn.jsdelivr.net/file',
  ];
  const results = await page.evaluate(
    (urls) =>
      Promise.all(
        urls.map((u) =>
          fetch(u).then(
            (r) => r.text(),
            () => 'refused',
          ),
        ),
      ),
    [...allowed, ...refused],
  );
  expect(results).toEqual([...allowed.map(() => 'ok'), ...refused.map(() => 'refused')]);
});

test('shows the software WebGPU adapter, and keeps models on WASM, which is faster there', async ({ page }) => {
  await page.goto('/');
  const status = page.getByTestId('webgpu-status');
  await expect(status).toHaveAttribute('data-available', 'true');
  await expect(status).toContainText('so models run on WASM');
  await expect(page.getByTestId('backend-summary')).toContainText('WebGPU (software, unused)');
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  const expression = page.locator('tr[data-model="face-expression"]');
  await expect(expression).toHaveAttribute('data-device', 'wasm');
  await expect(expression).toContainText('software renderer');
  // The Omni tier is not offered on a software adapter: the menu greys it out and the panel says why.
  await expect(page.getByTestId('omni-offer')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('omni-offer')).toContainText('not offered: it needs a hardware GPU');
  await expect(page.getByTestId('tier').locator('option[value="omni"]')).toBeDisabled();
});

test('with camera and microphone granted, the live video plays', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('start').click();
  const video = page.getByTestId('camera-video');
  await expect(video).toBeVisible();
  await expect
    .poll(() => video.evaluate((v: HTMLVideoElement) => (v.readyState >= 2 ? v.videoWidth : 0)))
    .toBeGreaterThan(0);
  await expect(page.getByTestId('mic-state')).toContainText('microphone on');
  await expect(page.getByTestId('app-state')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('media-notice')).toHaveCount(0);
});

test('a model file with one byte flipped fails with an error naming the file, and Retry recovers', async ({ page }) => {
  let corrupt = true;
  await page.context().route('**/models/lite/face/face_expression.onnx', async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    const middle = body.length >> 1;
    if (corrupt) body[middle] = (body[middle] ?? 0) ^ 0xff;
    await route.fulfill({ response, body });
  });
  await page.goto('/');
  const error = page.getByTestId('model-error');
  await expect(error).toContainText('lite/face/face_expression.onnx failed its integrity check', { timeout: 45_000 });
  await expect(page.getByTestId('app-state')).toHaveAttribute('data-state', 'model error');
  corrupt = false;
  await error.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
  await expect(page.getByTestId('model-error')).toHaveCount(0);
});

test('a missing model file is reported as missing, by name', async ({ page }) => {
  await page
    .context()
    .route('**/models/lite/audio/silero_vad_v5.onnx', (route) => route.fulfill({ status: 404, body: 'Not found' }));
  await page.goto('/');
  await expect(page.getByTestId('model-error')).toContainText('lite/audio/silero_vad_v5.onnx is missing (404', {
    timeout: 45_000,
  });
});

test('a crashed worker is reported, and Retry starts a new one', async ({ page }) => {
  const crash = '**/assets/vision.worker-*.js';
  await page
    .context()
    .route(crash, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: "throw new Error('simulated crash');" }),
    );
  await page.goto('/');
  const error = page.getByTestId('model-error');
  await expect(error).toContainText('The vision worker stopped unexpectedly', { timeout: 45_000 });
  await page.context().unroute(crash);
  await error.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
});

test('the landing shows the three steps and each tier with its download, memory and whether it runs here; a card chooses the tier', async ({
  page,
}) => {
  // The hub never answers: choosing Standard starts its downloads, which stay pending.
  await page.context().route('https://huggingface.co/**', () => undefined);
  await page.goto('/');
  await expect(page.getByTestId('steps').locator('li')).toHaveCount(3);
  await expect(page.getByTestId('steps')).toContainText('Modality Importance');
  const lite = page.getByTestId('tier-card-lite');
  await expect(lite).toHaveAttribute('data-runs', 'true', { timeout: 30_000 });
  // Lite's download: its bundled files as the manifest records them, and the two ORT runtimes its workers load.
  const manifest = JSON.parse(readFileSync('models/manifest.json', 'utf8')) as {
    models: { id: string; files: { size: number }[] }[];
  };
  const bundled = [...LITE_MODELS.vision, ...LITE_MODELS.audio].flatMap(
    (id) => manifest.models.find((m) => m.id === id)!.files,
  );
  const ort = ['jsep.mjs', 'jsep.wasm', 'mjs', 'wasm'].map(
    (ext) => statSync(`node_modules/onnxruntime-web/dist/ort-wasm-simd-threaded.${ext}`).size,
  );
  const bytes = [...bundled.map((f) => f.size), ...ort].reduce((a, b) => a + b, 0);
  await expect(lite.getByTestId('tier-download')).toHaveText(`${Math.round(bytes / 1e6)} MB, with the page`);
  await expect(lite.getByTestId('tier-runs')).toContainText('Runs here, on the CPU (WASM)');
  // Standard: Lite's and its hub files (the e2e build records the stand-ins' exact sizes; tiers.test.ts covers the hub pages' rounded ones).
  const standard = await page.getByTestId('tier-card-standard').getByTestId('tier-download').innerText();
  expect(standard).toMatch(/^\d+ MB, once$/);
  expect(parseInt(standard, 10)).toBeGreaterThan(Math.round(bytes / 1e6));
  // Omni is not offered on a software adapter, and the card says why.
  const omni = page.getByTestId('tier-card-omni');
  await expect(omni).toHaveAttribute('data-runs', 'false');
  await expect(omni.getByTestId('tier-runs')).toContainText('Not on this device: it needs a hardware GPU');
  await expect(omni.getByRole('radio')).toBeDisabled();
  // A card is the tier menu's choice.
  await page.getByTestId('tier-card-standard').click();
  await expect(page.getByTestId('tier')).toHaveValue('standard');
  await expect(page.getByTestId('tier-card-standard').getByRole('radio')).toBeChecked();
  await expect(page.getByTestId('speech-state')).toHaveAttribute('data-state', 'loading');
  await page.getByTestId('tier-card-lite').click();
  await expect(page.getByTestId('tier')).toHaveValue('lite');
  await expect(page.getByTestId('speech-state')).toHaveCount(0);
});
