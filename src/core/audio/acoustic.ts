/**
 * The Lite acoustic emotion model: prosody relative to the speaker's own
 * baseline, z-scored, and a nearest-centroid classifier whose centroids were
 * fitted on the 12 CREMA-D fixture utterances (2 actors × 6 emotions; see
 * acoustic.test.ts, which refits them and reports leave-one-out accuracy).
 * Surprise has no fixture, so this model cannot say it: it keeps a small
 * floor. A crude model, labelled as such: it explains its own 12 utterances
 * (8/12) but does not generalise to a held-out one (leave-one-out 1/12,
 * chance 2/12). Its prosody cues are the useful part; the Standard tier
 * uses a trained speech-emotion network.
 */
import { EMOTIONS, type Distribution, type Emotion } from '../labels.ts';
import params from './acoustic-params.json';
import type { Prosody } from './prosody.ts';

export const FEATURES = ['pitch', 'loudness', 'brightness', 'tilt', 'pitchVariation', 'loudnessVariation', 'voiced', 'rate'] as const;
export type FeatureVector = readonly number[];

export interface SpeakerReference {
  readonly f0: number;
  readonly loudnessDb: number;
  readonly centroidHz: number;
  readonly tiltDb: number;
}

/** A typical adult reference, used until the speaker's own utterances are known. */
export const DEFAULT_REFERENCE: SpeakerReference = { f0: 170, loudnessDb: -38, centroidHz: 550, tiltDb: -13 };

export function features(p: Prosody, ref: SpeakerReference): FeatureVector {
  return [
    p.f0Median ? 12 * Math.log2(p.f0Median / ref.f0) : 0,
    p.loudnessDb - ref.loudnessDb,
    p.centroidHz > 0 ? Math.log2(p.centroidHz / ref.centroidHz) : 0,
    p.tiltDb - ref.tiltDb,
    p.f0StdSt,
    p.loudnessStdDb,
    p.voicedRatio,
    p.rate,
  ];
}

/** The speaker's running reference: medians over their utterances so far (this one included). */
export class SpeakerBaseline {
  readonly #seen: Prosody[] = [];

  add(p: Prosody): void {
    if (p.f0Median !== null) this.#seen.push(p);
    if (this.#seen.length > 50) this.#seen.shift();
  }

  reference(): SpeakerReference {
    if (this.#seen.length === 0) return DEFAULT_REFERENCE;
    const median = (f: (p: Prosody) => number) => {
      const v = this.#seen.map(f).sort((a, b) => a - b);
      return v[v.length >> 1] as number;
    };
    return {
      f0: median((p) => p.f0Median ?? DEFAULT_REFERENCE.f0),
      loudnessDb: median((p) => p.loudnessDb),
      centroidHz: median((p) => p.centroidHz || DEFAULT_REFERENCE.centroidHz),
      tiltDb: median((p) => p.tiltDb),
    };
  }
}

export interface CentroidModel {
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly centroids: Readonly<Partial<Record<Emotion, readonly number[]>>>;
}

/** Fits z-scoring and one centroid per class. */
export function fitCentroids(samples: readonly { features: FeatureVector; label: Emotion }[]): CentroidModel {
  const dims = FEATURES.length;
  const mean = Array.from({ length: dims }, (_, d) => samples.reduce((a, s) => a + (s.features[d] as number), 0) / samples.length);
  const std = Array.from({ length: dims }, (_, d) => {
    const v = samples.reduce((a, s) => a + ((s.features[d] as number) - (mean[d] as number)) ** 2, 0) / samples.length;
    return Math.sqrt(v) || 1;
  });
  const centroids: Partial<Record<Emotion, number[]>> = {};
  for (const label of EMOTIONS) {
    const mine = samples.filter((s) => s.label === label);
    if (mine.length === 0) continue;
    centroids[label] = Array.from(
      { length: dims },
      (_, d) => mine.reduce((a, s) => a + ((s.features[d] as number) - (mean[d] as number)) / (std[d] as number), 0) / mine.length,
    );
  }
  return { mean, std, centroids };
}

const SURPRISE_FLOOR = 0.02;

export function classify(f: FeatureVector, model: CentroidModel = params as CentroidModel): Distribution {
  const z = f.map((v, d) => (v - (model.mean[d] as number)) / (model.std[d] as number));
  const scores = EMOTIONS.map((e) => {
    const c = model.centroids[e];
    if (!c) return null;
    return -c.reduce((a, cv, d) => a + (cv - (z[d] as number)) ** 2, 0) / 2 / FEATURES.length;
  });
  const max = Math.max(...scores.filter((s): s is number => s !== null));
  const exp = scores.map((s) => (s === null ? 0 : Math.exp((s - max) * 4)));
  const known = exp.reduce((a, b) => a + b, 0);
  const missing = scores.filter((s) => s === null).length;
  return exp.map((e, i) => (scores[i] === null ? SURPRISE_FLOOR : (e / known) * (1 - SURPRISE_FLOOR * missing)));
}

/** The prosody worth saying, in words with numbers, relative to the speaker's reference. */
export function describeProsody(p: Prosody, ref: SpeakerReference): string[] {
  const out: string[] = [];
  const [pitch, loud, bright] = features(p, ref) as [number, number, number];
  if (p.f0Median) {
    if (pitch > 1.5) out.push(`pitch higher than usual (+${pitch.toFixed(1)} st)`);
    else if (pitch < -1.5) out.push(`pitch lower than usual (${pitch.toFixed(1)} st)`);
  }
  if (p.f0StdSt > 7) out.push(`pitch very variable (${p.f0StdSt.toFixed(1)} st)`);
  else if (p.f0StdSt > 0 && p.f0StdSt < 4) out.push(`pitch flat (${p.f0StdSt.toFixed(1)} st)`);
  if (loud > 4) out.push(`louder than usual (+${loud.toFixed(0)} dB)`);
  else if (loud < -4) out.push(`quieter than usual (${loud.toFixed(0)} dB)`);
  if (bright > 0.5) out.push('voice bright and tense');
  else if (bright < -0.5) out.push('voice dark and soft');
  if (p.rate > 4.5) out.push(`fast (${p.rate.toFixed(1)} peaks/s)`);
  else if (p.rate > 0 && p.rate < 2.5) out.push(`slow (${p.rate.toFixed(1)} peaks/s)`);
  return out;
}
