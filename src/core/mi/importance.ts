/**
 * Modality Importance for one analysis window: how much each modality
 * contributes to the fused probability of the prediction ŷ — leave-one-out
 * and exact Shapley values over modality subsets (at most 2³ coalitions) —
 * the paper's unimodal flags ("this modality alone predicts ŷ"), shares, and
 * the dominant modality, or "multimodal" when no share clears the margin.
 */
import { EMOTIONS, topEmotion, type Distribution, type Emotion } from '../labels.ts';
import { fuseDistributions, isUsable, type ModalityReading } from './fusion.ts';
import type { Modality } from './modalities.ts';

export interface ModalityImportanceEntry {
  readonly modality: Modality;
  /** log p(ŷ | all) − log p(ŷ | all but this one). */
  readonly leaveOneOut: number;
  /** Exact Shapley value of v(S) = log p_S(ŷ) − log(1/7). */
  readonly shapley: number;
  /** Share of the positive Shapley mass (0..1); shares add up to 1 when any is positive. */
  readonly share: number;
  /** This modality alone predicts ŷ. */
  readonly alonePredicts: boolean;
  readonly top: { readonly emotion: Emotion; readonly p: number };
}

export interface ModalityImportance {
  readonly prediction: Emotion;
  readonly fused: Distribution;
  readonly pFused: number;
  readonly entries: readonly ModalityImportanceEntry[];
  /** The emotion-dominant modality, or multimodal when the top share does not clear the margin. */
  readonly dominant: Modality | 'multimodal';
  /** v(all) = Σ Shapley: how far the evidence moves p(ŷ) from chance, in nats. */
  readonly totalGain: number;
}

export interface ImportanceOptions {
  /** The top share must exceed the second by this much to be dominant. */
  readonly margin: number;
}

export const DEFAULT_IMPORTANCE: ImportanceOptions = { margin: 0.2 };

const LOG_CHANCE = Math.log(1 / EMOTIONS.length);

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
    const subset = usable.filter((_, i) => mask & (1 << i));
    value.set(mask, subset.length === 0 ? 0 : Math.log(fuseDistributions(subset)[yi] as number) - LOG_CHANCE);
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

  const positive = raw.reduce((a, e) => a + Math.max(0, e.shapley), 0);
  const entries = raw.map((e) => ({ ...e, share: positive > 0 ? Math.max(0, e.shapley) / positive : 0 }));
  const ranked = [...entries].sort((a, b) => b.share - a.share);
  const [first, second] = ranked;
  const clears = first !== undefined && first.share > 0 && first.share - (second?.share ?? 0) >= options.margin;
  return {
    prediction,
    fused,
    pFused,
    entries,
    dominant: clears ? first.modality : 'multimodal',
    totalGain: v(all),
  };
}

/** Modalities in MI order: largest share first (ties keep the visual-first order). */
export function importanceOrder(mi: ModalityImportance): Modality[] {
  const rank = { face: 0, voice: 1, words: 2 } as const;
  return [...mi.entries].sort((a, b) => b.share - a.share || rank[a.modality] - rank[b.modality]).map((e) => e.modality);
}
