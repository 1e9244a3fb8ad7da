/** The bench's server and browser: the e2e build under `vite preview`, and Debian's Chromium with WebGPU allowed. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { preview, type PreviewServer } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.ts';
import { writeFamilies } from '../tiny-models/index.ts';
import { TINY_MODELS_DIR } from '../tiny-models/paths.ts';
import { ensureClip, PORT, root } from './common.ts';

export interface BenchHost {
  readonly server: PreviewServer;
  readonly browser: Browser;
  close(): Promise<void>;
}

export async function startBenchHost(): Promise<BenchHost> {
  if (!existsSync(join(root, 'dist-e2e/e2e/harness/bench.html')))
    throw new Error('run `npm run build:e2e` first (npm run bench does)');
  ensureClip();
  writeFamilies(TINY_MODELS_DIR); // the explainer benchmark serves the tiny causal-LM stand-in as if from the hub
  const server = await preview({ root, mode: 'e2e', preview: { port: PORT, strictPort: true }, logLevel: 'warn' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'],
  });
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
