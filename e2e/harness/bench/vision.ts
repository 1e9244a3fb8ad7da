/**
 * Vision throughput: the app's worker path (transfer, full pipeline, result back), the same models in
 * a bare worker, the expression model alone, and the share of a core the app keeps busy at 30 frames/s.
 */
import * as Comlink from 'comlink';
import type { Capabilities } from '../../../src/core/capabilities.ts';
import { appBase } from '../../../src/platform/app-base.ts';
import { probeCapabilities } from '../../../src/platform/probe.ts';
import type { VisionWorkerApi } from '../../../src/workers/protocol.ts';
import type { BareWorkerApi } from '../bare.worker.ts';
import { drive, manifest, take, type Throughput } from './frames.ts';

async function appWorker(threads: number): Promise<Comlink.Remote<VisionWorkerApi>> {
  const probed = await probeCapabilities();
  // Speed figures come from WASM unless a hardware adapter exists (a software one is no speed).
  const caps: Capabilities = { ...probed, wasmThreads: threads };
  const api = Comlink.wrap<VisionWorkerApi>(
    new Worker(new URL('../../../src/workers/vision.worker.ts', import.meta.url), { type: 'module', name: 'vision' }),
  );
  const ids = ['blazeface-front-128', 'blazeface-back-256', 'face-expression', 'face-landmarks-68'];
  await api.load(ids.map((id) => manifest.models.find((m) => m.id === id)!), caps, appBase(), Comlink.proxy(() => undefined));
  await api.startPipeline({ detector: ids[0]!, farDetector: ids[1]!, expression: ids[2]!, landmarks: ids[3]! });
  return api;
}

export const visionBench = {
  /** The app's vision path: transfer to the vision worker, full pipeline, result back. */
  async app(
    threads: number,
    durationMs: number,
  ): Promise<Throughput & { stages: Record<string, number>; states: Record<string, number> }> {
    const api = await appWorker(threads);
    const stages = { grabMs: 0, detectMs: 0, expressionMs: 0, landmarksMs: 0, workerMs: 0 };
    const states: Record<string, number> = {};
    let n = 0;
    const result = await drive(async (frame) => {
      const r = await api.analyse(Comlink.transfer(frame, [frame]), performance.now());
      states[r.state] = (states[r.state] ?? 0) + 1;
      stages.grabMs += r.grabMs;
      stages.detectMs += r.timings.detectMs;
      stages.expressionMs += r.timings.expressionMs;
      stages.landmarksMs += r.timings.landmarksMs;
      stages.workerMs += r.workerMs;
      n++;
    }, durationMs);
    for (const k of Object.keys(stages) as (keyof typeof stages)[]) stages[k] /= n;
    return { ...result, stages, states };
  },

  /** The app's vision worker fed at a live camera's 30 frames/s: the share of one core it keeps busy. */
  async appBusyAt30fps(durationMs: number): Promise<number> {
    const api = await appWorker(1);
    let busy = 0;
    const start = performance.now();
    let i = 0;
    while (performance.now() - start < durationMs) {
      const due = start + i * (1000 / 30);
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      const frame = take(i++);
      busy += (await api.analyse(Comlink.transfer(frame, [frame]), performance.now())).workerMs;
    }
    return busy / (performance.now() - start);
  },

  async bare(threads: number, durationMs: number): Promise<Throughput & { stages: Record<string, number> }> {
    const api = Comlink.wrap<BareWorkerApi>(new Worker(new URL('../bare.worker.ts', import.meta.url), { type: 'module' }));
    await api.load(appBase(), threads);
    const result = await drive((frame) => api.analyse(Comlink.transfer(frame, [frame])), durationMs);
    return { ...result, stages: await api.timing() };
  },

  async modelAlone(threads: number, n: number): Promise<number> {
    const api = Comlink.wrap<BareWorkerApi>(new Worker(new URL('../bare.worker.ts', import.meta.url), { type: 'module' }));
    await api.load(appBase(), threads);
    return api.timeExpression(n);
  },

};
