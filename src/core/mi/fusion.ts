/**
 * Fusion in which *neutral* is the absence of a display, not evidence against one. Each modality's
 * reading says two things: whether it shows a display at all (1 − p_m(neutral)) and, if so, which one.
 * - **No display** needs every modality to show none: p(neutral) = Π_m p_m(neutral)^(w_m / w_max).
 *   A calm face (neutral 0.95) cannot outvote a clearly emotional voice, because a face that shows
 *   nothing says nothing about the voice; a voice that shows nothing leaves an expressive face alone.
 * - **Which display** is a reliability-weighted linear pool of the readings' display classes,
 *   q(y) = Σ_m w_m p_m(y) / Σ_m w_m (1 − p_m(neutral)): the more reliable and surer modality wins
 *   where two displays disagree, and no reading vetoes a class (the product of experts let the
 *   uncalibrated face's near-zero veto a confident voice; a linear pool of all seven classes let the
 *   face's confident neutral outvote it).
 * - p(y) = (1 − p(neutral)) · q(y) for the six display classes.
 * Weights are each reading's reliability (face: detection score × frames with a face; voice: speech
 * probability × its calibrated certainty; words: the transcript's), taken relative to the most reliable
 * one, so a single reading fuses to itself. A missing, empty or invalid modality is left out, never faked.
 */
import { EMOTIONS, type Distribution } from '../labels.ts';
import type { Modality } from './modalities.ts';

export interface ModalityReading {
  readonly modality: Modality;
  readonly distribution: Distribution;
  /** 0..1: how much this reading can be trusted. */
  readonly reliability: number;
}

const NEUTRAL = EMOTIONS.indexOf('neutral');

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

/** How much a reading shows a display of emotion: 1 − p(neutral) of its normalised distribution. */
export function displayShare(d: Distribution): number {
  const total = d.reduce((a, b) => a + b, 0);
  return total > 0 ? 1 - (d[NEUTRAL] as number) / total : 0;
}

/**
 * The fused distribution (see the file's comment). With no usable reading the result is uniform
 * (nothing is known); callers check `isUsable` to tell the two apart.
 */
export function fuseDistributions(readings: readonly ModalityReading[]): Distribution {
  const usable = readings.filter(isUsable);
  if (usable.length === 0) return EMOTIONS.map(() => 1 / EMOTIONS.length);
  const strongest = Math.max(...usable.map((r) => Math.min(1, r.reliability)));
  const display = EMOTIONS.map(() => 0);
  let displayWeight = 0;
  let logNoDisplay = 0;
  for (const r of usable) {
    const w = Math.min(1, r.reliability);
    const total = r.distribution.reduce((a, b) => a + b, 0);
    const neutral = (r.distribution[NEUTRAL] as number) / total;
    logNoDisplay += (w / strongest) * Math.log(neutral);
    for (let i = 0; i < display.length; i++)
      if (i !== NEUTRAL) display[i]! += (w * (r.distribution[i] as number)) / total;
    displayWeight += w * (1 - neutral);
  }
  // Every reading wholly neutral: nothing shows a display.
  if (displayWeight <= 0) return EMOTIONS.map((_, i) => (i === NEUTRAL ? 1 : 0));
  const noDisplay = Math.exp(logNoDisplay);
  return display.map((p, i) => (i === NEUTRAL ? noDisplay : ((1 - noDisplay) * p) / displayWeight));
}
