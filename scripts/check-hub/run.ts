/**
 * `npm run check:hub [-- --only ID…] [--endpoint URL] [--device webgpu|wasm] [--json FILE] [--write-manifest]`:
 * downloads every pinned hub model in models/manifest.json through the app's own loading code, in Debian's
 * headless Chromium (WebGPU where a hardware adapter exists, WASM otherwise), runs it once on fixture input,
 * checks the output, and prints a table. `--write-manifest` records each downloaded file's size and sha256.
 * Needs a connection to the hub (or `--endpoint`, a server with the hub's URL layout).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.ts';
import { checkHub, MANIFEST, reportTable, withRecordedFiles } from './check.ts';

const PORT = 4192;
const { values } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    endpoint: { type: 'string' },
    device: { type: 'string' },
    json: { type: 'string', default: 'check-hub-results.json' },
    'write-manifest': { type: 'boolean', default: false },
  },
});
const device = values.device as 'webgpu' | 'wasm' | undefined;
if (device && device !== 'webgpu' && device !== 'wasm') throw new Error('--device takes webgpu or wasm');

async function main(): Promise<number> {
  const root = new URL('../..', import.meta.url).pathname;
  const server = await preview({ root, mode: 'e2e', preview: { port: PORT, strictPort: true }, logLevel: 'warn' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'],
  });
  try {
    const page = await (await browser.newContext()).newPage();
    console.log(`check:hub against ${values.endpoint ?? 'https://huggingface.co'}…`);
    const report = await checkHub(page, {
      baseUrl: `http://localhost:${PORT}/`,
      only: (values.only ?? []).flatMap((o) => o.split(',')),
      ...(values.endpoint ? { endpoint: values.endpoint } : {}),
      ...(device ? { device } : {}),
      log: (line) => console.log(line),
    });
    console.log(`\nadapter: ${report.adapter ?? 'none'} · ${(report.totalBytes / 1e6).toFixed(1)} MB downloaded\n`);
    console.log(reportTable(report));
    writeFileSync(values.json as string, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwrote ${values.json}`);
    if (values['write-manifest']) {
      writeFileSync(MANIFEST, withRecordedFiles(readFileSync(MANIFEST, 'utf8'), report));
      console.log(`recorded the downloaded files' sizes and sha256 in ${MANIFEST}`);
    }
    return report.models.every((m) => m.ok) ? 0 : 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
