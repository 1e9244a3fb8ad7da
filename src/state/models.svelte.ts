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
import type { AudioWorkerApi, SessionWorkerApi, VisionWorkerApi, WarmSessionInfo } from '../workers/protocol.ts';
import { WorkerHandle } from './worker-handle.ts';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

interface WorkerSlot {
  readonly handle: WorkerHandle<SessionWorkerApi>;
  readonly modelIds: readonly string[];
}

/** The Lite tier's models, by the worker that owns them. */
function slots(): WorkerSlot[] {
  return [
    {
      handle: new WorkerHandle('vision', () => new Worker(new URL('../workers/vision.worker.ts', import.meta.url), { type: 'module', name: 'vision' })),
      modelIds: ['blazeface-front-128', 'blazeface-back-256', 'face-expression', 'face-landmarks-68'],
    },
    {
      handle: new WorkerHandle('audio', () => new Worker(new URL('../workers/audio.worker.ts', import.meta.url), { type: 'module', name: 'audio' })),
      modelIds: ['silero-vad-v5', 'voice-emotion-lite'],
    },
  ];
}

export class ModelLoading {
  state: LoadState = $state('idle');
  error: string | null = $state(null);
  /** Progress per file, keyed by `model/file`. */
  files: Record<string, FileProgress> = $state({});
  sessions: WarmSessionInfo[] = $state.raw([]);

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

  async load(caps: Capabilities): Promise<void> {
    if (this.state === 'loading') return;
    this.state = 'loading';
    this.error = null;
    this.files = {};
    const onProgress = Comlink.proxy((p: FileProgress) => {
      this.files[`${p.model}/${p.file}`] = p;
    });
    try {
      const loads = this.#slots.map(({ handle, modelIds }) =>
        handle.call((api) => api.load(this.#entries(modelIds), caps, appBase(), onProgress)).catch((e: unknown) => {
          // A crash says which worker, and that Retry restarts it.
          throw e instanceof Error && e.name === 'WorkerClosedError' ? new Error(`${capitalised(e.message)}. Retry restarts it.`) : e;
        }),
      );
      this.sessions = (await Promise.all(loads)).flat();
      this.state = 'ready';
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.state = 'error';
    }
  }

  /** The vision worker, once its models are loaded. */
  get vision(): Comlink.Remote<VisionWorkerApi> | null {
    const api = this.#slots.find((s) => s.handle.name === 'vision')?.handle.api;
    return this.state === 'ready' && api ? (api as unknown as Comlink.Remote<VisionWorkerApi>) : null;
  }

  /** The audio worker, once its models are loaded. */
  get audio(): Comlink.Remote<AudioWorkerApi> | null {
    const api = this.#slots.find((s) => s.handle.name === 'audio')?.handle.api;
    return this.state === 'ready' && api ? (api as unknown as Comlink.Remote<AudioWorkerApi>) : null;
  }

  dispose(): void {
    for (const { handle } of this.#slots) handle.close();
  }
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
