/**
 * Fusion: a reliability-weighted linear opinion pool of whichever modality distributions are present,
 * p(y) = Σ_m w_m p_m(y) / Σ_m w_m, each weighted by its reliability (face detection score, speech
 * probability × calibrated certainty, transcript confidence). A missing, empty or invalid modality is
 * left out, never faked.
 *
 * Why linear, not the log-linear pool (product of experts) the method notes name: in a product, a class
 * that one modality gives ≈ 0 is vetoed whatever the others say, so an over-confident model (the Lite
 * face model is not calibrated, and there is no face data here to calibrate it on) outvotes a confident
 * voice, and two disagreeing readings land on a third class neither of them read (a neutral face and an
 * angry voice fused to happy). A linear pool has no such veto: each class's fused probability lies
 * between the smallest and the largest any reading gives it, a flat reading changes no ranking, and a
 * confident reading moves the result in proportion to its weight.
 */
import { EMOTIONS, type Distribution } from '../labels.ts';
import type { Modality } from './modalities.ts';

export interface ModalityReading {
  readonly modality: Modality;
  readonly distribution: Distribution;
  /** 0..1: how much this reading can be trusted. */
  readonly reliability: number;
}

/** A reading usable in fusion: seven finite, non-negative probabilities with some mass, and a positive weight. */
export function isUsable(r: ModalityReading): boolean {
  return (
    r.distribution.length === EMOTIONS.length &&
    r.distribution.every((p) => Number.isFinite(p) && p >= 0) &&
    r.distribution.some((p) => p > 0) &&
    Number.isFinite(r.reliability) &&
    r.reliability > 0
  );
}

/**
 * p(y) = Σ_m w_m p_m(y) / Σ_m w_m, with each distribution normalised and w_m its reliability (at most 1).
 * With no usable reading the result is uniform (nothing is known); callers check `isUsable` to tell
 * the two apart.
 */
export function fuseDistributions(readings: readonly ModalityReading[]): Distribution {
  const usable = readings.filter(isUsable);
  if (usable.length === 0) return EMOTIONS.map(() => 1 / EMOTIONS.length);
  const fused = EMOTIONS.map(() => 0);
  let weights = 0;
  for (const r of usable) {
    const w = Math.min(1, r.reliability);
    const total = r.distribution.reduce((a, b) => a + b, 0);
    for (let i = 0; i < fused.length; i++) fused[i]! += (w * (r.distribution[i] as number)) / total;
    weights += w;
  }
  return fused.map((p) => p / weights);
}
