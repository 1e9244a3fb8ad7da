/**
 * BlazeFace decoding (bundled barracuda exports, see models/README in
 * shared): anchors, sigmoid scores, box and six-keypoint regression, and
 * weighted non-maximum suppression, in frame pixels.
 */
import { fromLetterbox, iou, type Box, type Letterbox, type Point } from './geometry.ts';

export interface FaceDetection {
  readonly box: Box;
  /** Right eye, left eye (as seen in the image: first is image-left), nose, mouth, right ear, left ear. */
  readonly keypoints: readonly Point[];
  readonly score: number;
}

/** Anchor centres (normalised): a 16×16 grid with 2 per cell, then 8×8 with 6 per cell. */
export function blazefaceAnchors(): Float32Array {
  const out = new Float32Array(896 * 2);
  let i = 0;
  for (const [cells, perCell] of [
    [16, 2],
    [8, 6],
  ] as const) {
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let k = 0; k < perCell; k++) {
          out[i++] = (x + 0.5) / cells;
          out[i++] = (y + 0.5) / cells;
        }
      }
    }
  }
  return out;
}

const ANCHORS = blazefaceAnchors();

export interface RawDetections {
  /** Scores before sigmoid: [512] then [384]. */
  readonly scores16: Float32Array;
  readonly scores8: Float32Array;
  /** Regressors: [512 × 16] then [384 × 16]. */
  readonly boxes16: Float32Array;
  readonly boxes8: Float32Array;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Candidates above `threshold`, in frame pixels. */
export function decodeBlazeface(raw: RawDetections, lb: Letterbox, threshold: number): FaceDetection[] {
  const S = lb.size;
  const out: FaceDetection[] = [];
  const blocks = [
    [raw.scores16, raw.boxes16, 0],
    [raw.scores8, raw.boxes8, 512],
  ] as const;
  for (const [scores, boxes, offset] of blocks) {
    for (let i = 0; i < scores.length; i++) {
      const score = sigmoid(scores[i] as number);
      if (score < threshold) continue;
      const ax = ANCHORS[(offset + i) * 2] as number;
      const ay = ANCHORS[(offset + i) * 2 + 1] as number;
      const r = i * 16;
      const cx = ax + (boxes[r] as number) / S;
      const cy = ay + (boxes[r + 1] as number) / S;
      const w = (boxes[r + 2] as number) / S;
      const h = (boxes[r + 3] as number) / S;
      const topLeft = fromLetterbox(lb, cx - w / 2, cy - h / 2);
      const bottomRight = fromLetterbox(lb, cx + w / 2, cy + h / 2);
      const keypoints: Point[] = [];
      for (let k = 0; k < 6; k++) {
        keypoints.push(
          fromLetterbox(lb, ax + (boxes[r + 4 + k * 2] as number) / S, ay + (boxes[r + 5 + k * 2] as number) / S),
        );
      }
      out.push({
        box: { x: topLeft.x, y: topLeft.y, width: bottomRight.x - topLeft.x, height: bottomRight.y - topLeft.y },
        keypoints,
        score,
      });
    }
  }
  return out;
}

/**
 * Weighted non-maximum suppression (MediaPipe's blending): each kept face is
 * the score-weighted mean of the candidates overlapping the best one.
 */
export function weightedNms(candidates: readonly FaceDetection[], iouThreshold = 0.3): FaceDetection[] {
  const remaining = [...candidates].sort((p, q) => q.score - p.score);
  const kept: FaceDetection[] = [];
  while (remaining.length > 0) {
    const best = remaining[0] as FaceDetection;
    const cluster: FaceDetection[] = [];
    for (let i = remaining.length - 1; i >= 0; i--) {
      const c = remaining[i] as FaceDetection;
      if (iou(best.box, c.box) > iouThreshold) {
        cluster.push(c);
        remaining.splice(i, 1);
      }
    }
    const total = cluster.reduce((sum, c) => sum + c.score, 0);
    const avg = (f: (c: FaceDetection) => number) => cluster.reduce((sum, c) => sum + f(c) * c.score, 0) / total;
    kept.push({
      box: {
        x: avg((c) => c.box.x),
        y: avg((c) => c.box.y),
        width: avg((c) => c.box.width),
        height: avg((c) => c.box.height),
      },
      keypoints: best.keypoints.map((_, k) => ({
        x: avg((c) => (c.keypoints[k] as Point).x),
        y: avg((c) => (c.keypoints[k] as Point).y),
      })),
      score: best.score,
    });
  }
  return kept;
}
