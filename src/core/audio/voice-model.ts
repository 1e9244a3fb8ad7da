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
 * What the session knows of this speaker's voice: the raw features of their
 * recent utterances, shrunk toward the corpus while they are few.
 */
export class VoiceBaseline {
  readonly #seen: Float32Array[] = [];
  constructor(readonly meta: Pick<VoiceModelMeta, 'prior' | 'spread' | 'priorWeight'>) {}

  add(features: Float32Array): void {
    this.#seen.push(features);
    if (this.#seen.length > MAX_BASELINE) this.#seen.shift();
  }

  get size(): number {
    return this.#seen.length;
  }

  reference(): SpeakerNorm {
    return speakerNorm(this.#seen, this.meta);
  }
}

export interface SpeakerNorm {
  readonly centre: Float32Array;
  readonly scale: Float32Array;
}

/**
 * The speaker's centre, (Σ f + k · prior) / (n + k), and spread,
 * √((Σ (f − centre)² + k · spread²) / (n + k)): the corpus counts as k
 * utterances. One definition for training and the app.
 */
export function speakerNorm(seen: readonly ArrayLike<number>[], meta: Pick<VoiceModelMeta, 'prior' | 'spread' | 'priorWeight'>): SpeakerNorm {
  const { prior, spread, priorWeight: k } = meta;
  const centre = new Float32Array(prior.length);
  const scale = new Float32Array(prior.length);
  for (let d = 0; d < prior.length; d++) {
    let s = k * (prior[d] as number);
    for (const f of seen) s += f[d] as number;
    const c = s / (seen.length + k);
    let q = k * (spread[d] as number) ** 2;
    for (const f of seen) q += ((f[d] as number) - c) ** 2;
    centre[d] = c;
    scale[d] = Math.sqrt(q / (seen.length + k)) || 1;
  }
  return { centre, scale };
}

/** Features as the model reads them: relative to the speaker's centre, in units of their spread. */
export function normalise(features: ArrayLike<number>, norm: SpeakerNorm, out = new Float32Array(norm.centre.length)): Float32Array {
  for (let d = 0; d < out.length; d++) out[d] = ((features[d] as number) - (norm.centre[d] as number)) / (norm.scale[d] as number);
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
      /** Utterances the speaker reference was built from (this one included). */
      readonly known: number;
      readonly segments: number;
      /** Plain caveats for the card (clipping, a speaker not yet known). */
      readonly notes: readonly string[];
    };

/** Reads one utterance: features per segment, against the speaker's reference, through the graph. */
export async function readVoice(
  samples: Float32Array,
  baseline: VoiceBaseline,
  runner: ModelRunner,
  meta: VoiceModelMeta,
): Promise<VoiceReading> {
  if (samples.length < MIN_UTTERANCE_S * TARGET_RATE) {
    return { kind: 'abstained', why: 'too-short', message: `too short to read (under ${MIN_UTTERANCE_S} s)` };
  }
  const seg = Math.round(SEGMENT_S * TARGET_RATE);
  const feats = segmentStarts(samples.length)
    .map((s) => voiceFeatures(samples.subarray(s, Math.min(samples.length, s + seg))))
    .filter((f) => f !== null)
    .map((f) => f.features);
  if (feats.length === 0) {
    return { kind: 'abstained', why: 'no-voice', message: 'too little voiced sound to read (a whisper, noise or a cough?)' };
  }
  for (const f of feats) baseline.add(f);
  const ref = baseline.reference();
  const input = new Float32Array(feats.length * FEATURE_COUNT);
  feats.forEach((f, i) => normalise(f, ref, input.subarray(i * FEATURE_COUNT, (i + 1) * FEATURE_COUNT)));
  const out = await runner.run({ features: { data: input, dims: [feats.length, FEATURE_COUNT] } });
  const logits = out['logits'];
  if (!logits) throw new Error('voice model gave no logits');
  const k = meta.labels.length;
  // Segments pooled by their mean logit, then one calibrated softmax.
  const pooled = new Array<number>(k).fill(0);
  for (let i = 0; i < feats.length; i++) for (let c = 0; c < k; c++) pooled[c]! += (logits.data[i * k + c] as number) / feats.length;
  const probs = softmax(pooled, temperatureFor(meta, baseline.size));
  const notes: string[] = [];
  const clipped = clippedShare(samples) > CLIPPED_SHARE;
  if (clipped) notes.push('the input is clipping (too loud): the reading is less sure');
  if (baseline.size < 3) notes.push('read against a typical voice until this speaker has said a few sentences');
  const sure = certainty(probs) * (clipped ? 0.5 : 1);
  return {
    kind: 'read',
    distribution: voiceDistribution(probs, meta.labels),
    certainty: sure,
    known: baseline.size,
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
