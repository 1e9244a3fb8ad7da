import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from '@playwright/test';

const DIST = join(import.meta.dirname, '../dist');
const CDN = /cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|esm\.sh|skypack\.dev/;

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

test('the build contains no CDN URL, and ships ORT runtime and models from its own origin', () => {
  const all = [...files(DIST)].map((f) => relative(DIST, f));
  const text = all.filter((f) => /\.(js|mjs|html|css|json)$/.test(f));
  expect(text.length).toBeGreaterThan(3);
  const offenders = text.filter((f) => CDN.test(readFileSync(join(DIST, f), 'latin1')));
  expect(offenders).toEqual([]);
  expect(all).toContain('ort/ort-wasm-simd-threaded.jsep.wasm');
  expect(all).toContain('ort/ort-wasm-simd-threaded.wasm');
  expect(all).toContain('models/manifest.json');
  expect(all).toContain('models/lite/face/face_expression.onnx');
});

test('dist/ is the app alone, with its protections for any static host: _headers, the CSP meta, the isolation service worker', () => {
  const all = [...files(DIST)].map((f) => relative(DIST, f));
  // No test harness or benchmark page (those build to dist-e2e/).
  expect(all.filter((f) => f.endsWith('.html'))).toEqual(['index.html']);
  expect(all.some((f) => f.startsWith('e2e/'))).toBe(false);
  const headers = readFileSync(join(DIST, '_headers'), 'utf8');
  expect(headers.split('\n')[0]).toBe('/*');
  for (const h of [
    'Cross-Origin-Opener-Policy: same-origin',
    'Cross-Origin-Embedder-Policy: require-corp',
    'Cross-Origin-Resource-Policy: same-origin',
    "Content-Security-Policy: default-src 'self'",
    'Referrer-Policy: no-referrer',
    'X-Content-Type-Options: nosniff',
  ]) {
    expect(headers).toContain(`  ${h}`);
  }
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1]?.replace(/&#39;/g, "'");
  expect(meta).toContain("connect-src 'self' https://huggingface.co https://*.cdn.hf.co");
  expect(meta).not.toContain('frame-ancestors');
  // The meta carries the header's policy, less what a meta tag cannot carry.
  const header = /Content-Security-Policy: (.+)/.exec(headers)![1]!;
  expect(header).toBe(`${meta}; frame-ancestors 'none'`);
  // One service worker: offline after a visit, and isolation where the host sends no headers. It precaches the
  // page, the Lite runtime and models (static-host.spec.ts runs it offline).
  const sw = readFileSync(join(DIST, 'service-worker.js'), 'utf8');
  for (const url of [
    'index.html',
    'ort/ort-wasm-simd-threaded.jsep.wasm',
    'ort/ort-wasm-simd-threaded.wasm',
    'models/lite/face/face_expression.onnx',
    'models/lite/audio/silero_vad_v5.onnx',
  ]) {
    expect(sw).toContain(`"url":"${url}"`);
  }
  expect(sw).not.toContain('asyncify');
  expect(sw).toContain('X-Isolated-By');
  // Installable: a web app manifest with its icons in the build.
  expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest">');
  const app = JSON.parse(readFileSync(join(DIST, 'manifest.webmanifest'), 'utf8')) as {
    name: string;
    display: string;
    icons: { src: string; sizes: string }[];
  };
  expect(app).toMatchObject({ name: 'Attend First', display: 'standalone' });
  expect(app.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of app.icons) expect(statSync(join(DIST, icon.src)).size).toBeGreaterThan(1000);
});
