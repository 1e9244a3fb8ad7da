/**
 * Loading of the bundled models into their workers: per-file progress, the
 * execution provider each model got and why, and a clear error (naming the
 * model and file) with Retry. A crashed worker is reported and restarted on
 * Retry.
 */
import * as Comlink from 'comlink';
import type { Capabilities } from '../core/capabilities.ts';
import type { FileProgress } from '../core/loader.ts';
import { findModel, type ModelEntry, type ModelManifest } from '../core/manifest.ts';
import { LITE_MODELS, VISION_FIRST } from '../core/tiers.ts';
import { appBase } from '../platform/app-base.ts';
import type { AudioWorkerApi, SessionWorkerApi, VisionWorkerApi, WarmSessionInfo } from '../workers/protocol.ts';
import { afterGpuLosses, loseGpu, watchGpu } from './gpu-losses.ts';
import { WorkerHandle, workerLink, type WorkerLink } from './worker-handle.ts';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

interface WorkerSlot {
  readonly handle: WorkerHandle<SessionWorkerApi>;
  readonly modelIds: readonly string[];
  /** Loaded before the rest, so the worker can start on them (the vision worker reads a face on these). */
  readonly first?: readonly string[];
}

/** The Lite tier's models, by the worker that owns them. */
function slots(): WorkerSlot[] {
  return [
    {
      handle: new WorkerHandle(
        'vision',
        () => new Worker(new URL('../workers/vision.worker.ts', import.meta.url), { type: 'module', name: 'vision' }),
      ),
      modelIds: LITE_MODELS.vision,
      first: VISION_FIRST,
    },
    {
      handle: new WorkerHandle(
        'audio',
        () => new Worker(new URL('../workers/audio.worker.ts', import.meta.url), { type: 'module', name: 'audio' }),
      ),
      modelIds: LITE_MODELS.audio,
    },
  ];
}

export class ModelLoading {
  state: LoadState = $state('idle');
  error: string | null = $state(null);
  /** Progress per file, keyed by `model/file`. */
  files: Record<string, FileProgress> = $state({});
  sessions: WarmSessionInfo[] = $state.raw([]);
  /** What happened to the models since they loaded (a lost GPU device and the rebuild), for the page to say. */
  notice: string | null = $state(null);
  /** The vision worker's first models (detector, expression) are loaded: a face can be read while the rest load. */
  faceReady = $state(false);
  /** The worker whose sessions are being rebuilt (its API is held back meanwhile). */
  rebuilding: string | null = $state(null);
  #caps: Capabilities | null = null;

  readonly #manifest: ModelManifest;
  readonly #slots: WorkerSlot[] = slots();

  constructor(manifest: ModelManifest) {
    this.#manifest = manifest;
    for (const { handle } of this.#slots) {
      // A crash rejects a load in flight by itself (the handle does); after loading, it is reported here.
      handle.onCrash = (detail) => {
        if (this.state === 'loading') return;
        this.error = `The ${handle.name} worker stopped unexpectedly (${detail}). Retry restarts it.`;
        this.state = 'error';
      };
    }
  }

  get totalBytes(): number {
    return Object.values(this.files).reduce((sum, f) => sum + (f.total ?? 0), 0);
  }

  get loadedBytes(): number {
    return Object.values(this.files).reduce((sum, f) => sum + f.loaded, 0);
  }

  #entries(ids: readonly string[]): ModelEntry[] {
    return ids.map((id) => findModel(this.#manifest, id));
  }

  #onProgress = Comlink.proxy((p: FileProgress) => {
    this.files[`${p.model}/${p.file}`] = p;
  });

  /** Loads a worker's models: its `first` ones before the rest, calling `early` in between. */
  async #loadSlot(
    { handle, modelIds, first = [] }: WorkerSlot,
    caps: Capabilities,
    early?: () => void,
  ): Promise<WarmSessionInfo[]> {
    const load = (ids: readonly string[]) =>
      handle.call((api) => api.load(this.#entries(ids), caps, appBase(), this.#onProgress));
    try {
      const head = modelIds.filter((id) => first.includes(id));
      const infos = head.length > 0 ? await load(head) : [];
      early?.();
      return [...infos, ...(await load(modelIds.filter((id) => !first.includes(id))))];
    } catch (e) {
      // A crash says which worker, and that Retry restarts it.
      throw e instanceof Error && e.name === 'WorkerClosedError'
        ? new Error(`${capitalised(e.message)}. Retry restarts it.`)
        : e;
    }
  }

  async load(caps: Capabilities): Promise<void> {
    if (this.state === 'loading') return;
    this.faceReady = false;
    this.state = 'loading';
    this.error = null;
    this.files = {};
    this.#caps = caps;
    try {
      // The vision worker reads a face as soon as its first models are in (`faceReady`); the rest join after.
      const faceReady = () => (this.faceReady = true);
      this.sessions = (
        await Promise.all(
          this.#slots.map((slot) => this.#loadSlot(slot, this.#modelCaps(), slot.first ? faceReady : undefined)),
        )
      ).flat();
      this.state = 'ready';
      for (const slot of this.#slots) this.#watchGpu(slot);
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.state = 'error';
    }
  }

  /** The capabilities the models load with: WebGPU left out once the device has been lost twice. */
  #modelCaps(): Capabilities {
    return afterGpuLosses(this.#caps!);
  }

  /** Hears of a lost WebGPU device under a worker's sessions (once per worker; a closed worker's watch just ends). */
  #watchGpu(slot: WorkerSlot): void {
    watchGpu(slot.handle, (reason) => void this.#rebuild(slot, reason));
  }

  /**
   * The device under a worker's sessions was lost, so they are dead (the worker is closed): a new worker loads
   * them again (on WebGPU if a device comes back, else on WASM; WASM for good after a second loss), and the
   * page says so.
   */
  async #rebuild(slot: WorkerSlot, reason: string): Promise<void> {
    this.rebuilding = slot.handle.name;
    this.notice = `The graphics device was lost (${reason}); the ${slot.handle.name} models are being restarted…`;
    try {
      const infos = await this.#loadSlot(slot, this.#modelCaps());
      this.sessions = [...this.sessions.filter((s) => !slot.modelIds.includes(s.id)), ...infos];
      const devices = infos
        .map((i) => (i.device === 'webgpu' ? 'WebGPU' : 'WASM'))
        .filter((d, at, all) => all.indexOf(d) === at)
        .join(' and ');
      this.notice = `The graphics device was lost (${reason}); the ${slot.handle.name} models were restarted on ${devices}.`;
      this.#watchGpu(slot);
    } catch (e) {
      this.notice = null;
      this.error = `The graphics device was lost, and the ${slot.handle.name} models could not be restarted (${e instanceof Error ? e.message : String(e)}). Retry loads them again.`;
      this.state = 'error';
    } finally {
      this.rebuilding = null;
    }
  }

  /** Test hook: destroys the WebGPU device under a worker's sessions. */
  loseGpu(worker: 'vision' | 'audio'): Promise<boolean> {
    const slot = this.#slots.find((s) => s.handle.name === worker);
    return slot ? loseGpu(slot.handle) : Promise.resolve(false);
  }

  /** The vision worker, once it can read a face (its first models loaded; the rest may still be loading). */
  get vision(): WorkerLink<VisionWorkerApi> | null {
    const usable = this.state === 'ready' || (this.state === 'loading' && this.faceReady);
    return usable && this.rebuilding !== 'vision' ? workerLink(this.#slot('vision').handle) : null;
  }

  /** The audio worker, once its models are loaded. */
  get audio(): WorkerLink<AudioWorkerApi> | null {
    return this.state === 'ready' && this.rebuilding !== 'audio' ? workerLink(this.#slot('audio').handle) : null;
  }

  #slot(name: 'vision' | 'audio'): WorkerSlot {
    return this.#slots.find((s) => s.handle.name === name)!;
  }

  dispose(): void {
    for (const { handle } of this.#slots) handle.close();
  }
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
