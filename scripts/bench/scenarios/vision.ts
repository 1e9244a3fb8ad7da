/**
 * Vision: the app's worker path against a bare ORT loop and face-api on the same frames, in turn
 * in one page, and the share of a core it keeps busy at a live 30 frames/s.
 */
import type { Bench } from '../../../e2e/harness/bench.ts';
import type { Throughput } from '../../../e2e/harness/bench/frames.ts';
import { round, step, type Page } from '../common.ts';

declare const bench: Bench;

export async function visionScenario(page: Page, ms: number, seconds: number, warmupS: number): Promise<Record<string, unknown>> {
  const clip = await page.evaluate((url) => bench.loadFrames(url), '/vendor/clips/cremad-happy-640x480.webm');
  console.log(`vision: ${clip.frames} frames of ${clip.width}×${clip.height}, ${warmupS} s warm-up + ${seconds} s per measurement`);
  const app1 = await step('app, 1 thread', () => page.evaluate((d) => bench.app(1, d), ms));
  const app2 = await step('app, 2 threads', () => page.evaluate((d) => bench.app(2, d), ms));
  const bare1 = await step('bare loop, 1 thread', () => page.evaluate((d) => bench.bare(1, d), ms));
  const bare2 = await step('bare loop, 2 threads', () => page.evaluate((d) => bench.bare(2, d), ms));
  const anchor = await step('face-api (TF.js WASM)', () => page.evaluate((d) => bench.anchor(d), ms));
  const busy = await step('app at 30 frames/s', () => page.evaluate((d) => bench.appBusyAt30fps(d), ms));
  const report = {
    fps: round(app1.fps),
    ms_p50: round(app1.ms_p50),
    ms_p95: round(app1.ms_p95),
    fps_threads: round(app2.fps),
    bare_fps: round(bare1.fps),
    bare_fps_threads: round(bare2.fps),
    anchor_fps: round(anchor.fps),
    app_vs_bare: round(app1.fps / bare1.fps, 3),
    app_vs_anchor: round(app1.fps / anchor.fps, 2),
    core_share_at_30fps: round(busy, 3),
    stages_ms: Object.fromEntries(Object.entries(app1.stages).map(([k, v]) => [k, round(v, 2)])),
    states: app1.states,
    frames: { width: clip.width, height: clip.height },
  };
  const row = (name: string, t: Throughput) =>
    console.log(`  ${name.padEnd(28)} ${t.fps.toFixed(1).padStart(7)} ${t.ms_p50.toFixed(1).padStart(8)} ${t.ms_p95.toFixed(1).padStart(8)}`);
  console.log(`\n  ${'vision (WASM)'.padEnd(28)} ${'frames/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`);
  row('app path, 1 thread', app1);
  row('app path, 2 threads', app2);
  row('bare ORT loop, 1 thread', bare1);
  row('bare ORT loop, 2 threads', bare2);
  row('face-api, TF.js WASM', anchor);
  console.log(`  app / bare: ${(app1.fps / bare1.fps).toFixed(3)} · app / face-api: ${(app1.fps / anchor.fps).toFixed(2)}×`);
  console.log(`  at a live 30 frames/s the vision worker keeps ${(busy * 100).toFixed(0)}% of one core busy`);
  console.log(`  per frame (app, 1 thread): ${JSON.stringify(report.stages_ms)}`);
  console.log(`  frame states (app, 1 thread): ${JSON.stringify(app1.states)}`);
  console.log(`  per frame (bare, 1 thread): ${JSON.stringify(bare1.stages)}\n`);
    return report;
}
