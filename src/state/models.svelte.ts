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
import { appBase } from '../platform/app-base.ts';
import type { WarmSessionInfo } from '../workers/protocol.ts';
import type { AudioWorkerApi } from '../workers/protocol.ts';
import type { VisionWorkerApi } from '../workers/protocol.ts';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

type SessionWorkerApi = VisionWorkerApi | AudioWorkerApi;

interface WorkerSlot {
  readonly name: string;
  readonly create: () => Worker;
  readonly modelIds: readonly string[];
  worker?: Worker;
  api?: Comlink.Remote<SessionWorkerApi>;
}

/** The Lite tier's models, by the worker that owns them. */
const SLOTS: readonly Omit<WorkerSlot, 'worker' | 'api'>[] = [
  {
    name: 'vision',
    create: () => new Worker(new URL('../workers/vision.worker.ts', import.meta.url), { type: 'module', name: 'vision' }),
    modelIds: ['blazeface-front-128', 'blazeface-back-256', 'face-expression', 'face-landmarks-68'],
  },
  {
    name: 'audio',
    create: () => new Worker(new URL('../workers/audio.worker.ts', import.meta.url), { type: 'module', name: 'audio' }),
    modelIds: ['silero-vad-v5', 'voice-emotion-lite'],
  },
];

export class ModelLoading {
  state: LoadState = $state('idle');
  error: string | null = $state(null);
  /** Progress per file, keyed by `model/file`. */
  files: Record<string, FileProgress> = $state({});
  sessions: WarmSessionInfo[] = $state.raw([]);

  readonly #manifest: ModelManifest;
  readonly #slots: WorkerSlot[] = SLOTS.map((s) => ({ ...s }));

  constructor(manifest: ModelManifest) {
    this.#manifest = manifest;
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

  /** Rejects the load in progress when a worker dies during it. */
  #rejectLoad: ((e: Error) => void) | null = null;

  #crashed(slot: WorkerSlot, detail: string): void {
    this.#drop(slot);
    const error = new Error(`The ${slot.name} worker stopped unexpectedly (${detail}). Retry restarts it.`);
    if (this.#rejectLoad) {
      this.#rejectLoad(error);
    } else {
      this.error = error.message;
      this.state = 'error';
    }
  }

  #spawn(slot: WorkerSlot): Comlink.Remote<SessionWorkerApi> {
    if (slot.api) return slot.api;
    const worker = slot.create();
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      this.#crashed(slot, e.message || 'no message');
    });
    slot.worker = worker;
    slot.api = Comlink.wrap<SessionWorkerApi>(worker);
    return slot.api;
  }

  #drop(slot: WorkerSlot): void {
    slot.api?.[Comlink.releaseProxy]();
    slot.worker?.terminate();
    delete slot.api;
    delete slot.worker;
  }

  async load(caps: Capabilities): Promise<void> {
    if (this.state === 'loading') return;
    this.state = 'loading';
    this.error = null;
    this.files = {};
    const onProgress = Comlink.proxy((p: FileProgress) => {
      this.files[`${p.model}/${p.file}`] = p;
    });
    const crashed = new Promise<never>((_, reject) => {
      this.#rejectLoad = reject;
    });
    try {
      const loads = this.#slots.map((slot) =>
        this.#spawn(slot).load(this.#entries(slot.modelIds), caps, appBase(), onProgress),
      );
      this.sessions = (await Promise.race([Promise.all(loads), crashed])).flat();
      this.state = 'ready';
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.state = 'error';
    } finally {
      this.#rejectLoad = null;
    }
  }

  /** The vision worker, once its models are loaded. */
  get vision(): Comlink.Remote<VisionWorkerApi> | null {
    const slot = this.#slots.find((s) => s.name === 'vision');
    return this.state === 'ready' && slot?.api ? (slot.api as Comlink.Remote<VisionWorkerApi>) : null;
  }

  /** The audio worker, once its models are loaded. */
  get audio(): Comlink.Remote<AudioWorkerApi> | null {
    const slot = this.#slots.find((s) => s.name === 'audio');
    return this.state === 'ready' && slot?.api ? (slot.api as Comlink.Remote<AudioWorkerApi>) : null;
  }

  dispose(): void {
    for (const slot of this.#slots) this.#drop(slot);
  }
}
