/**
 * `npm run bench [-- --only vision] [--json FILE] [--seconds N] [--warmup N]`: the app's
 * real pipelines in Debian's headless Chromium, on WASM, with comparisons
 * measured side by side in the same run. Prints a table and writes JSON.
 * Speeds from a software WebGPU adapter are never reported as speeds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH, fakeMedia } from '../../e2e/chromium.ts';
import type { Bench, Throughput } from '../../e2e/harness/bench.ts';
import { writeFamilies } from '../tiny-models/index.ts';
import { TINY_MODELS_DIR } from '../tiny-models/paths.ts';

declare const bench: Bench;

const SECTIONS = ['vision', 'audio', 'explainer', 'e2e'] as const;
type Section = (typeof SECTIONS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    json: { type: 'string', default: 'bench-results.json' },
    seconds: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '8' },
    'e2e-seconds': { type: 'string', default: '60' },
  },
});
const only = values.only as Section | undefined;
if (only && !SECTIONS.includes(only)) throw new Error(`--only takes one of ${SECTIONS.join(', ')}`);
const seconds = Number(values.seconds);
const wants = (s: Section) => !only || only === s;

const root = join(import.meta.dirname, '../..');
const CLIP_SOURCE = join(root, 'e2e/fixtures/media/cremad_1001_DFA_HAP_XX.mp4');
const CLIP = join(root, 'e2e/.generated/clips/cremad-happy-640x480.webm');

function ensureClip(): void {
  if (existsSync(CLIP)) return;
  mkdirSync(dirname(CLIP), { recursive: true });
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', CLIP_SOURCE, '-vf', 'scale=640:480', '-an', '-c:v', 'libvpx-vp9', '-b:v', '1M', CLIP]);
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * The whole app for `seconds` with the talking-face clip looping as fake camera and microphone:
 * main-thread long tasks, JS heap at start and end, and utterance → MI / first token on screen
 * (the app records those as performance measures).
 */
async function endToEnd(seconds: number): Promise<Record<string, unknown>> {
  const generated = join(root, 'e2e/.generated');
  const video = join(generated, 'camera.y4m');
  const audio = join(generated, 'microphone.wav');
  if (!existsSync(video) || !existsSync(audio)) {
    mkdirSync(generated, { recursive: true });
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', CLIP_SOURCE, '-an', '-r', '15', '-pix_fmt', 'yuv420p', video]);
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-i', CLIP_SOURCE, '-vn', '-ac', '1', '-ar', '48000', audio]);
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...fakeMedia(video, audio), '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage();
    await page.goto('http://localhost:4190/');
    await page.getByTestId('model-backends').locator('tr[data-model]').nth(4).waitFor({ timeout: 60_000 });
    await page.evaluate(() => {
      const w = globalThis as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    const heap = () => page.evaluate(() => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null);
    const heapStart = await heap();
    process.stdout.write(`e2e: the clip as camera and microphone for ${seconds} s… `);
    await page.getByTestId('start').click();
    await page.waitForTimeout(seconds * 1000);
    const heapEnd = await heap();
    const stats = await page.evaluate(() => ({
      longTasks: (globalThis as unknown as { __longTasks: number[] }).__longTasks,
      mi: performance.getEntriesByName('attend-first:utterance-to-mi').map((e) => e.duration),
      firstToken: performance.getEntriesByName('attend-first:utterance-to-first-token').map((e) => e.duration),
      windows: document.querySelectorAll('[data-testid="mi-panel"] li').length,
    }));
    console.log('done');
    const median = (v: number[]) => ([...v].sort((a, b) => a - b)[v.length >> 1] ?? null);
    const mb = (b: number | null) => (b === null ? null : round(b / 2 ** 20, 1));
    const result = {
      seconds,
      utterances: stats.mi.length,
      utterance_end_to_mi_ms: median(stats.mi) === null ? null : round(median(stats.mi)!, 1),
      utterance_end_to_first_token_ms: median(stats.firstToken) === null ? null : round(median(stats.firstToken)!, 1),
      long_tasks_over_50ms: stats.longTasks.length,
      longest_task_ms: stats.longTasks.length ? round(Math.max(...stats.longTasks), 0) : 0,
      js_heap_mb_start: mb(heapStart),
      js_heap_mb_end: mb(heapEnd),
      note: 'utterance end = when the voice-activity detector reports it (after its 320 ms hangover); first token = the Lite template\'s first streamed word',
    };
    console.log(`  ${result.utterances} utterances · utterance → MI on screen ${result.utterance_end_to_mi_ms} ms (median) · → first word ${result.utterance_end_to_first_token_ms} ms`);
    console.log(`  main-thread long tasks over 50 ms: ${result.long_tasks_over_50ms} (longest ${result.longest_task_ms} ms) · JS heap ${result.js_heap_mb_start} → ${result.js_heap_mb_end} MB\n`);
    return result;
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist/e2e/harness/bench.html'))) throw new Error('run `npm run build:e2e` first (npm run bench does)');
  ensureClip();
  writeFamilies(TINY_MODELS_DIR); // the explainer benchmark serves the tiny causal-LM stand-in as if from the hub
  const server = await preview({ root, mode: 'e2e', preview: { port: 4190, strictPort: true }, logLevel: 'warn' });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e.message));
    page.on('console', (m) => {
      if (process.env.BENCH_VERBOSE) console.log('  [page]', m.text());
    });
    await page.goto('http://localhost:4190/e2e/harness/bench.html');
    await page.waitForFunction(() => 'bench' in globalThis);
    const adapter = await page.evaluate(() => bench.adapter());
    await page.evaluate((ms) => bench.setWarmup(ms), Number(values.warmup) * 1000);
    const report: Record<string, unknown> = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memory_gib: round(totalmem() / 2 ** 30), node: process.version },
      browser: `Chromium ${browser.version()}`,
      adapter: adapter ?? null,
      adapter_note: adapter?.includes('software')
        ? 'a software WebGPU adapter: its figures are no speed, so every figure below is WASM'
        : adapter
          ? null
          : 'no WebGPU adapter: every figure below is WASM',
    };
    const ms = seconds * 1000;

    if (wants('vision')) {
      const clip = await page.evaluate((url) => bench.loadFrames(url), '/vendor/clips/cremad-happy-640x480.webm');
      console.log(`vision: ${clip.frames} frames of ${clip.width}×${clip.height}, ${values.warmup} s warm-up + ${seconds} s per measurement`);
      const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
        process.stdout.write(`  ${label}… `);
        const result = await run();
        console.log('done');
        return result;
      };
      const app1 = await step('app, 1 thread', () => page.evaluate((d) => bench.app(1, d), ms));
      const app2 = await step('app, 2 threads', () => page.evaluate((d) => bench.app(2, d), ms));
      const bare1 = await step('bare loop, 1 thread', () => page.evaluate((d) => bench.bare(1, d), ms));
      const bare2 = await step('bare loop, 2 threads', () => page.evaluate((d) => bench.bare(2, d), ms));
      const anchor = await step('face-api (TF.js WASM)', () => page.evaluate((d) => bench.anchor(d), ms));
      const busy = await step('app at 30 frames/s', () => page.evaluate((d) => bench.appBusyAt30fps(d), ms));
      report.vision = {
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
      console.log(`  per frame (app, 1 thread): ${JSON.stringify((report.vision as { stages_ms: unknown }).stages_ms)}`);
      console.log(`  frame states (app, 1 thread): ${JSON.stringify(app1.states)}`);
      console.log(`  per frame (bare, 1 thread): ${JSON.stringify(bare1.stages)}\n`);
    }
    if (wants('audio')) {
      const files = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad'].flatMap((e) =>
        ['1001', '1002'].map((actor) => `/vendor/speech/${e}/cremad_${actor}_DFA_${e.slice(0, 3).toUpperCase()}_XX.wav`),
      );
      process.stdout.write('audio: 12 fixture utterances at 48 kHz through the capture resampler and the audio worker… ');
      const a = await page.evaluate((f) => bench.audio(f), files);
      console.log('done');
      const sorted = [...a.analysisMs].sort((x, y) => x - y);
      const median = sorted[sorted.length >> 1] ?? 0;
      const voiceSorted = [...a.voiceMsPerS].sort((x, y) => x - y);
      const voiceMedian = voiceSorted[voiceSorted.length >> 1] ?? null;
      const voiceFirst = a.voiceMsPerS[0] ?? null;
      // The voice model alone, in its own worker: every utterance read 15 times, per-round figures side by side.
      const rounds = await page.evaluate((f) => bench.voiceModel(f, 15), files);
      const med = (pick: (r: (typeof rounds)[number]) => number) => {
        const v = rounds.map(pick).sort((x, y) => x - y);
        return v[v.length >> 1] ?? 0;
      };
      report.audio = {
        rtf: round(a.rtf, 4),
        utterance_to_distribution_ms: round(median, 1),
        utterance_to_distribution_ms_max: round(sorted.at(-1) ?? 0, 1),
        utterances_found: a.utterances,
        audio_seconds: round(a.seconds, 1),
        voice_model_ms_per_s: round(med((r) => r.reading), 2),
        voice_features_ms_per_s: round(med((r) => r.features), 2),
        voice_graph_ms_per_s: round(med((r) => r.graph), 3),
        voice_in_stream_ms_per_s: voiceMedian === null ? null : round(voiceMedian, 2),
        voice_in_stream_ms_per_s_first: voiceFirst === null ? null : round(voiceFirst, 2),
      };
      console.log(`  real-time factor ${a.rtf.toFixed(4)} over ${a.seconds.toFixed(1)} s · ${a.utterances}/12 utterances · utterance end → distribution: median ${median.toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms`);
      console.log(
        `  voice model, 12 utterances × 15 rounds in a worker, one WASM thread (median round): ${med((r) => r.reading).toFixed(2)} ms per second of audio (goal ≤ 2) = ` +
          `features ${med((r) => r.features).toFixed(2)} + graph ${med((r) => r.graph).toFixed(3)} (+ speaker reference)`,
      );
      console.log(
        `  in the stream above (the audio worker, while chunks arrive): median ${voiceMedian?.toFixed(2) ?? '–'} ms per second of audio; the first utterance ${voiceFirst?.toFixed(2) ?? '–'}\n`,
      );
    }
    if (wants('explainer')) {
      process.stdout.write('explainer: the tiny causal-LM stand-in through the hub worker vs a bare generate (WASM)… ');
      const x = await page.evaluate((n) => bench.explainer(n), 64);
      const mi = await page.evaluate((n) => bench.miTiming(n), 20_000);
      console.log('done');
      report.explainer = {
        ttft_ms: round(x.ttftMs, 1),
        tokens_per_s: round(x.tokensPerS, 1),
        bare_tokens_per_s: round(x.bareTokensPerS, 1),
        bare_streamed_tokens_per_s: round(x.bareStreamedTokensPerS, 1),
        worker_vs_bare: round(x.workerVsBare, 3),
        rounds: x.rounds,
        tokens: x.tokens,
        model: 'tiny random-weight causal LM in the SmolLM2 layout (the hub cannot be reached here): measures the path, not a real model',
        mi_ms_three_modalities: round(mi, 4),
        guided_tokens_per_s: round(x.guided.tokensPerS, 1),
        guided_ttft_ms: round(x.guided.ttftMs, 1),
        guided_tokens: x.guided.tokens,
        guided_uncached_tokens_per_s: round(x.guidedUncachedTokensPerS, 1),
        guided_prompt_tokens: x.guided.promptTokens,
        guided_cached_prompt_tokens: x.guided.cachedPromptTokens,
        guided_sections: x.guided.sections,
      };
      console.log(`  worker path ${x.tokensPerS.toFixed(0)} tokens/s vs bare generate ${x.bareTokensPerS.toFixed(0)} tokens/s (medians of ${x.rounds} interleaved rounds; per-round ratio, median: ${(x.workerVsBare * 100).toFixed(1)}%), bare with a TextStreamer ${x.bareStreamedTokensPerS.toFixed(0)} tokens/s · first token ${x.ttftMs.toFixed(1)} ms`);
      console.log(`  MI-guided decoding (${x.guided.sections} sections, each re-prompted with its evidence): ${x.guided.tokensPerS.toFixed(0)} tokens/s over ${x.guided.tokens} tokens, first token ${x.guided.ttftMs.toFixed(1)} ms; KV cache kept between sections: ${x.guided.cachedPromptTokens}/${x.guided.promptTokens} prompt tokens not read again (every prompt read in full: ${x.guidedUncachedTokensPerS.toFixed(0)} tokens/s)`);
      console.log(`  Modality Importance, three modalities: ${(mi * 1000).toFixed(1)} µs per window\n`);
    }
    if (wants('e2e')) report.e2e = await endToEnd(Number(values['e2e-seconds']));
    writeFileSync(values.json as string, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${values.json}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
