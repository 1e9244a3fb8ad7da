/**
 * One hub worker (src/workers/hub.worker.ts) for a Standard-tier part (face
 * model, speech models, voice model, explainer): each part has its own, so
 * they run concurrently, and can crash or be dropped alone. Its lifetime is
 * a WorkerHandle's: calls made with `call` reject at once when it crashes
 * or is closed.
 */
import type * as Comlink from 'comlink';
import type { Capabilities } from '../core/capabilities.ts';
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
}
