/**
 * The visual pipeline's pure parts on the real bundled models
 * (onnxruntime-node) and the labelled fixture faces (e2e/fixtures/faces:
 * Face Research Lab London Set, CC BY 4.0; CREMA-D, ODbL/DbCL).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { visionFixtures, type Item } from '../../test-support/vision-fixtures.ts';
import { EMOTIONS, topEmotion } from '../labels.ts';
import type { ModelRunner } from '../runner.ts';
import type { FaceDetection } from './blazeface.ts';
import {
  classifyExpression,
  DEFAULT_CROP,
  expressionInput,
  FACE_EXPRESSION,
  faceCropRgba,
  MINI_XCEPTION,
} from './expression.ts';
import { detectLandmarks, measureCues } from './landmarks.ts';

let items: Item[];
let expression: ModelRunner;
let miniXception: ModelRunner;
let landmarks: ModelRunner;

beforeAll(async () => {
  ({ items, expression, miniXception, landmarks } = await visionFixtures());
});

describe('face detection (BlazeFace 128)', () => {
  it('finds exactly one face in each of the 24 fixture faces, with the eyes inside the box', () => {
    expect(items.length).toBe(24);
    for (const item of items) {
      expect(item.faces.length, item.file).toBe(1);
      const [face] = item.faces as [FaceDetection];
      expect(face.score).toBeGreaterThan(0.8);
      for (const eye of face.keypoints.slice(0, 2)) {
        expect(eye.x).toBeGreaterThan(face.box.x);
        expect(eye.x).toBeLessThan(face.box.x + face.box.width);
        expect(eye.y).toBeGreaterThan(face.box.y);
        expect(eye.y).toBeLessThan(face.box.y + face.box.height);
      }
    }
  });
});

describe('facial expression (face_expression.onnx)', () => {
  async function accuracy(runner: ModelRunner, spec = FACE_EXPRESSION, crop = DEFAULT_CROP) {
    const bySet: Record<string, { right: number; total: number }> = {};
    const perClass: Record<string, string> = {};
    for (const item of items) {
      const d = await classifyExpression(runner, item.frame, item.faces[0] as FaceDetection, spec, crop);
      const top = topEmotion(d).emotion;
      const s = (bySet[item.set] ??= { right: 0, total: 0 });
      s.total++;
      if (top === item.label) s.right++;
      perClass[`${item.set}/${item.label}`] =
        `${perClass[`${item.set}/${item.label}`] ?? ''}${top === item.label ? '✓' : `✗(${top})`} `;
    }
    return { bySet, perClass };
  }

  it('classifies ≥ 90% of the London happy/neutral faces, and no subset worse than a plain 1.2× crop', async () => {
    const ours = await accuracy(expression);
    const plain = await accuracy(expression, FACE_EXPRESSION, { scale: 1.2, align: false });
    console.info('face_expression, aligned 1.2× crop:', ours.bySet, ours.perClass);
    console.info('face_expression, plain 1.2× crop:', plain.bySet);
    const london = ours.bySet.london!;
    expect(london.right / london.total).toBeGreaterThanOrEqual(0.9);
    for (const set of ['london', 'cremad'])
      expect(ours.bySet[set]!.right).toBeGreaterThanOrEqual(plain.bySet[set]!.right);
  });

  it('returns the same aligned crop as RGBA for an image classifier (the Standard tier)', () => {
    const item = items.find((i) => i.file === 'london_001_neutral.jpg')!;
    const rgba = faceCropRgba(item.frame, item.faces[0]!, 224);
    expect(rgba.length).toBe(224 * 224 * 4);
    expect(rgba.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
    const rgb = expressionInput(item.frame, item.faces[0]!, { ...FACE_EXPRESSION, size: 224 }).data;
    expect(Math.abs((rgba[4 * 1000] as number) - Math.round(rgb[3 * 1000] as number))).toBeLessThanOrEqual(1);
  });

  it('gives a proper seven-class distribution from both bundled models', async () => {
    const item = items.find((i) => i.file === 'london_001_smiling.jpg')!;
    for (const [runner, spec] of [
      [expression, FACE_EXPRESSION],
      [miniXception, MINI_XCEPTION],
    ] as const) {
      const d = await classifyExpression(runner, item.frame, item.faces[0]!, spec);
      expect(d.length).toBe(EMOTIONS.length);
      expect(d.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(topEmotion(d).emotion).toBe('happy');
    }
  });
});

describe('landmarks and cues (face_landmark_68.onnx)', () => {
  it('puts all 68 points on the face', async () => {
    for (const item of items) {
      const face = item.faces[0]!;
      const points = await detectLandmarks(landmarks, item.frame, face);
      const margin = 0.25 * face.box.width;
      for (const p of points) {
        expect(p.x).toBeGreaterThan(face.box.x - margin);
        expect(p.x).toBeLessThan(face.box.x + face.box.width + margin);
        expect(p.y).toBeGreaterThan(face.box.y - margin);
        expect(p.y).toBeLessThan(face.box.y + face.box.height + margin);
      }
    }
  });

  it("reads a smile as raised, wider mouth corners against the same person's neutral face", async () => {
    const people = ['001', '002', '004', '005', '006', '008'];
    let lifted = 0;
    let wider = 0;
    for (const who of people) {
      const cue = async (file: string) => {
        const item = items.find((i) => i.file === file)!;
        return measureCues(await detectLandmarks(landmarks, item.frame, item.faces[0]!));
      };
      const smile = await cue(`london_${who}_smiling.jpg`);
      const neutral = await cue(`london_${who}_neutral.jpg`);
      if (smile.mouthCornerLift > neutral.mouthCornerLift) lifted++;
      if (smile.mouthWidth > neutral.mouthWidth) wider++;
    }
    expect(lifted).toBe(people.length);
    expect(wider).toBe(people.length);
  });
});
