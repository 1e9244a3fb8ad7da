/**
 * The Lite voice model around its ONNX graph: the speaker reference the
 * features are read against, segments for long utterances, temperature by
 * how much of the speaker is known, the seven-class distribution (the model
 * cannot say surprise) and the reliability fusion weighs it by. Pure: the
 * graph runs through a ModelRunner, so the worker, the eval and the tests
 * share this code.
 *
 * The training script (`npm run train:voice`) writes the graph and
 * `voice-model.json` together; the JSON names the graph's sha256.
 */
import { EMOTIONS, emotionForLabel, type Distribution } from '../labels.ts';
import type { ModelRunner } from '../runner.ts';
import { FEATURE_COUNT, voiceFeatures } from './voice-features.ts';
import { TARGET_RATE } from './resample.ts';

export interface VoiceModelMeta {
  /** The graph's output label order. */
  readonly labels: readonly string[];
  readonly features: readonly string[];
  /** Corpus mean of the raw features: the speaker reference before anything is known of the speaker. */
  readonly prior: readonly number[];
  /** Pooled within-speaker standard deviation of each feature. */
  readonly spread: readonly number[];
  /** Weight of the corpus in the speaker reference, in utterances. */
  readonly priorWeight: number;
  /** Temperatures fitted on held-out speakers: with only this utterance known, and with the speaker well known. */
  readonly temperature: { readonly cold: number; readonly settled: number };
  readonly onnxSha256: string;
}

/** Utterances shorter than this are not read (reliability 0). */
export const MIN_UTTERANCE_S = 0.5;
/** Longer utterances are read in segments of this length (the training clips are ~2 s), hop SEGMENT_HOP_S. */
export const SEGMENT_S = 2.5;
export const SEGMENT_HOP_S = 2;
/** More of the samples than this at full scale: the input is clipping. */
export const CLIPPED_SHARE = 0.002;
const MAX_BASELINE = 40;

/**
 * What the session knows of this speaker's *everyday* voice: the reference each utterance is read
 * against. It is causal (an utterance is read against what was heard before it, never against itself)
 * and it does not absorb the emotion it should read: each utterance joins it weighted by how neutral
 * it was read (p(neutral)), so a speaker who stays angry does not drift toward "angry is their normal
 * voice". A calibration ("a sentence in your everyday voice") counts in full, and can be reset. The
 * corpus mean counts as `priorWeight` utterances on top.
 */
export class VoiceBaseline {
  readonly #seen: { readonly features: Float32Array; readonly weight: number }[] = [];
  #calibration: Float32Array[] = [];
  constructor(readonly meta: Pick<VoiceModelMeta, 'prior' | 'spread' | 'priorWeight'>) {}

  /** An utterance heard, weighted by how surely it was the speaker's everyday voice (0..1). */
  add(features: Float32Array, weight = 1): void {
    const w = Math.min(1, Math.max(0, weight));
    this.#seen.push({ features, weight: w });
    if (this.#seen.length > MAX_BASELINE) this.#seen.shift();
  }

  /** The speaker's everyday voice, said on request: replaces any earlier calibration. */
  calibrate(features: readonly Float32Array[]): void {
    this.#calibration = [...features];
  }

  resetCalibration(): void {
    this.#calibration = [];
  }

  get calibrated(): boolean {
    return this.#calibration.length > 0;
  }

  /** How many utterances' worth of the speaker's everyday voice the reference holds. */
  get size(): number {
    return this.#calibration.length + this.#seen.reduce((a, s) => a + s.weight, 0);
  }

  reference(): SpeakerNorm {
    const seen = [...this.#calibration, ...this.#seen.map((s) => s.features)];
    const weights = [...this.#calibration.map(() => 1), ...this.#seen.map((s) => s.weight)];
    return speakerNorm(seen, this.meta, weights);
  }
}

export interface SpeakerNorm {
  readonly centre: Float32Array;
  readonly scale: Float32Array;
}

/**
 * The speaker's centre, (Σ v f + k · prior) / (Σ v + k), and spread,
 * √((Σ v (f − centre)² + k · spread²) / (Σ v + k)): the corpus counts as k
 * utterances, each utterance f as its weight v (1 unless given). One definition for training and the app.
 */
export function speakerNorm(
  seen: readonly ArrayLike<number>[],
  meta: Pick<VoiceModelMeta, 'prior' | 'spread' | 'priorWeight'>,
  weights: readonly number[] = seen.map(() => 1),
): SpeakerNorm {
  const { prior, spread, priorWeight: k } = meta;
  const centre = new Float32Array(prior.length);
  const scale = new Float32Array(prior.length);
  const n = weights.reduce((a, b) => a + b, 0);
  for (let d = 0; d < prior.length; d++) {
    let s = k * (prior[d] as number);
    seen.forEach((f, i) => (s += (weights[i] as number) * (f[d] as number)));
    const c = s / (n + k);
    let q = k * (spread[d] as number) ** 2;
    seen.forEach((f, i) => (q += (weights[i] as number) * ((f[d] as number) - c) ** 2));
    centre[d] = c;
    scale[d] = Math.sqrt(q / (n + k)) || 1;
  }
  return { centre, scale };
}

/** Features as the model reads them: relative to the speaker's centre, in units of their spread. */
export function normalise(
  features: ArrayLike<number>,
  norm: SpeakerNorm,
  out = new Float32Array(norm.centre.length),
): Float32Array {
  for (let d = 0; d < out.length; d++)
    out[d] = ((features[d] as number) - (norm.centre[d] as number)) / (norm.scale[d] as number);
  return out;
}

/** The temperature for a reference built from `n` utterances: cold at n = 1, toward settled as n grows. */
export function temperatureFor(meta: Pick<VoiceModelMeta, 'temperature' | 'priorWeight'>, n: number): number {
  const { cold, settled } = meta.temperature;
  const w = meta.priorWeight / (Math.max(1, n) + meta.priorWeight);
  const w1 = meta.priorWeight / (1 + meta.priorWeight);
  return settled + (cold - settled) * (w / w1);
}

export function softmax(logits: ArrayLike<number>, temperature = 1): number[] {
  const v = Array.from(logits, (l) => l / temperature);
  const max = Math.max(...v);
  const e = v.map((x) => Math.exp(x - max));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/**
 * The model's probabilities (its own label order) as the seven classes. A
 * class the model never learnt (surprise) gets the geometric mean of the
 * others: a typical share for a class the voice does not favour, so the
 * voice neither pushes surprise up nor rules it out.
 */
export function voiceDistribution(probs: readonly number[], labels: readonly string[]): Distribution {
  const out: (number | null)[] = EMOTIONS.map(() => null);
  labels.forEach((label, i) => {
    const e = emotionForLabel(label);
    if (e === null) throw new Error(`voice model label "${label}" has no class`);
    const at = EMOTIONS.indexOf(e);
    out[at] = (out[at] ?? 0) + (probs[i] as number);
  });
  const known = out.filter((p): p is number => p !== null);
  const geo = Math.exp(known.reduce((a, p) => a + Math.log(Math.max(1e-6, p)), 0) / known.length);
  const filled = out.map((p) => p ?? geo);
  const total = filled.reduce((a, b) => a + b, 0);
  return filled.map((p) => p / total);
}

/** 1 for a certain reading, 0 for a flat one: (max − 1/K) / (1 − 1/K) over the K classes the model knows. */
export function certainty(probs: readonly number[]): number {
  const k = probs.length;
  return Math.max(0, (Math.max(...probs) - 1 / k) / (1 - 1 / k));
}

/** Start offsets (samples) of the segments an utterance is read in. */
export function segmentStarts(length: number, rate = TARGET_RATE): number[] {
  const seg = Math.round(SEGMENT_S * rate);
  const hop = Math.round(SEGMENT_HOP_S * rate);
  if (length <= seg + hop / 2) return [0];
  const starts: number[] = [];
  for (let s = 0; s + seg <= length; s += hop) starts.push(s);
  const last = length - seg;
  if ((starts[starts.length - 1] as number) < last - hop / 2) starts.push(last);
  return starts;
}

/** Share of samples at or beyond ±0.99 full scale. */
export function clippedShare(x: Float32Array): number {
  let n = 0;
  for (let i = 0; i < x.length; i++) if (Math.abs(x[i] as number) >= 0.99) n++;
  return x.length ? n / x.length : 0;
}

export type VoiceAbstention = 'too-short' | 'no-voice';

export type VoiceReading =
  | { readonly kind: 'abstained'; readonly why: VoiceAbstention; readonly message: string }
  | {
      readonly kind: 'read';
      readonly distribution: Distribution;
      /** Calibrated certainty of the reading (0..1), before the speech probability. */
      readonly certainty: number;
      /** Utterances' worth of the speaker's everyday voice the reading was made against (before this one). */
      readonly known: number;
      readonly segments: number;
      /** Plain caveats for the card (clipping, a speaker not yet known). */
      readonly notes: readonly string[];
    };

/** The features of each segment of an utterance, or why there are none. */
export function utteranceFeatures(
  samples: Float32Array,
): Float32Array[] | { readonly why: VoiceAbstention; readonly message: string } {
  if (samples.length < MIN_UTTERANCE_S * TARGET_RATE) {
    return { why: 'too-short', message: `too short to read (under ${MIN_UTTERANCE_S} s)` };
  }
  const seg = Math.round(SEGMENT_S * TARGET_RATE);
  const feats = segmentStarts(samples.length)
    .map((s) => voiceFeatures(samples.subarray(s, Math.min(samples.length, s + seg))))
    .filter((f) => f !== null)
    .map((f) => f.features);
  if (feats.length === 0)
    return { why: 'no-voice', message: 'too little voiced sound to read (a whisper, noise or a cough?)' };
  return feats;
}

/**
 * A calibration: the utterance said as "my everyday voice" becomes the speaker's reference (replacing an
 * earlier one). Refused, with the reason, when it has no speech to learn from.
 */
export function calibrateVoice(
  samples: Float32Array,
  baseline: VoiceBaseline,
): { readonly ok: boolean; readonly message: string } {
  const feats = utteranceFeatures(samples);
  if (!Array.isArray(feats)) return { ok: false, message: `the sentence was ${feats.message}` };
  baseline.calibrate(feats);
  return { ok: true, message: `calibrated on a ${(samples.length / TARGET_RATE).toFixed(1)} s sentence` };
}

/** Reads one utterance: features per segment, against the speaker's reference, through the graph. */
export async function readVoice(
  samples: Float32Array,
  baseline: VoiceBaseline,
  runner: ModelRunner,
  meta: VoiceModelMeta,
): Promise<VoiceReading> {
  const feats = utteranceFeatures(samples);
  if (!Array.isArray(feats)) return { kind: 'abstained', ...feats };
  // Read against what was heard before this utterance; it joins the reference afterwards.
  const ref = baseline.reference();
  const known = baseline.size;
  const input = new Float32Array(feats.length * FEATURE_COUNT);
  feats.forEach((f, i) => normalise(f, ref, input.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT)));
  const out = await runner.run({ features: { data: input, dims: [feats.length, FEATURE_COUNT] } });
  const logits = out['logits'];
  if (!logits) throw new Error('voice model gave no logits');
  const k = meta.labels.length;
  // Segments pooled by their mean logit, then one calibrated softmax.
  const pooled = new Array<number>(k).fill(0);
  for (let i = 0; i < feats.length; i++)
    for (let c = 0; c < k; c++) pooled[c]! += (logits.data[i * k + c] as number) / feats.length;
  const probs = softmax(pooled, temperatureFor(meta, known + 1));
  const neutral = meta.labels.indexOf('neutral');
  for (const f of feats) baseline.add(f, neutral >= 0 ? (probs[neutral] as number) : 1);
  const notes: string[] = [];
  const clipped = clippedShare(samples) > CLIPPED_SHARE;
  if (clipped) notes.push('the input is clipping (too loud): the reading is less sure');
  if (known < 2 && !baseline.calibrated)
    notes.push('read against a typical voice until this speaker has said a few everyday sentences (or calibrated)');
  const sure = certainty(probs) * (clipped ? 0.5 : 1);
  return {
    kind: 'read',
    distribution: voiceDistribution(probs, meta.labels),
    certainty: sure,
    known,
    segments: feats.length,
    notes,
  };
}

/**
 * Runs the reading on a second and a half of a synthetic voiced sound, a few times, against a throwaway
 * baseline: V8 compiles the feature front end's loops to optimised code only after repeated calls, so
 * the speaker's first sentence would otherwise pay for it (~15× slower when cold).
 */
export async function warmUpVoice(runner: ModelRunner, meta: VoiceModelMeta, runs = 6): Promise<number> {
  const start = performance.now();
  const n = Math.round(1.5 * TARGET_RATE);
  const vowel = Float32Array.from({ length: n }, (_, i) => {
    const t = i / TARGET_RATE;
    const f0 = 140 + 30 * Math.sin(2 * Math.PI * 1.5 * t);
    let v = 0;
    for (let h = 1; h <= 8; h++) v += Math.sin(2 * Math.PI * f0 * h * t) / h;
    return 0.1 * v * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t));
  });
  for (let i = 0; i < runs; i++) await readVoice(vowel, new VoiceBaseline(meta), runner, meta);
  return performance.now() - start;
}
