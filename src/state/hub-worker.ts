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

  /** Said of the last load: a damaged cached copy replaced (the worker that found it is gone). */
  #recovered: string[] = [];

  /**
   * A fresh worker runs `steps` (its model loads). When a load fails on a damaged cached copy (the worker
   * has dropped the cached files: a CachedCopyError), a second fresh worker tries once more, from the network.
   */
  async load<R>(caps: Capabilities, onCrash: (message: string) => void, steps: () => Promise<R>): Promise<R> {
    this.#recovered = [];
    for (let attempt = 0; ; attempt++) {
      await this.open(caps, onCrash);
      try {
        return await steps();
      } catch (e) {
        if (attempt > 0 || !(e instanceof Error) || e.name !== 'CachedCopyError') throw e;
        this.#recovered.push(e.message);
      }
    }
  }

  /** What the last load's downloads left to say (storage full, a damaged cached copy replaced), as a sentence or null. */
  async storageNotice(): Promise<string | null> {
    return storageNotice({ ...(await this.call((api) => api.cacheNotes())), recovered: this.#recovered });
  }
}
