/**
 * Vision throughput, paths side by side in rounds on the same frames, all on WASM with one thread:
 * - the app's worker path as shipped (detection every second frame with tracking, expression and landmarks every 100 ms);
 * - the app doing equal work (detection, expression and landmarks every frame);
 * - face-api (TinyFaceDetector 160, landmarks and expressions every frame): it has no tracker, so as
 *   shipped it does the equal work. 160 is the smaller of its docs' webcam sizes (128, 160) that finds
 *   the face in every frame of this clip; the share 128 finds is measured and reported;
 * - a bare ORT loop of the app's detector and expression model (no decoding, tracking or landmarks).
 * Also the share of a core the app keeps busy at a live 30 frames/s, and a separate WebGPU row of the
 * app as shipped when the page has a hardware adapter (a software one is no speed).
 */
import * as Comlink from 'comlink';
import type { Capabilities } from '../../../src/core/capabilities.ts';
import { DEFAULT_TRACKING } from '../../../src/core/vision/tracker.ts';
import type { VisionOptions } from '../../../src/core/vision/pipeline.ts';
import { appBase } from '../../../src/platform/app-base.ts';
import { probeCapabilities } from '../../../src/platform/probe.ts';
import type { VisionWorkerApi } from '../../../src/workers/protocol.ts';
import type { BareWorkerApi } from '../bare.worker.ts';
import { faceApiPath } from './anchor.ts';
import {
  drive,
  interleaved,
  manifest,
  medianRatio,
  shared,
  take,
  warmUp,
  type Consumer,
  type Rounds,
  type Throughput,
} from './frames.ts';

const EQUAL_WORK: Partial<VisionOptions> = {
  tracking: { ...DEFAULT_TRACKING, redetectEvery: 1 },
  landmarksEveryMs: 0,
  expressionEveryMs: 0,
};

async function appWorker(
  device: 'wasm' | 'webgpu',
  options?: Partial<VisionOptions>,
): Promise<Comlink.Remote<VisionWorkerApi>> {
  const probed = await probeCapabilities();
  const caps: Capabilities =
    device === 'wasm'
      ? { ...probed, wasmThreads: 1, webgpu: { ...probed.webgpu, useForModels: false } }
      : { ...probed, wasmThreads: 1 };
  const api = Comlink.wrap<VisionWorkerApi>(
    new Worker(new URL('../../../src/workers/vision.worker.ts', import.meta.url), { type: 'module', name: 'vision' }),
  );
  const ids = ['blazeface-front-128', 'blazeface-back-256', 'face-expression', 'face-landmarks-68'];
  await api.load(
    ids.map((id) => manifest.models.find((m) => m.id === id)!),
    caps,
    appBase(),
    Comlink.proxy(() => undefined),
  );
  await api.startPipeline(
    { detector: ids[0]!, farDetector: ids[1]!, expression: ids[2]!, landmarks: ids[3]! },
    options,
  );
  return api;
}

const STAGES = ['grabMs', 'detectMs', 'expressionMs', 'landmarksMs', 'workerMs'] as const;

/** The app's path through its worker, counting per-stage time and frame states. */
function appPath(api: Comlink.Remote<VisionWorkerApi>) {
  const stages: Record<(typeof STAGES)[number], number> = {
    grabMs: 0,
    detectMs: 0,
    expressionMs: 0,
    landmarksMs: 0,
    workerMs: 0,
  };
  const states: Record<string, number> = {};
  let n = 0;
  const consume: Consumer = async (frame) => {
    const r = await api.analyse(Comlink.transfer(frame, [frame]), performance.now());
    states[r.state] = (states[r.state] ?? 0) + 1;
    stages.grabMs += r.grabMs;
    stages.detectMs += r.timings.detectMs;
    stages.expressionMs += r.timings.expressionMs;
    stages.landmarksMs += r.timings.landmarksMs;
    stages.workerMs += r.workerMs;
    n++;
  };
  const perFrame = () => Object.fromEntries(STAGES.map((k) => [k, stages[k] / Math.max(1, n)]));
  const found = () =>
    ((states.face ?? 0) +
      (states['small-face'] ?? 0) +
      (states['partial-face'] ?? 0) +
      (states['turned-away'] ?? 0) +
      (states['several-faces'] ?? 0)) /
    Math.max(1, n);
  return { consume, perFrame, states, found };
}

async function barePath(): Promise<{ consume: Consumer; api: Comlink.Remote<BareWorkerApi> }> {
  const api = Comlink.wrap<BareWorkerApi>(
    new Worker(new URL('../bare.worker.ts', import.meta.url), { type: 'module' }),
  );
  await api.load(appBase(), 1);
  return { consume: (frame) => api.analyse(Comlink.transfer(frame, [frame])), api };
}

export interface VisionRounds extends Rounds {
  /** App doing equal work ÷ face-api, median of per-round ratios. */
  readonly equalWorkRatio: number;
  /** App as shipped ÷ face-api as shipped, median of per-round ratios. */
  readonly asShippedRatio: number;
  /** App as shipped ÷ the bare loop, median of per-round ratios. */
  readonly appVsBare: number;
  /** The share of frames each path found a face in (work on the face happens only then). */
  readonly faceFound: Record<string, number>;
  readonly stages: Record<string, number>;
  readonly states: Record<string, number>;
  readonly bareStages: { detectMs: number; expressionMs: number };
}

export const visionBench = {
  /** All paths in `rounds` rounds of `framesPerRound` frames each, after each one's warm-up. */
  async visionRounds(rounds: number, framesPerRound: number): Promise<VisionRounds> {
    const shipped = appPath(await appWorker('wasm'));
    const equal = appPath(await appWorker('wasm', EQUAL_WORK));
    const bare = await barePath();
    const faceApi = await faceApiPath(160);
    // Would the app detector's input size do for face-api? A pass over every frame says how often it finds the face.
    const at128 = await faceApiPath(128);
    for (let i = 0; i < shared.frames.length; i++) await at128.consume(take(i));
    const result = await interleaved(
      {
        app: shipped.consume,
        app_equal_work: equal.consume,
        face_api: faceApi.consume,
        bare: bare.consume,
      },
      rounds,
      framesPerRound,
    );
    const r = result.perRound;
    return {
      ...result,
      equalWorkRatio: medianRatio(r.app_equal_work!, r.face_api!),
      asShippedRatio: medianRatio(r.app!, r.face_api!),
      appVsBare: medianRatio(r.app!, r.bare!),
      faceFound: {
        app: shipped.found(),
        app_equal_work: equal.found(),
        face_api: faceApi.found(),
        face_api_at_128: at128.found(),
      },
      stages: shipped.perFrame(),
      states: shipped.states,
      bareStages: await bare.api.timing(),
    };
  },

  /** The app as shipped on WebGPU, alone (no contender runs there): only asked for with a hardware adapter. */
  async appWebGpu(durationMs: number): Promise<Throughput> {
    return drive(appPath(await appWorker('webgpu')).consume, durationMs);
  },

  /**
   * The app's vision worker fed at a live camera's 30 frames/s, after its warm-up: the share of one core it
   * keeps busy by its own timing of each frame. The measured span is marked in the trace
   * (`attend-first:busy-start` / `-end`), where the bench reads the worker thread's CPU time as well.
   */
  async appBusyAt30fps(durationMs: number): Promise<number> {
    const api = await appWorker('wasm');
    await warmUp(appPath(api).consume);
    let busy = 0;
    console.timeStamp('attend-first:busy-start');
    const start = performance.now();
    let i = 0;
    while (performance.now() - start < durationMs) {
      const due = start + i * (1000 / 30);
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      const frame = take(i++);
      busy += (await api.analyse(Comlink.transfer(frame, [frame]), performance.now())).workerMs;
    }
    const elapsed = performance.now() - start;
    console.timeStamp('attend-first:busy-end');
    return busy / elapsed;
  },
};
