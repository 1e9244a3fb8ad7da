/**
 * One hub worker (src/workers/hub.worker.ts) and its lifetime, for the
 * Standard tier's parts (face model, speech models, explainer): each part
 * has its own, so they run concurrently, and can crash or be dropped alone.
 */
import * as Comlink from 'comlink';
import type { Capabilities } from '../core/capabilities.ts';
import { appBase } from '../platform/app-base.ts';
import type { HubWorkerApi } from '../workers/protocol.ts';

export class HubWorkerHandle {
  #worker: Worker | null = null;
  #api: Comlink.Remote<HubWorkerApi> | null = null;

  get api(): Comlink.Remote<HubWorkerApi> | null {
    return this.#api;
  }

  /** Starts a configured worker; `onCrash` hears of an uncaught error in it (the worker is then closed). */
  async open(name: string, caps: Capabilities, onCrash: (message: string) => void): Promise<Comlink.Remote<HubWorkerApi>> {
    this.close();
    const worker = new Worker(new URL('../workers/hub.worker.ts', import.meta.url), { type: 'module', name });
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.close();
      onCrash(e.message || 'no message');
    });
    const api = Comlink.wrap<HubWorkerApi>(worker);
    this.#worker = worker;
    this.#api = api;
    await api.configure({ appBase: appBase(), wasmThreads: caps.wasmThreads });
    return api;
  }

  close(): void {
    this.#api?.[Comlink.releaseProxy]();
    this.#worker?.terminate();
    this.#api = null;
    this.#worker = null;
  }
}
