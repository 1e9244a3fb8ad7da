/**
 * The Standard tier: larger models from the Hugging Face hub, an explicit
 * choice (they download; the Lite tier needs nothing). For now it brings the
 * ViT facial-expression model, run in a hub worker on the face crops the
 * vision worker returns. If the hub cannot be reached the page says so and
 * stays on Lite.
 */
import * as Comlink from 'comlink';
import type { Capabilities } from '../core/capabilities.ts';
import { toDistribution, type Distribution } from '../core/labels.ts';
import type { FileProgress } from '../core/loader.ts';
import { findModel, type ModelEntry, type ModelManifest } from '../core/manifest.ts';
import type { ImageInput } from '../workers/protocol.ts';
import { HubWorkerHandle } from './hub-worker.ts';
import { WorkerClosedError } from './worker-handle.ts';
import type { LoadState } from './models.svelte.ts';

/** Omni is Standard with an explainer that hears and sees (the face and words models are the same). */
export type Tier = 'lite' | 'standard' | 'omni';
/** A hub part's loading state: the same states as the bundled models'. */
export type TierState = LoadState;

const FACE_MODEL = 'vit-facial-emotions';

export class StandardTier {
  tier: Tier = $state('lite');
  /** The last tier asked for other than Lite (what Retry goes back to after a failure). */
  wanted: Exclude<Tier, 'lite'> = $state('standard');
  state: TierState = $state('idle');
  error: string | null = $state(null);
  files: Record<string, FileProgress> = $state({});
  /** Where the face model runs, and why. */
  backend: string | null = $state(null);
  /** What its downloads left to say (storage full, a damaged cached copy replaced). */
  notice: string | null = $state(null);

  readonly #entry: ModelEntry;
  readonly #hub = new HubWorkerHandle('standard-face');
  #busy = false;

  constructor(manifest: ModelManifest) {
    this.#entry = findModel(manifest, FACE_MODEL);
  }

  get faceReady(): boolean {
    return this.tier !== 'lite' && this.state === 'ready';
  }

  async choose(tier: Tier, caps: Capabilities | null): Promise<void> {
    this.tier = tier;
    if (tier !== 'lite') this.wanted = tier;
    if (tier === 'lite') {
      this.#hub.close();
      this.state = 'idle';
      this.error = null;
      return;
    }
    if (!caps || this.state === 'loading' || this.state === 'ready') return;
    this.state = 'loading';
    this.error = null;
    this.notice = null;
    this.files = {};
    try {
      const onProgress = Comlink.proxy((p: FileProgress) => {
        this.files[p.file] = p;
      });
      const choice = await this.#hub.load(
        caps,
        (why) => this.#fail(`The Standard model worker stopped unexpectedly (${why}).`),
        (c) => this.#hub.call((api) => api.loadPipeline('image-classification', this.#entry, c, onProgress)),
        () => {
          // The GPU device was lost: the face model again, in a new worker.
          this.state = 'idle';
          void this.choose(this.tier, caps);
        },
      );
      this.backend = choice.reason;
      this.notice = await this.#hub.storageNotice();
      this.state = 'ready';
    } catch (e) {
      // Closed on purpose (Lite chosen) or by a crash, which onCrash has reported: nothing more to say.
      if (e instanceof WorkerClosedError) return;
      this.#fail(
        `The Standard tier could not be loaded from the Hugging Face hub (${e instanceof Error ? e.message : String(e)}). Staying on Lite.`,
      );
    }
  }

  /** Test hook: destroys the WebGPU device under the face model. */
  loseGpu(): Promise<boolean> {
    return this.#hub.loseGpu();
  }

  #fail(message: string): void {
    this.#hub.close();
    this.error = message;
    this.state = 'error';
    this.tier = 'lite';
  }

  /** Classifies a face crop; null when busy with the previous one (crops are never queued). */
  async classifyFace(crop: ImageInput): Promise<Distribution | null> {
    if (!this.#hub.api || this.#busy || !this.#entry.labels) return null;
    this.#busy = true;
    try {
      const scores = await this.#hub.call((api) =>
        api.classify(this.#entry.id, Comlink.transfer(crop, [crop.rgba.buffer])),
      );
      const labels = this.#entry.labels;
      return toDistribution(
        labels.map((l) => scores.find((s) => s.label === l)?.score ?? 0),
        labels,
      );
    } finally {
      this.#busy = false;
    }
  }
}
