/**
 * Vision: the app against face-api and a bare ORT loop, side by side in rounds on the same frames
 * (e2e/harness/bench/vision.ts), at equal work and as shipped; the share of a core the app keeps busy
 * at a live 30 frames/s; and a WebGPU row only when the page has a hardware adapter.
 */
import type { Bench } from '../../../e2e/harness/bench.ts';
import type { Throughput } from '../../../e2e/harness/bench/frames.ts';
import { round, step, type Page } from '../common.ts';
import { threadCpuShares, type TraceEvent } from '../trace.ts';

declare const bench: Bench;

export interface VisionSettings {
  readonly rounds: number;
  readonly framesPerRound: number;
  readonly warmupS: number;
  /** The hardware adapter, if any (a software one is null here). */
  readonly hardwareAdapter: string | null;
}

export async function visionScenario(page: Page, s: VisionSettings): Promise<Record<string, unknown>> {
  const clip = await page.evaluate((url) => bench.loadFrames(url), '/vendor/clips/cremad-happy-640x480.webm');
  console.log(
    `vision: ${clip.frames} frames of ${clip.width}×${clip.height}; four paths warmed up ${s.warmupS} s each, then ${s.rounds} rounds of ${s.framesPerRound} frames per path, in turn (WASM, one thread)`,
  );
  const v = await step('rounds', () =>
    page.evaluate(([r, f]) => bench.visionRounds(r!, f!), [s.rounds, s.framesPerRound]),
  );
  // The share of a core at 30 frames/s: from the worker thread's CPU time in a Chromium trace, and (kept beside
  // it) from the worker's own timing of each frame, which counts wall time, waits included.
  const browser = page.context().browser()!;
  await browser.startTracing(page, {
    categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  const busy = await step('app at 30 frames/s', () => page.evaluate((d) => bench.appBusyAt30fps(d), 5000));
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
  const [worker] = threadCpuShares(
    trace.traceEvents,
    /DedicatedWorker/,
    'attend-first:busy-start',
    'attend-first:busy-end',
  );
  if (!worker) throw new Error('the trace shows no worker thread busy while the app read frames at 30 frames/s');
  const webgpu = s.hardwareAdapter
    ? await step(`app on WebGPU (${s.hardwareAdapter})`, () => page.evaluate((d) => bench.appWebGpu(d), 5000))
    : null;
  const t = v.throughput;
  const fps = (name: string) => round(t[name]!.fps);
  const report = {
    backend: 'wasm, one thread, every path',
    rounds: v.rounds,
    frames_per_round: v.framesPerRound,
    equal_work_ratio: round(v.equalWorkRatio, 2),
    as_shipped_ratio: round(v.asShippedRatio, 2),
    app_vs_bare: round(v.appVsBare, 3),
    fps: fps('app'),
    ms_p50: round(t.app!.ms_p50),
    ms_p95: round(t.app!.ms_p95),
    fps_equal_work: fps('app_equal_work'),
    face_api_fps: fps('face_api'),
    bare_fps: fps('bare'),
    cpu_share_at_30fps: round(worker.share, 3),
    core_share_at_30fps: round(busy, 3),
    face_found: Object.fromEntries(Object.entries(v.faceFound).map(([k, x]) => [k, round(x, 3)])),
    webgpu: webgpu
      ? {
          adapter: s.hardwareAdapter,
          fps: round(webgpu.fps),
          ms_p50: round(webgpu.ms_p50),
          ms_p95: round(webgpu.ms_p95),
        }
      : null,
    stages_ms: Object.fromEntries(Object.entries(v.stages).map(([k, x]) => [k, round(x, 2)])),
    states: v.states,
    frames: { width: clip.width, height: clip.height },
    work: {
      app: 'BlazeFace-128 every second frame with tracking, face_expression (112) and 68 landmarks every 100 ms (frames between keep the last reading)',
      app_equal_work: 'BlazeFace-128, face_expression (112) and 68 landmarks every frame',
      face_api:
        "TinyFaceDetector 160, 68 landmarks, expressions (112) every frame: as shipped and at equal work alike (no tracker). Its docs recommend 128 or 160 for webcam tracking; 128, the app detector's input, finds the face only in face_found.face_api_at_128 of these frames",
      bare: 'BlazeFace-128 and face_expression every frame on a plain resize: no decoding, tracking, alignment or landmarks',
    },
  };
  const row = (name: string, x: Throughput) =>
    console.log(
      `  ${name.padEnd(34)} ${x.fps.toFixed(1).padStart(7)} ${x.ms_p50.toFixed(1).padStart(8)} ${x.ms_p95.toFixed(1).padStart(8)}`,
    );
  console.log(
    `\n  ${'vision (WASM, one thread)'.padEnd(34)} ${'frames/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}`,
  );
  row('app, as shipped', t.app!);
  row('app, equal work', t.app_equal_work!);
  row('face-api (160; no tracker)', t.face_api!);
  row('bare ORT loop', t.bare!);
  if (webgpu) row(`app on WebGPU (${s.hardwareAdapter}), alone`, webgpu);
  console.log(
    `  app / face-api (median of ${v.rounds} per-round ratios): equal work ${v.equalWorkRatio.toFixed(2)}× · as shipped ${v.asShippedRatio.toFixed(2)}× · app / bare ${v.appVsBare.toFixed(3)}`,
  );
  console.log(
    `  frames with a face found: ${Object.entries(v.faceFound)
      .map(([k, x]) => `${k} ${(x * 100).toFixed(0)}%`)
      .join(' · ')}`,
  );
  console.log(
    `  at a live 30 frames/s the vision worker uses ${(worker.share * 100).toFixed(0)}% of one core (its thread's CPU time, ${worker.cpuMs.toFixed(0)} ms in ${worker.windowMs.toFixed(0)} ms); ` +
      `by its own timing of each frame, ${(busy * 100).toFixed(0)}%`,
  );
  console.log(`  per frame (app as shipped): ${JSON.stringify(report.stages_ms)}`);
  console.log(`  frame states (app as shipped): ${JSON.stringify(v.states)}`);
  console.log(`  per frame (bare): ${JSON.stringify(v.bareStages)}\n`);
  return report;
}
