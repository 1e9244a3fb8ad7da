/**
 * Over time: an exponential smoother for display (time constant ~300 ms),
 * and the pooling of per-frame distributions over an analysis window,
 * weighted by detection confidence, for the Modality Importance core.
 */
import { EMOTIONS, UNIFORM, type Distribution } from '../labels.ts';
import { describeCues, medianCues, type CueDeltas, type CueEvidence } from './landmarks.ts';

export class DistributionSmoother {
  #value: number[] | null = null;
  #t = 0;

  constructor(readonly tauMs = 300) {}

  update(d: Distribution, tMs: number): Distribution {
    if (this.#value === null || tMs <= this.#t) {
      this.#value = [...d];
    } else {
      const alpha = 1 - Math.exp(-(tMs - this.#t) / this.tauMs);
      this.#value = this.#value.map((v, i) => v + ((d[i] as number) - v) * alpha);
    }
    this.#t = tMs;
    return this.#value;
  }

  reset(): void {
    this.#value = null;
  }
}

interface Sample {
  readonly t: number;
  /** Null for a frame with no usable face. */
  readonly d: Distribution | null;
  readonly weight: number;
}

export interface PooledWindow {
  readonly distribution: Distribution;
  /** Mean detection confidence × the share of frames that had a face: 0 when nothing was seen. */
  readonly reliability: number;
  readonly frames: number;
  readonly framesWithFace: number;
  /** The facial cue changes worth citing, from each cue's median change over the same frames. */
  readonly cues: readonly CueEvidence[];
}

/** Per-frame distributions kept for a while, pooled over any window [from, to]. */
export class WindowPool {
  readonly #samples: Sample[] = [];
  readonly #cues: { readonly t: number; readonly deltas: CueDeltas }[] = [];

  constructor(readonly keepMs = 60_000) {}

  add(tMs: number, d: Distribution | null, weight: number): void {
    this.#samples.push({ t: tMs, d, weight: d ? Math.max(0, weight) : 0 });
    const cutoff = tMs - this.keepMs;
    while (this.#samples.length > 0 && (this.#samples[0] as Sample).t < cutoff) this.#samples.shift();
  }

  /** A frame's facial cue changes (against the face's neutral look), pooled over the same windows. */
  addCues(tMs: number, deltas: CueDeltas | null): void {
    if (deltas) this.#cues.push({ t: tMs, deltas });
    const cutoff = tMs - this.keepMs;
    while (this.#cues.length > 0 && this.#cues[0]!.t < cutoff) this.#cues.shift();
  }

  pool(fromMs: number, toMs: number): PooledWindow | null {
    const inside = this.#samples.filter((s) => s.t >= fromMs && s.t <= toMs);
    if (inside.length === 0) return null;
    const changes = this.#cues.filter((c) => c.t >= fromMs && c.t <= toMs).map((c) => c.deltas);
    const cues = changes.length > 0 ? describeCues(medianCues(changes)) : [];
    const seen = inside.filter((s) => s.d !== null && s.weight > 0);
    const total = seen.reduce((a, s) => a + s.weight, 0);
    if (total === 0) return { distribution: UNIFORM, reliability: 0, frames: inside.length, framesWithFace: 0, cues };
    const distribution = EMOTIONS.map(
      (_, i) => seen.reduce((a, s) => a + ((s.d as Distribution)[i] as number) * s.weight, 0) / total,
    );
    return {
      distribution,
      reliability: (total / seen.length) * (seen.length / inside.length),
      frames: inside.length,
      framesWithFace: seen.length,
      cues,
    };
  }
}

/** The face is pooled from this long before an utterance starts… */
export const FACE_LEAD_MS = 500;

/**
 * …to the moment the utterance is analysed: the moments right after a sentence show its expression
 * without the talking mouth (which the expression model tends to read as sad or surprised), and a face
 * first read just after the sentence still counts.
 */
export function faceSpan(startMs: number, endMs: number, analysedAtMs: number): readonly [number, number] {
  return [startMs - FACE_LEAD_MS, Math.max(endMs, analysedAtMs)];
}
