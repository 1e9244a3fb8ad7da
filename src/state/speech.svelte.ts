/**
 * The words modality (Standard tier): Moonshine transcribes each utterance,
 * the transcript is checked (English, enough words, no runaway repetition),
 * and RoBERTa GoEmotions reads its emotion, mapped to the seven classes.
 * Both models share one hub worker (transformers.js runs one session at a
 * time anyway), apart from the face and explainer workers. Where the models
 * are not loaded, or the transcript is unusable, the words modality is
 * absent — never faked.
 */
import * as Comlink from 'comlink';
import type { Capabilities } from '../core/capabilities.ts';
import { assessTranscript, textDistribution, type TranscriptAssessment } from '../core/audio/transcript.ts';
import { topEmotion, type Distribution, type Emotion } from '../core/labels.ts';
import { findModel, type ModelEntry, type ModelManifest } from '../core/manifest.ts';
import { HubPart } from './hub-part.svelte.ts';
import type { WordsReading } from '../core/mi/window.ts';

const STT_MODEL = 'moonshine-base';
const TEXT_MODEL = 'roberta-go-emotions';
/** An utterance's window waits this long for its words, then goes on without them. */
export const WORDS_TIMEOUT_MS = 6000;

export interface HeardUtterance {
  readonly assessment: TranscriptAssessment;
  readonly distribution: Distribution | null;
  readonly ms: number;
}

/** `last`: the latest utterance as heard (transcript, whether it was used, the words' distribution). */
export class SpeechSession extends HubPart<HeardUtterance> {
  busy = $state(false);

  readonly #stt: ModelEntry;
  readonly #text: ModelEntry;

  constructor(manifest: ModelManifest) {
    super('speech');
    this.#stt = findModel(manifest, STT_MODEL);
    this.#text = findModel(manifest, TEXT_MODEL);
  }

  load(caps: Capabilities): Promise<void> {
    return this.loadWith(
      caps,
      {
        crashed: (why) => `The speech models' worker stopped unexpectedly (${why}); the words modality is off.`,
        failed: (reason) =>
          `The speech models could not be loaded from the Hugging Face hub (${reason}). The words modality is off.`,
      },
      async (hub, c, onProgress) => ({
        stt: await hub.call((api) => api.loadPipeline('automatic-speech-recognition', this.#stt, c, onProgress)),
        text: await hub.call((api) => api.loadPipeline('text-classification', this.#text, c, onProgress)),
      }),
      ({ stt, text }) => `speech-to-text: ${stt.reason}; text emotion: ${text.reason}`,
    );
  }

  /** Transcribes an utterance and reads the emotion of its words; null when not loaded or on failure. Takes `samples` (transferred). */
  async hear(samples: Float32Array): Promise<WordsReading | null> {
    if (!this.hub.api || this.state !== 'ready') return null;
    const t = performance.now();
    this.busy = true;
    try {
      // Transferred: the caller hands over a copy of its own (session.svelte.ts).
      const transcript = await this.hub.call((api) =>
        api.transcribe(this.#stt.id, Comlink.transfer(samples, [samples.buffer])),
      );
      const assessment = assessTranscript(transcript);
      let distribution: Distribution | null = null;
      if (assessment.usable) distribution = await this.#readText(assessment.text);
      this.last = { assessment, distribution, ms: performance.now() - t };
      return distribution ? { transcript: assessment.text, distribution, reliability: assessment.reliability } : null;
    } catch (e) {
      this.error = `Speech-to-text failed on the last utterance (${e instanceof Error ? e.message : String(e)}).`;
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** The verifier's sentence judge: the text-emotion model's top class for one explanation sentence. */
  async judge(sentence: string): Promise<Emotion> {
    const d = await this.#readText(sentence);
    return d ? topEmotion(d).emotion : 'neutral';
  }

  /** The text-emotion model's reading of `text` as seven classes. */
  async #readText(text: string): Promise<Distribution | null> {
    if (!this.hub.api) throw new Error('the text-emotion model is not loaded');
    const scored = await this.hub.call((api) => api.classify(this.#text.id, text));
    return textDistribution(scored);
  }
}
