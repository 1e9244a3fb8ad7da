/**
 * `npm run bench [-- --only vision] [--json FILE] [--rounds N] [--frames N] [--warmup S] [--e2e-seconds S] [--startup-runs N]`: the app's
 * real pipelines in Debian's headless Chromium, on WASM, with comparisons
 * measured side by side in the same run. Prints a table and writes JSON.
 * Speeds from a software WebGPU adapter are never reported as speeds.
 *
 * This file is the command line; server.ts starts the page, scenarios/ holds one file per benchmark.
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type { Bench } from '../../e2e/harness/bench.ts';
import { PORT, round } from './common.ts';
import { audioScenario } from './scenarios/audio.ts';
import { endToEnd } from './scenarios/e2e.ts';
import { explainerScenario } from './scenarios/explainer.ts';
import { miScenario } from './scenarios/mi.ts';
import { startupScenario } from './scenarios/startup.ts';
import { visionScenario } from './scenarios/vision.ts';
import { startBenchHost } from './server.ts';

declare const bench: Bench;

const SECTIONS = ['startup', 'vision', 'audio', 'explainer', 'mi', 'e2e'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    json: { type: 'string', default: 'bench-results.json' },
    rounds: { type: 'string', default: '15' },
    frames: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '8' },
    'e2e-seconds': { type: 'string', default: '60' },
    'startup-runs': { type: 'string', default: '3' },
  },
});
const only = values.only as Section | undefined;
if (only && !SECTIONS.includes(only)) throw new Error(`--only takes one of ${SECTIONS.join(', ')}`);
const warmupS = Number(values.warmup);
const wants = (s: Section) => !only || only === s;

async function main(): Promise<void> {
  const host = await startBenchHost();
  try {
    const page = await host.browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    page.on('console', (m) => {
      if (process.env.BENCH_VERBOSE) console.log('  [page]', m.text());
    });
    await page.goto(`http://localhost:${PORT}/e2e/harness/bench.html`);
    await page.waitForFunction(() => 'bench' in globalThis);
    const adapter = await page.evaluate(() => bench.adapter());
    await page.evaluate((ms) => bench.setWarmup(ms), warmupS * 1000);
    const report: Record<string, unknown> = {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model ?? 'unknown',
        memory_gib: round(totalmem() / 2 ** 30),
        node: process.version,
      },
      browser: `Chromium ${host.browser.version()}`,
      adapter: adapter ?? null,
      adapter_note: adapter?.includes('software')
        ? 'a software WebGPU adapter: its figures are no speed, so every figure below is WASM'
        : adapter
          ? 'a hardware WebGPU adapter: comparisons stay on WASM; vision.webgpu is the app alone on it'
          : 'no WebGPU adapter: every figure below is WASM',
    };
    // First: before the other scenarios have warmed anything up.
    if (wants('startup')) report.startup = await startupScenario(Number(values['startup-runs']));
    if (wants('vision')) {
      report.vision = await visionScenario(page, {
        rounds: Number(values.rounds),
        framesPerRound: Number(values.frames),
        warmupS,
        hardwareAdapter: adapter && !adapter.includes('software') ? adapter : null,
      });
    }
    if (wants('audio')) report.audio = await audioScenario(page);
    if (wants('explainer')) report.explainer = await explainerScenario(page);
    if (wants('mi')) report.mi = await miScenario(page);
    if (wants('e2e')) report.e2e = await endToEnd(Number(values['e2e-seconds']));
    writeFileSync(values.json as string, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${values.json}`);
  } finally {
    await host.close();
  }
}

await main();
