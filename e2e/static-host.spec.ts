import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console.ts';
import { answeringOrigin, fetchFromPage } from './csp.ts';

/** `npm run build`'s output, as a host would get it. */
const DIST = join(import.meta.dirname, '../dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.webm': 'video/webm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

/** A plain static file server: files and their types, no other header at all (no COOP, COEP or CSP). */
function staticHost(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }),
    ),
  );
}

test('dist/ on a static host that sets no headers: the service worker isolates the page, the CSP comes as a meta tag, the app runs', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const { server, url } = await staticHost();
  try {
    const errors = collectConsoleErrors(page);
    const first = await page.goto(url);
    // The host really sends none of the protections.
    const headers = first!.headers();
    for (const h of ['cross-origin-opener-policy', 'cross-origin-embedder-policy', 'content-security-policy'])
      expect(headers[h]).toBeUndefined();
    // The service worker registers and reloads the page once; then it is cross-origin isolated.
    await page.waitForFunction(
      () => globalThis.crossOriginIsolated === true && navigator.serviceWorker.controller !== null,
      null,
      { timeout: 30_000 },
    );
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(csp).toContain("connect-src 'self' https://huggingface.co");
    // The page says how it is isolated, uses more than one WASM thread, and loads and verifies its models.
    await expect(page.getByTestId('isolation')).toHaveAttribute('data-by', 'service-worker');
    await expect(page.getByTestId('app-state')).toHaveAttribute('data-state', 'idle', { timeout: 45_000 });
    await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6);
    expect(await page.evaluate(() => typeof SharedArrayBuffer)).toBe('function');
    // The tier cards say how many of the hub files the page can check against a recorded sha256 (the real manifest).
    const standardChecked = page.getByTestId('tier-card-standard').getByTestId('tier-verified');
    await expect(standardChecked).toContainText(
      /\d+ of the \d+ hub files too, the other \d+ are used unverified \(no digest recorded\)/,
    );
    expect(Number(await standardChecked.getAttribute('data-unverified'))).toBeGreaterThan(0);
    await expect(page.getByTestId('tier-card-lite').getByTestId('tier-verified')).toHaveText(
      'the 6 bundled files against their recorded sha256',
    );
    expect(errors).toEqual([]);
    // The meta CSP is enforced, and is the only CSP here: another local origin that answers any fetch
    // (CORS and CORP allow it) is refused, with a violation event, and the console says why.
    const answering = await answeringOrigin();
    try {
      const result = await fetchFromPage(page, answering.url);
      expect(result.outcome).toMatch(/^refused: TypeError/);
      expect(new Set(result.violations)).toEqual(new Set([`connect-src ${answering.url}`]));
      expect(errors.length).toBeGreaterThanOrEqual(1);
      // Every console error is about that fetch and the policy that refused it: nothing else went wrong.
      for (const e of errors) {
        expect(e).toContain(answering.url);
        expect(e).toContain('Content Security Policy');
      }
    } finally {
      answering.close();
    }
  } finally {
    server.close();
  }
});

test('offline after one visit: with the host gone and the browser offline, a reload still analyses the camera and microphone', async ({
  page,
  context,
}) => {
  test.setTimeout(60_000 + 45_000 + 30_000 + 45_000 + 20_000);
  const { server, url } = await staticHost();
  let up = true;
  try {
    const errors = collectConsoleErrors(page);
    await page.goto(url);
    // The worker controls the page only once installed, i.e. once everything is precached.
    await page.waitForFunction(
      () => globalThis.crossOriginIsolated === true && navigator.serviceWorker.controller !== null,
      null,
      { timeout: 60_000 },
    );
    await expect(page.getByTestId('app-state')).toHaveAttribute('data-state', 'idle', { timeout: 45_000 });
    // The host goes away, and the browser is offline.
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    up = false;
    await context.setOffline(true);
    expect(
      await page.evaluate(
        (u) =>
          fetch(u, { cache: 'no-store' }).then(
            () => 'fetched',
            () => 'failed',
          ),
        `${url}models/lite/none.onnx`,
      ),
    ).toBe('failed');
    errors.length = 0;
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await page.reload();
    await expect(page.getByTestId('landing')).toBeVisible();
    // Still isolated (the worker adds the headers to the cached page), the models verified from the cache.
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    await expect(page.getByTestId('model-backends').locator('tr[data-model]')).toHaveCount(6, { timeout: 45_000 });
    await page.getByTestId('start').click();
    await expect(page.getByTestId('face-top')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('voice-top')).toBeVisible({ timeout: 45_000 });
    // Reloading offline is quiet: nothing failed to load (what the page asked of the network, it had cached).
    expect(failed).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await context.setOffline(false);
    if (up) server.close();
  }
});
