/**
 * `npm run examples:measure [-- --runs N] [--json FILE]`: the bundled examples as a visitor plays them, one
 * after another in one page (Back between them), N times in fresh pages. The production build under
 * `vite preview`, Debian's headless Chromium, Lite tier, no camera. For each example it records the
 * utterance windows the clip made (face, voice, fused, dominant) from the session export. A replayed
 * clip's voice reading varies from run to run (the utterance is cut where the page hears it), hence runs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.ts';
import type { ExportedWindow } from '../eval/live-core.ts';

const ROOT = join(import.meta.dirname, '../..');
const PORT = 4194;
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, json: { type: 'string', default: 'examples-results.json' } },
});
const listed = JSON.parse(readFileSync(join(ROOT, 'public/examples/examples.json'), 'utf8')) as {
  examples: { id: string; title: string }[];
};

interface Played {
  readonly id: string;
  readonly run: number;
  readonly windows: { face: string; voice: string; fused: string; dominant: string }[];
}

async function exported(page: Page): Promise<ExportedWindow[]> {
  await page.getByTestId('export').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-save').click()]);
  return (JSON.parse(readFileSync((await download.path())!, 'utf8')) as { windows: ExportedWindow[] }).windows;
}

const reading = (w: ExportedWindow, m: string) => {
  const r = w.modalities.find((x) => x.modality === m);
  return r ? `${r.top.emotion} ${r.top.p.toFixed(2)}` : '–';
};

async function main(): Promise<void> {
  const server = await preview({ root: ROOT, preview: { port: PORT, strictPort: true }, logLevel: 'warn' });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const played: Played[] = [];
  try {
    for (let run = 1; run <= Number(values.runs); run++) {
      const page = await browser.newPage({ serviceWorkers: 'block', acceptDownloads: true });
      await page.goto(`http://localhost:${PORT}/`);
      await page.getByTestId('model-backends').locator('tr[data-model]').nth(5).waitFor({ timeout: 120_000 });
      let seen = 0;
      for (const example of listed.examples) {
        await page.getByTestId(`example-${example.id}`).click();
        await page.locator('[data-testid="clip-status"][data-ended="true"]').waitFor({ timeout: 60_000 });
        const live = page.getByTestId('live');
        for (
          let i = 0;
          i < 20 &&
          (await live.getAttribute('data-windows-made')) !== (await live.getAttribute('data-windows-explained'));
          i++
        )
          await page.waitForTimeout(500);
        const all = await exported(page);
        const mine = all.slice(seen).filter((w) => w.kind === 'utterance');
        seen = all.length;
        played.push({
          id: example.id,
          run,
          windows: mine.map((w) => ({
            face: reading(w, 'face'),
            voice: reading(w, 'voice'),
            fused: `${w.prediction} ${w.pFused.toFixed(2)}`,
            dominant: w.dominant,
          })),
        });
        console.log(
          `run ${run} · ${example.title}: ${mine.map((w) => `face ${reading(w, 'face')}, voice ${reading(w, 'voice')} → ${w.prediction} ${w.pFused.toFixed(2)}, ${w.dominant}`).join(' | ') || 'no utterance window'}`,
        );
        await page.getByRole('button', { name: 'Back' }).click();
      }
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  writeFileSync(
    values.json as string,
    `${JSON.stringify({ date: new Date().toISOString(), command: 'npm run examples:measure', played }, null, 2)}\n`,
  );
  console.log(`wrote ${values.json}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
