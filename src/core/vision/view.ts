/**
 * How well the camera sees a detected face, as a factor on its fusion weight: a face that is partly out
 * of the picture, turned away or small is read less reliably by the expression model, and a confident
 * reading of it (often a confident neutral) must not count as if the face were seen whole. The factor
 * multiplies the detector's score; `issue` says why, for the Face card.
 */
import type { FaceDetection } from './blazeface.ts';

export type ViewIssue = 'partial' | 'turned' | 'small';

export interface FaceView {
  /** 0..1: multiplies the detection score as the face's weight in a window. */
  readonly factor: number;
  /** The worst problem seen, or null for a whole, frontal face of a good size. */
  readonly issue: ViewIssue | null;
}

/** Share of the box inside the picture below which the face counts as partly out of it. */
export const PARTIAL_BELOW = 0.85;
/** Nose offset from the eyes' midpoint, in eye distances, above which the face counts as turned away. */
export const TURNED_ABOVE = 0.3;
const FRONTAL = 0.15;

export function faceView(face: FaceDetection, width: number, height: number, smallFacePx: number): FaceView {
  const { box } = face;
  const insideW = Math.max(0, Math.min(box.x + box.width, width) - Math.max(box.x, 0));
  const insideH = Math.max(0, Math.min(box.y + box.height, height) - Math.max(box.y, 0));
  const inside = box.width > 0 && box.height > 0 ? (insideW * insideH) / (box.width * box.height) : 0;
  const partial = inside < PARTIAL_BELOW ? inside ** 2 : 1;

  const [eyeA, eyeB, nose] = face.keypoints;
  let turn = 0;
  if (eyeA && eyeB && nose) {
    const eyes = Math.abs(eyeB.x - eyeA.x);
    turn = eyes > 0 ? Math.abs(nose.x - (eyeA.x + eyeB.x) / 2) / eyes : 1;
  }
  const turned = Math.min(1, Math.max(0.1, 1 - Math.max(0, turn - FRONTAL) / 0.35));

  const small = box.width < smallFacePx ? Math.max(0.1, (box.width / smallFacePx) ** 2) : 1;

  const issue: ViewIssue | null =
    inside < PARTIAL_BELOW ? 'partial' : turn > TURNED_ABOVE ? 'turned' : box.width < smallFacePx ? 'small' : null;
  return { factor: partial * turned * small, issue };
}
