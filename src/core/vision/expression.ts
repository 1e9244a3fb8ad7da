/**
 * Facial expression: the crop each bundled classifier expects, aligned on
 * the eyes, and its output as a seven-class distribution (by label name).
 */
import { toDistribution, type Distribution } from '../labels.ts';
import type { FaceDetection } from './blazeface.ts';
import { boxCentre, squareCropMap } from './geometry.ts';
import { sampleRgb, type Frame } from './image.ts';
import type { ModelRunner, TensorData } from '../runner.ts';

export interface ExpressionModelSpec {
  readonly input: string;
  readonly output: string;
  readonly size: number;
  /** face_expression: RGB 0..255; mini-Xception: grey scaled to −1..1. */
  readonly colour: 'rgb255' | 'grey-1to1';
  readonly labels: readonly string[];
}

export const FACE_EXPRESSION: ExpressionModelSpec = {
  input: 'input',
  output: 'expressions',
  size: 112,
  colour: 'rgb255',
  labels: ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'],
};

export const MINI_XCEPTION: ExpressionModelSpec = {
  input: 'input_1',
  output: 'emotion',
  size: 64,
  colour: 'grey-1to1',
  labels: ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'],
};

export interface CropOptions {
  /** Crop side as a multiple of the larger box side. */
  readonly scale: number;
  /** Rotate so the eye line is level. */
  readonly align: boolean;
}

/** Chosen on the fixture faces (see expression.test.ts): 1.2× the box, levelled on the eyes. */
export const DEFAULT_CROP: CropOptions = { scale: 1.2, align: true };

export function eyeAngle(face: FaceDetection): number {
  const [a, b] = face.keypoints;
  if (!a || !b) return 0;
  return Math.atan2(b.y - a.y, b.x - a.x);
}

export function expressionInput(
  frame: Frame,
  face: FaceDetection,
  spec: ExpressionModelSpec,
  crop = DEFAULT_CROP,
): TensorData {
  const side = Math.max(face.box.width, face.box.height) * crop.scale;
  const map = squareCropMap(boxCentre(face.box), side, crop.align ? eyeAngle(face) : 0, spec.size);
  const rgb = sampleRgb(frame, map, spec.size, spec.size);
  if (spec.colour === 'rgb255') return { data: rgb, dims: [1, spec.size, spec.size, 3] };
  const grey = new Float32Array(spec.size * spec.size);
  for (let i = 0; i < grey.length; i++) {
    const g =
      (0.2989 * (rgb[i * 3] as number) + 0.587 * (rgb[i * 3 + 1] as number) + 0.114 * (rgb[i * 3 + 2] as number)) / 255;
    grey[i] = (g - 0.5) * 2;
  }
  return { data: grey, dims: [1, spec.size, spec.size, 1] };
}

export async function classifyExpression(
  runner: ModelRunner,
  frame: Frame,
  face: FaceDetection,
  spec: ExpressionModelSpec,
  crop = DEFAULT_CROP,
): Promise<Distribution> {
  const out = await runner.run({ [spec.input]: expressionInput(frame, face, spec, crop) });
  const probs = out[spec.output];
  if (!probs) throw new Error(`expression model gave no ${spec.output} output`);
  return toDistribution(probs.data, spec.labels);
}

/** The aligned face crop as RGBA pixels (for a classifier that takes an image, e.g. the Standard tier's ViT). */
export function faceCropRgba(frame: Frame, face: FaceDetection, size: number, crop = DEFAULT_CROP): Uint8ClampedArray {
  const side = Math.max(face.box.width, face.box.height) * crop.scale;
  const rgb = sampleRgb(
    frame,
    squareCropMap(boxCentre(face.box), side, crop.align ? eyeAngle(face) : 0, size),
    size,
    size,
  );
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgba[j] = rgb[i] as number;
    rgba[j + 1] = rgb[i + 1] as number;
    rgba[j + 2] = rgb[i + 2] as number;
    rgba[j + 3] = 255;
  }
  return rgba;
}
