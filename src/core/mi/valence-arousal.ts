/**
 * The emotion on two axes as well as in categories: valence (unpleasant −1 … pleasant +1) and arousal
 * (calm −1 … excited +1). A reading's point is the probability-weighted mean of its seven classes'
 * coordinates: it is *derived from the category readings*, not measured on the axes.
 *
 * The coordinates are the pleasure and arousal values of the emotion terms in Russell and Mehrabian,
 * "Evidence for a three-factor theory of emotions", Journal of Research in Personality 11 (1977), 273–294,
 * as widely tabulated (happy from "joy"; neutral at the origin). Read from secondary tables (several
 * agree), not checked against the paper here. One table, kept in this file.
 */
import { EMOTIONS, type Distribution, type Emotion } from '../labels.ts';

export interface VaPoint {
  readonly valence: number;
  readonly arousal: number;
}

export const VA_COORDINATES: Readonly<Record<Emotion, VaPoint>> = {
  happy: { valence: 0.81, arousal: 0.51 },
  sad: { valence: -0.63, arousal: -0.27 },
  neutral: { valence: 0, arousal: 0 },
  angry: { valence: -0.51, arousal: 0.59 },
  surprise: { valence: 0.4, arousal: 0.67 },
  disgust: { valence: -0.6, arousal: 0.35 },
  fear: { valence: -0.64, arousal: 0.6 },
};

/** A seven-class distribution's point: the probability-weighted mean of the classes' coordinates. */
export function vaPoint(d: Distribution): VaPoint {
  const total = d.reduce((a, p) => a + p, 0) || 1;
  let valence = 0;
  let arousal = 0;
  EMOTIONS.forEach((e, i) => {
    const p = (d[i] ?? 0) / total;
    valence += p * VA_COORDINATES[e].valence;
    arousal += p * VA_COORDINATES[e].arousal;
  });
  return { valence, arousal };
}
