/**
 * One hub worker (src/workers/hub.worker.ts) for a Standard-tier part (face
 * model, speech models, voice model, explainer): each part has its own, so
 * they run concurrently, and can crash or be dropped alone. Its lifetime is
 * a WorkerHandle's: calls made with `call` reject at once when it crashes
 * or is closed.
 */
import type * as Comlink from 'comlink';
import type { Capabilities } from '../core/capabilities.ts';
import { storageNotice } from '../core/hub-files.ts';
import { afterGpuLosses, loseGpu, watchGpu } from './gpu-losses.ts';
import { appBase } from '../platform/app-base.ts';
import type { HubWorkerApi } from '../workers/protocol.ts';
import { WorkerHandle } from './worker-handle.ts';

export class HubWorkerHandle extends WorkerHandle<HubWorkerApi> {
  constructor(name: string) {
    super(name, () => new Worker(new URL('../workers/hub.worker.ts', import.meta.url), { type: 'module', name }));
  }

  /** A fresh, configured worker; `onCrash` hears of an uncaught error in it (the worker is then closed). */
  async open(caps: Capabilities, onCrash: (message: string) => void): Promise<Comlink.Remote<HubWorkerApi>> {
    this.close();
    this.onCrash = onCrash;
    await this.call((api) => api.configure({ appBase: appBase(), wasmThreads: caps.wasmThreads }));
    return this.spawn();
  }

  /** Said of the last load: a damaged cached copy replaced, a lost GPU device (the worker that saw it is gone). */
  #recovered: string[] = [];
  /** Said of the next load: why it happens (the GPU device was lost). */
  #carried: string[] = [];

  /**
   * A fresh worker runs `steps` (its model loads) with the capabilities models load with now. When a load
   * fails on a damaged cached copy (the worker has dropped the cached files: a CachedCopyError), a second
   * fresh worker tries once more, from the network. Once loaded, a lost WebGPU device under the models
   * calls `onGpuLost` (the part loads them again; this handle says why in the next load's notice).
   */
  async load<R>(
    caps: Capabilities,
    onCrash: (message: string) => void,
    steps: (caps: Capabilities) => Promise<R>,
    onGpuLost?: () => void,
  ): Promise<R> {
    this.#recovered = this.#carried;
    this.#carried = [];
    for (let attempt = 0; ; attempt++) {
      await this.open(caps, onCrash);
      try {
        const result = await steps(afterGpuLosses(caps));
        if (onGpuLost) this.#watchGpu(onGpuLost);
        return result;
      } catch (e) {
        if (attempt > 0 || !(e instanceof Error) || e.name !== 'CachedCopyError') throw e;
        this.#recovered.push(e.message);
      }
    }
  }

  #watchGpu(onGpuLost: () => void): void {
    watchGpu(this, (reason) => {
      this.#carried = [`The graphics device was lost (${reason}); these models were loaded again.`];
      onGpuLost();
    });
  }

  /** Test hook: destroys the WebGPU device under this worker's models. */
  loseGpu(): Promise<boolean> {
    return loseGpu(this);
  }

  /** What the last load's downloads left to say (storage full, a damaged cached copy replaced), as a sentence or null. */
  async storageNotice(): Promise<string | null> {
    return storageNotice({ ...(await this.call((api) => api.cacheNotes())), recovered: this.#recovered });
  }
}
