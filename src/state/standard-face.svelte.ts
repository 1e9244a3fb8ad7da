/**
 * The Standard tier's face model: the ViT facial-expression classifier from the hub, run in a hub worker
 * on the face crops the vision worker returns. If it cannot be loaded, the page stays on Lite.
 */
import * as Comlink from 'comlink';
import type { Capabilities } from '../core/capabilities.ts';
import { toDistribution, type Distribution } from '../core/labels.ts';
import { findModel, type ModelEntry, type ModelManifest } from '../core/manifest.ts';
import type { ImageInput } from '../workers/protocol.ts';
import { HubPart } from './hub-part.svelte.ts';
import type { TierChoice } from './tier.svelte.ts';

const FACE_MODEL = 'vit-facial-emotions';

export class StandardFace extends HubPart<Distribution> {
  readonly #entry: ModelEntry;
  #busy = false;

  constructor(
    manifest: ModelManifest,
    private readonly tiers: Pick<TierChoice, 'fallBack'>,
  ) {
    super('standard-face');
    this.#entry = findModel(manifest, FACE_MODEL);
  }

  load(caps: Capabilities): Promise<void> {
    return this.loadWith(
      caps,
      {
        crashed: (why) => `The Standard model worker stopped unexpectedly (${why}).`,
        failed: (reason) =>
          `The Standard tier could not be loaded from the Hugging Face hub (${reason}). Staying on Lite.`,
      },
      (hub, c, onProgress) => hub.call((api) => api.loadPipeline('image-classification', this.#entry, c, onProgress)),
      (choice) => choice.reason,
    );
  }

  protected override fail(message: string): void {
    super.fail(message);
    this.tiers.fallBack();
  }

  /** Classifies a face crop; null when busy with the previous one (crops are never queued). */
  async classifyFace(crop: ImageInput): Promise<Distribution | null> {
    if (!this.hub.api || this.#busy || !this.#entry.labels) return null;
    this.#busy = true;
    try {
      const scores = await this.hub.call((api) =>
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
