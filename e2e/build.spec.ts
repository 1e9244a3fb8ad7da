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
