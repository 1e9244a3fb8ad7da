/**
 * Modality Importance for one analysis window, as the MIGR paper decides it, at inference time:
 * each modality's unimodal flag ("this modality alone predicts ŷ", with the fused prediction ŷ in place
 * of the unknown label) gives the dominant modality — exactly one flag → that modality, several or
 * none → multimodal. Beside it, the app's own measure of how much each modality moves the fused
 * p(ŷ), its **contribution**: leave-one-out and exact Shapley values over modality subsets (at most 2³
 * coalitions; a modality outside a coalition takes no part, and the empty coalition reads chance), and each one's
 * share of the positive Shapley mass. The contributions order the
 * modalities after the dominant one; the older margin rule (top contribution leads by 0.2) is an option.
 */
import { EMOTIONS, topEmotion, type Distribution, type Emotion } from '../labels.ts';
import { fuseDistributions, isUsable, type ModalityReading } from './fusion.ts';
import type { Modality } from './modalities.ts';

export interface ModalityImportanceEntry {
  readonly modality: Modality;
  /** log p(ŷ | all) − log p(ŷ | all, this one saying nothing). */
  readonly leaveOneOut: number;
  /** Exact Shapley value of v(S) = log p_S(ŷ) − log(1/7), the modalities outside S left out. */
  readonly shapley: number;
  /** The app's contribution measure: share of the positive Shapley mass (0..1), adding up to 1 when any is positive. */
  readonly contribution: number;
  /** This modality alone predicts ŷ. */
  readonly alonePredicts: boolean;
  readonly top: { readonly emotion: Emotion; readonly p: number };
}

export interface ModalityImportance {
  readonly prediction: Emotion;
  readonly fused: Distribution;
  readonly pFused: number;
  readonly entries: readonly ModalityImportanceEntry[];
  /** The emotion-dominant modality (the paper's rule, or the margin rule when asked), or multimodal. */
  readonly dominant: Modality | 'multimodal';
  /** Why: the modalities that alone predict ŷ, and which rule decided. */
  readonly reason: DominantReason;
  /** v(all) = Σ Shapley: how far the evidence moves p(ŷ) from chance, in nats. */
  readonly totalGain: number;
}

export interface DominantReason {
  readonly rule: DominantRule;
  /** The modalities whose own reading's top emotion is ŷ, in face, voice, words order. */
  readonly alone: readonly Modality[];
}

/**
 * `paper`: exactly one modality alone predicts ŷ → dominant, else multimodal (the MIGR rule).
 * `margin`: the top contribution leads the second by `margin` (the app's earlier rule, kept as an option).
 */
export type DominantRule = 'paper' | 'margin';

export interface ImportanceOptions {
  readonly rule: DominantRule;
  /** For the margin rule: the top contribution must exceed the second by this much. */
  readonly margin: number;
}

export const DEFAULT_IMPORTANCE: ImportanceOptions = { rule: 'paper', margin: 0.2 };

const RANK: Readonly<Record<Modality, number>> = { face: 0, voice: 1, words: 2 };

const LOG_CHANCE = Math.log(1 / EMOTIONS.length);
const NOISE = 1e-12;
const FLOOR = 1e-9;

function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

/** Null when no modality gave a usable reading. */
export function modalityImportance(
  readings: readonly ModalityReading[],
  options: ImportanceOptions = DEFAULT_IMPORTANCE,
): ModalityImportance | null {
  const usable = readings.filter(isUsable);
  if (usable.length === 0) return null;
  const fused = fuseDistributions(usable);
  const { emotion: prediction, p: pFused } = topEmotion(fused);
  const yi = EMOTIONS.indexOf(prediction);
  const n = usable.length;

  // v(S) for every subset, by bit mask.
  const value = new Map<number, number>();
  for (let mask = 0; mask < 1 << n; mask++) {
    // A modality outside the coalition takes no part (the empty coalition reads uniform: chance).
    const coalition = usable.filter((_, i) => mask & (1 << i));
    // A coalition can rule ŷ out (a wholly neutral reading leaves no display): floored, not −∞.
    value.set(mask, Math.log(Math.max(FLOOR, fuseDistributions(coalition)[yi] as number)) - LOG_CHANCE);
  }
  const v = (mask: number) => value.get(mask) as number;
  const all = (1 << n) - 1;

  const raw = usable.map((r, i) => {
    const bit = 1 << i;
    let shapley = 0;
    for (let mask = 0; mask <= all; mask++) {
      if (mask & bit) continue;
      let size = 0;
      for (let m = mask; m; m &= m - 1) size++;
      shapley += ((factorial(size) * factorial(n - size - 1)) / factorial(n)) * (v(mask | bit) - v(mask));
    }
    const top = topEmotion(r.distribution);
    return {
      modality: r.modality,
      leaveOneOut: v(all) - v(all & ~bit),
      shapley,
      alonePredicts: top.emotion === prediction,
      top,
    };
  });

  // Rounding leaves a flat reading a Shapley value of ±1e-17: below NOISE counts as none.
  const gain = (e: { shapley: number }) => (e.shapley > NOISE ? e.shapley : 0);
  const positive = raw.reduce((a, e) => a + gain(e), 0);
  const entries = raw.map((e) => ({ ...e, contribution: positive > 0 ? gain(e) / positive : 0 }));
  const alone = entries
    .filter((e) => e.alonePredicts)
    .map((e) => e.modality)
    .sort((a, b) => RANK[a] - RANK[b]);
  let dominant: Modality | 'multimodal';
  if (options.rule === 'paper') {
    dominant = alone.length === 1 ? (alone[0] as Modality) : 'multimodal';
  } else {
    const [first, second] = [...entries].sort((a, b) => b.contribution - a.contribution);
    const clears =
      first !== undefined &&
      first.contribution > 0 &&
      first.contribution - (second?.contribution ?? 0) >= options.margin;
    dominant = clears ? first.modality : 'multimodal';
  }
  return { prediction, fused, pFused, entries, dominant, reason: { rule: options.rule, alone }, totalGain: v(all) };
}

/**
 * Modalities in MI order: the dominant one first, then by contribution, largest first (ties keep the
 * visual-first order: face, voice, words). For a multimodal window, by contribution alone.
 */
export function importanceOrder(mi: ModalityImportance): Modality[] {
  const first = (m: Modality) => (m === mi.dominant ? 0 : 1);
  return [...mi.entries]
    .sort(
      (a, b) =>
        first(a.modality) - first(b.modality) || b.contribution - a.contribution || RANK[a.modality] - RANK[b.modality],
    )
    .map((e) => e.modality);
}

/** The verdict with its reason, in words: "only the voice alone reads angry", "face and voice both read happy". */
export function dominantReasonText(mi: ModalityImportance): string {
  const { alone, rule } = mi.reason;
  if (rule === 'margin') {
    return mi.dominant === 'multimodal'
      ? 'no contribution leads the next by the margin'
      : `the ${mi.dominant}'s contribution leads by the margin`;
  }
  if (alone.length === 1) return `only the ${alone[0]} alone reads ${mi.prediction}`;
  if (alone.length === 0) return `no modality alone reads ${mi.prediction}; it comes from them together`;
  const list =
    alone.length === 2 ? `${alone[0]} and ${alone[1]}` : `${alone.slice(0, -1).join(', ')} and ${alone.at(-1)}`;
  return `${list} ${alone.length === 2 ? 'both' : 'all'} read ${mi.prediction}`;
}

const NOUN: Readonly<Record<Emotion, string>> = {
  happy: 'happiness',
  sad: 'sadness',
  neutral: 'no emotion',
  angry: 'anger',
  surprise: 'surprise',
  disgust: 'disgust',
  fear: 'fear',
};
const CALM: Readonly<Record<Modality, string>> = {
  face: 'the face shows no expression',
  voice: 'the voice sounds calm',
  words: 'the words carry no emotion',
};

/**
 * Why a calm modality does not outvote the one that carries the emotion, in words, or null when no
 * modality reads neutral beside a window that fused to a display: "the face shows no expression; the
 * voice carries anger". A neutral reading is the absence of a display, not evidence against one.
 */
export function absenceText(mi: ModalityImportance): string | null {
  if (mi.prediction === 'neutral' || mi.reason.alone.length === 0) return null;
  const calm = mi.entries.filter((e) => e.top.emotion === 'neutral').map((e) => e.modality);
  if (calm.length === 0) return null;
  const carriers =
    mi.reason.alone.length === 1
      ? `the ${mi.reason.alone[0]} carries`
      : `the ${mi.reason.alone.join(' and the ')} carry`;
  return `${calm.map((m) => CALM[m]).join(' and ')}; ${carriers} ${NOUN[mi.prediction]}`;
}
