/**
 * The Standard tier's voice: a wav2vec2 speech-emotion model from the hub
 * (`audio-classification`), in its own hub worker, on each utterance's
 * 16 kHz samples. Its labels are read from its own config.json at load and
 * mapped by name; a model with a label that maps to no class is refused
 * and the voice stays on the Lite model. Where it is not loaded, or fails
 * on an utterance, the Lite reading is used — never a faked one.
 */
import * as Comlink from 'comlink';
import type { Capabilities } from '../core/capabilities.ts';
import { labelsFromConfig, toDistribution, topEmotion, type Distribution } from '../core/labels.ts';
import { findModel, type ModelEntry, type ModelManifest } from '../core/manifest.ts';
import { certainty } from '../core/audio/voice-model.ts';
import { HubPart } from './hub-part.svelte.ts';

export const HUB_VOICE_MODEL = 'speech-emotion-wav2vec2';

export interface HubVoiceReading {
  readonly distribution: Distribution;
  /** (max p − 1/K) / (1 − 1/K) over the model's K labels: 0 for a flat reading. */
  readonly certainty: number;
  readonly ms: number;
}

/** `last`: the model's latest reading. */
export class HubVoice extends HubPart<HubVoiceReading> {
  readonly entry: ModelEntry;
  #labels: string[] = [];

  constructor(manifest: ModelManifest) {
    super('standard-voice');
    this.entry = findModel(manifest, HUB_VOICE_MODEL);
  }

  /** A short name for the card: the model id and the revision it came from. */
  get source(): string {
    const s = this.entry.source;
    return s.kind === 'hub'
      ? `${s.id}@${s.revision}${s.seenCommit ? ` (seen at ${s.seenCommit})` : ''}`
      : this.entry.name;
  }

  load(caps: Capabilities): Promise<void> {
    return this.loadWith(
      caps,
      {
        crashed: (why) =>
          `The Standard voice model's worker stopped unexpectedly (${why}); the voice is read by the Lite model.`,
        failed: (reason) =>
          `The Standard voice model could not be loaded from the Hugging Face hub (${reason}). The voice is read by the Lite model.`,
      },
      (hub, c, onProgress) => hub.call((api) => api.loadPipeline('audio-classification', this.entry, c, onProgress)),
      async (choice) => {
        const { labels, unmapped } = labelsFromConfig(
          await this.hub.call(async (api) => api.pipelineId2Label(this.entry.id)),
        );
        if (unmapped.length > 0) {
          this.fail(
            `The Standard voice model's labels ${unmapped.join(', ')} match no emotion class; the voice is read by the Lite model.`,
          );
          return null;
        }
        this.#labels = labels;
        return choice.reason;
      },
    );
  }

  /** The reading of one utterance (`samples`, transferred), or null when not loaded or on failure (the Lite reading stands). */
  async read(samples: Float32Array): Promise<HubVoiceReading | null> {
    if (!this.hub.api || this.state !== 'ready') return null;
    const t = performance.now();
    try {
      // Transferred: the caller hands over a copy of its own (session.svelte.ts).
      const scored = await this.hub.call((api) =>
        api.classify(this.entry.id, Comlink.transfer(samples, [samples.buffer])),
      );
      const scores = this.#labels.map((l) => scored.find((s) => s.label === l)?.score ?? 0);
      const total = Math.max(
        1e-9,
        scores.reduce((a, b) => a + b, 0),
      );
      const reading = {
        distribution: toDistribution(scores, this.#labels),
        certainty: certainty(scores.map((p) => p / total)),
        ms: performance.now() - t,
      };
      this.last = reading;
      return reading;
    } catch (e) {
      this.error = `The Standard voice model failed on the last utterance (${e instanceof Error ? e.message : String(e)}); the Lite reading was used.`;
      return null;
    }
  }

  /** Plain summary for the card. */
  get summary(): string | null {
    if (!this.last) return null;
    const top = topEmotion(this.last.distribution);
    return `${top.emotion} ${top.p.toFixed(2)}`;
  }
}
