/**
 * Lost WebGPU devices, page-wide (one GPU under every worker): each worker's loss is heard once, the
 * worker closed (its models are dead) and the owner told, which loads them again. After a second loss in
 * a visit, models load on WASM, with that as the reason.
 */
import type { Capabilities } from '../core/capabilities.ts';
import type { WorkerHandle } from './worker-handle.ts';

let losses = 0;

/** `caps` as models load with now: WebGPU left out once the device has been lost twice. */
export function afterGpuLosses(caps: Capabilities): Capabilities {
  if (losses < 2 || !caps.webgpu.useForModels) return caps;
  return {
    ...caps,
    webgpu: { ...caps.webgpu, useForModels: false, unusedBecause: 'the GPU device was lost twice in this visit' },
  };
}

/** What a worker that may run models on WebGPU answers (src/platform/gpu-device.ts). */
interface GpuWorkerApi {
  gpuLost(): Promise<string | null>;
  loseGpu(): Promise<boolean>;
}

const watched = new WeakSet<object>();

/**
 * Once per running worker: when the device under its models is lost, the loss is counted, the worker
 * closed, and `onLost` told why. A worker closed for another reason just ends the watch.
 */
export function watchGpu<Api extends GpuWorkerApi>(handle: WorkerHandle<Api>, onLost: (reason: string) => void): void {
  const api = handle.spawn();
  if (watched.has(api)) return;
  watched.add(api);
  handle
    .call((a) => a.gpuLost())
    .then(
      (reason) => {
        if (reason === null || handle.api !== api) return;
        losses++;
        handle.close(`the GPU device was lost (${reason})`);
        onLost(reason);
      },
      () => undefined,
    );
}

/** Test hook: destroys the WebGPU device under a running worker's models (false when there is none). */
export function loseGpu<Api extends GpuWorkerApi>(handle: WorkerHandle<Api>): Promise<boolean> {
  return handle.api ? handle.call((a) => a.loseGpu()) : Promise.resolve(false);
}
