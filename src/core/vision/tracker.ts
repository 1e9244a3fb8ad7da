/**
 * Follows the main face across frames: detection runs every few frames, the
 * face is carried between detections, and its box and keypoints are smoothed
 * so the crop does not jitter. The main face is the one that overlaps the
 * previous main face most, or else the largest.
 */
import type { FaceDetection } from './blazeface.ts';
import { iou, type Point } from './geometry.ts';

export interface TrackerOptions {
  /** Run the detector on every n-th frame (1 = every frame). */
  readonly redetectEvery: number;
  /** Weight of a new detection in the smoothed box (1 = no smoothing). */
  readonly follow: number;
}

export const DEFAULT_TRACKING: TrackerOptions = { redetectEvery: 2, follow: 0.6 };

const area = (f: FaceDetection) => f.box.width * f.box.height;

function blend(prev: FaceDetection, next: FaceDetection, w: number): FaceDetection {
  const mix = (p: number, q: number) => p + (q - p) * w;
  return {
    box: {
      x: mix(prev.box.x, next.box.x),
      y: mix(prev.box.y, next.box.y),
      width: mix(prev.box.width, next.box.width),
      height: mix(prev.box.height, next.box.height),
    },
    keypoints: next.keypoints.map((k, i) => {
      const p = prev.keypoints[i] as Point;
      return { x: mix(p.x, k.x), y: mix(p.y, k.y) };
    }),
    score: next.score,
  };
}

export class FaceTracker {
  #main: FaceDetection | null = null;
  #faces: FaceDetection[] = [];
  #sinceDetection = Number.POSITIVE_INFINITY;

  constructor(readonly options: TrackerOptions = DEFAULT_TRACKING) {}

  get needsDetection(): boolean {
    return this.#main === null || this.#sinceDetection + 1 >= this.options.redetectEvery;
  }

  /** After a detection: pick and smooth the main face. */
  detected(faces: readonly FaceDetection[]): FaceDetection | null {
    this.#sinceDetection = 0;
    this.#faces = [...faces];
    if (faces.length === 0) {
      this.#main = null;
      return null;
    }
    const prev = this.#main;
    let pick: FaceDetection | undefined;
    if (prev) {
      const best = faces.reduce((a, b) => (iou(prev.box, b.box) > iou(prev.box, a.box) ? b : a));
      if (iou(prev.box, best.box) > 0.3) pick = best;
    }
    pick ??= faces.reduce((a, b) => (area(b) > area(a) ? b : a));
    this.#main = prev && iou(prev.box, pick.box) > 0.3 ? blend(prev, pick, this.options.follow) : pick;
    return this.#main;
  }

  /** A frame without detection: the main face is carried over. */
  carried(): FaceDetection | null {
    this.#sinceDetection++;
    return this.#main;
  }

  /** Every face of the last detection, for drawing. */
  get faces(): readonly FaceDetection[] {
    return this.#faces;
  }

  reset(): void {
    this.#main = null;
    this.#faces = [];
    this.#sinceDetection = Number.POSITIVE_INFINITY;
  }
}
