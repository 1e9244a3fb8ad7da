/**
 * Utterances from per-chunk speech probabilities (Silero VAD): speech starts
 * above `startThreshold`, ends after `hangoverMs` below `endThreshold`,
 * shorter bursts than `minSpeechMs` are dropped, and speech longer than
 * `maxUtteranceMs` is cut into several utterances. A little audio before the
 * start is kept, so first syllables are not clipped.
 */
import { CHUNK, TARGET_RATE } from './resample.ts';

export interface SegmenterOptions {
  readonly startThreshold: number;
  readonly endThreshold: number;
  readonly hangoverMs: number;
  readonly minSpeechMs: number;
  readonly maxUtteranceMs: number;
  readonly prerollMs: number;
}

export const DEFAULT_SEGMENTER: SegmenterOptions = {
  startThreshold: 0.5,
  endThreshold: 0.35,
  hangoverMs: 320,
  minSpeechMs: 250,
  maxUtteranceMs: 10_000,
  prerollMs: 96,
};

export interface Utterance {
  /** Stream time (ms since the first chunk) of the first and last speech chunk. */
  readonly startMs: number;
  readonly endMs: number;
  readonly samples: Float32Array;
  /** Mean speech probability over the utterance: the voice's reliability. */
  readonly speechProbability: number;
  /** Cut at the maximum length (speech went on). */
  readonly split: boolean;
}

export type SegmenterEvent =
  { readonly type: 'start'; readonly atMs: number } | { readonly type: 'end'; readonly utterance: Utterance };

const CHUNK_MS = (CHUNK / TARGET_RATE) * 1000;

export class UtteranceSegmenter {
  readonly #o: SegmenterOptions;
  #chunks = 0;
  #speaking = false;
  #silentChunks = 0;
  #current: Float32Array[] = [];
  #probs: number[] = [];
  #startMs = 0;
  readonly #preroll: Float32Array[] = [];

  constructor(options: Partial<SegmenterOptions> = {}) {
    this.#o = { ...DEFAULT_SEGMENTER, ...options };
  }

  get speaking(): boolean {
    return this.#speaking;
  }

  push(chunk: Float32Array, speechProbability: number): SegmenterEvent[] {
    const o = this.#o;
    const atMs = this.#chunks * CHUNK_MS;
    this.#chunks++;
    const events: SegmenterEvent[] = [];
    if (!this.#speaking) {
      if (speechProbability >= o.startThreshold) {
        this.#speaking = true;
        this.#silentChunks = 0;
        this.#startMs = atMs;
        this.#current = [...this.#preroll, chunk];
        this.#probs = [speechProbability];
        events.push({ type: 'start', atMs });
      } else {
        this.#preroll.push(chunk);
        while (this.#preroll.length * CHUNK_MS > o.prerollMs) this.#preroll.shift();
      }
      return events;
    }
    this.#current.push(chunk);
    this.#probs.push(speechProbability);
    this.#silentChunks = speechProbability < o.endThreshold ? this.#silentChunks + 1 : 0;
    const lengthMs = this.#probs.length * CHUNK_MS;
    if (this.#silentChunks * CHUNK_MS >= o.hangoverMs) {
      const speechChunks = this.#probs.length - this.#silentChunks;
      const done = this.#finish(atMs - this.#silentChunks * CHUNK_MS + CHUNK_MS, this.#silentChunks, false);
      if (speechChunks * CHUNK_MS >= o.minSpeechMs && done) events.push({ type: 'end', utterance: done });
    } else if (lengthMs >= o.maxUtteranceMs) {
      const done = this.#finish(atMs + CHUNK_MS, 0, true);
      if (done) events.push({ type: 'end', utterance: done });
      // Speech goes on: the next utterance starts right away.
      this.#speaking = true;
      this.#startMs = atMs + CHUNK_MS;
      this.#current = [];
      this.#probs = [];
      events.push({ type: 'start', atMs: this.#startMs });
    }
    return events;
  }

  #finish(endMs: number, trailingSilent: number, split: boolean): Utterance | null {
    const chunks = this.#current.slice(0, this.#current.length - trailingSilent);
    const probs = this.#probs.slice(0, this.#probs.length - trailingSilent);
    this.#speaking = false;
    this.#silentChunks = 0;
    this.#current = [];
    this.#probs = [];
    this.#preroll.length = 0;
    if (chunks.length === 0) return null;
    const samples = new Float32Array(chunks.length * CHUNK);
    chunks.forEach((c, i) => samples.set(c, i * CHUNK));
    return {
      startMs: this.#startMs,
      endMs,
      samples,
      speechProbability: probs.reduce((a, b) => a + b, 0) / Math.max(1, probs.length),
      split,
    };
  }
}
