/**
 * Fusion: a weighted log-linear pool of whichever modality distributions are
 * present, each weighted by its reliability (face detection score, speech
 * probability, transcript confidence). A missing, empty or invalid modality
 * is left out, never faked.
 */
import { EMOTIONS, type Distribution } from '../labels.ts';
import type { Modality } from './modalities.ts';

export interface ModalityReading {
  readonly modality: Modality;
  readonly distribution: Distribution;
  /** 0..1: how much this reading can be trusted. */
  readonly reliability: number;
}

const FLOOR = 1e-6;

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

/** Normalised probabilities, floored so that a zero cannot veto a class. */
function logProbs(d: Distribution): number[] {
  const total = d.reduce((a, b) => a + b, 0);
  return d.map((p) => Math.log(Math.max(FLOOR, p / total)));
}

/**
 * p(y) ∝ Π_m p_m(y)^{w_m}. With no usable reading the result is uniform
 * (nothing is known); callers check `isUsable` to tell the two apart.
 */
export function fuseDistributions(readings: readonly ModalityReading[]): Distribution {
  const usable = readings.filter(isUsable);
  const logits = EMOTIONS.map(() => 0);
  for (const r of usable) {
    const lp = logProbs(r.distribution);
    for (let i = 0; i < logits.length; i++) logits[i]! += Math.min(1, r.reliability) * (lp[i] as number);
  }
  const max = Math.max(...logits);
  const exp = logits.map((l) => Math.exp(l - max));
  const total = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / total);
}
