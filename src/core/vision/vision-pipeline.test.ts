/**
 * The whole visual pipeline (VisionPipeline) on the real bundled models (onnxruntime-node), on frames
 * composed from the fixture faces: darkness, two faces, YUV input, a small or partly hidden face,
 * detection cadence and tracking, late landmarks, a frozen picture.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { visionFixtures, type Item } from '../../test-support/vision-fixtures.ts';
import { topEmotion } from '../labels.ts';
import type { ModelRunner } from '../runner.ts';
import { toRgb, type Frame, type InterleavedFrame, type YuvFrame } from './image.ts';
import { VisionPipeline, type Detector } from './pipeline.ts';

let items: Item[];
let detector: Detector;
let farDetector: Detector;
let expression: ModelRunner;
let landmarks: ModelRunner;

beforeAll(async () => {
  ({ items, detector, farDetector, expression, landmarks } = await visionFixtures());
});

/** RGB → I420 with BT.601 limited-range coefficients, as a camera would deliver it. */
function toI420(f: InterleavedFrame): YuvFrame {
  const w = f.width;
  const h = f.height;
  const cw = Math.ceil(w / 2);
  const ch = Math.ceil(h / 2);
  const data = new Uint8Array(w * h + 2 * cw * ch);
  const px = (x: number, y: number) => {
    const i = (y * w + x) * f.channels;
    return [f.data[i] as number, f.data[i + 1] as number, f.data[i + 2] as number];
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [r, g, b] = px(x, y) as [number, number, number];
      data[y * w + x] = Math.round(16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255);
    }
  }
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const [r, g, b] = px(Math.min(w - 1, x * 2), Math.min(h - 1, y * 2)) as [number, number, number];
      data[w * h + y * cw + x] = Math.round(128 + (-37.797 * r - 74.203 * g + 112 * b) / 255);
      data[w * h + cw * ch + y * cw + x] = Math.round(128 + (112 * r - 93.786 * g - 18.214 * b) / 255);
    }
  }
  return {
    kind: 'yuv420',
    data,
    width: w,
    height: h,
    y: { offset: 0, stride: w },
    u: { offset: w * h, stride: cw },
    v: { offset: w * h + cw * ch, stride: cw },
    chromaStep: 1,
    matrix: 'bt601',
    fullRange: false,
  };
}

describe('VisionPipeline on composed frames', () => {
  /** A grey canvas with fixture faces pasted at (x, y), scaled by nearest neighbour. */
  function compose(width: number, height: number, parts: { item: Item; x: number; y: number; scale: number }[]): Frame {
    const data = new Uint8Array(width * height * 3).fill(128);
    for (const { item, x, y, scale } of parts) {
      const f = item.frame;
      const w = Math.round(f.width * scale);
      const h = Math.round(f.height * scale);
      for (let r = 0; r < h; r++) {
        for (let c = 0; c < w; c++) {
          const tx = x + c;
          const ty = y + r;
          if (tx < 0 || ty < 0 || tx >= width || ty >= height) continue;
          const s = (Math.floor(r / scale) * f.width + Math.floor(c / scale)) * f.channels;
          const t = (ty * width + tx) * 3;
          data[t] = f.data[s] as number;
          data[t + 1] = f.data[s + 1] as number;
          data[t + 2] = f.data[s + 2] as number;
        }
      }
    }
    return { data, width, height, channels: 3 };
  }

  const models = () => ({ detector, farDetector, expression, landmarks });

  it('reports a black picture as dark, and a face as a face with a distribution', async () => {
    const pipeline = new VisionPipeline(models());
    const black = { data: new Uint8Array(640 * 480 * 3), width: 640, height: 480, channels: 3 as const };
    expect((await pipeline.analyse(black, 0)).state).toBe('dark');
    const happy = items.find((i) => i.file === 'london_002_smiling.jpg')!;
    const result = await pipeline.analyse(compose(640, 480, [{ item: happy, x: 120, y: 0, scale: 0.8 }]), 40);
    expect(result.state).toBe('face');
    expect(topEmotion(result.main!.distribution).emotion).toBe('happy');
    expect(result.landmarks?.length).toBe(68);
  });

  it('with two faces, says so and follows the larger one', async () => {
    const pipeline = new VisionPipeline(models());
    const a = items.find((i) => i.file === 'london_004_neutral.jpg')!;
    const b = items.find((i) => i.file === 'london_005_smiling.jpg')!;
    const frame = compose(960, 480, [
      { item: a, x: 0, y: 0, scale: 0.8 },
      { item: b, x: 560, y: 120, scale: 0.5 },
    ]);
    const result = await pipeline.analyse(frame, 0);
    expect(result.state).toBe('several-faces');
    expect(result.faces.length).toBe(2);
    expect(result.main!.face.box.x).toBeLessThan(480);
  });

  it('reads planar YUV (I420, BT.601 limited range) frames like their RGB originals', async () => {
    const item = items.find((i) => i.file === 'london_001_smiling.jpg')!;
    const yuv = toI420(item.frame);
    const back = toRgb(yuv);
    let worst = 0;
    for (let i = 0; i < back.data.length; i += 97)
      worst = Math.max(worst, Math.abs((back.data[i] as number) - (item.frame.data[i] as number)));
    expect(worst).toBeLessThan(40); // chroma is shared by 2×2 pixels
    const fromRgb = await new VisionPipeline(models()).analyse(item.frame, 0);
    const fromYuv = await new VisionPipeline(models()).analyse(yuv, 0);
    expect(fromYuv.main!.face.box.x).toBeCloseTo(fromRgb.main!.face.box.x, -1);
    expect(topEmotion(fromYuv.main!.distribution).emotion).toBe(topEmotion(fromRgb.main!.distribution).emotion);
  });

  it('finds a small, distant face with the full-range detector and says it is small', async () => {
    const pipeline = new VisionPipeline(models(), { smallFacePx: 60 });
    const item = items.find((i) => i.file === 'london_006_neutral.jpg')!;
    const frame = compose(640, 480, [{ item, x: 400, y: 260, scale: 0.22 }]);
    const result = await pipeline.analyse(frame, 0);
    expect(result.main).not.toBeNull();
    expect(result.state).toBe('small-face');
    expect(result.main!.view.factor).toBeLessThan(1);
  });

  it('a face half out of the picture is found, said to be partly out, and weighs less', async () => {
    const item = items.find((i) => i.file === 'london_006_neutral.jpg')!;
    const whole = await new VisionPipeline(models()).analyse(
      compose(640, 480, [{ item, x: 170, y: 0, scale: 0.8 }]),
      0,
    );
    const cut = await new VisionPipeline(models()).analyse(compose(640, 480, [{ item, x: -190, y: 0, scale: 0.8 }]), 0);
    console.info(
      `whole: ${whole.state} ${whole.main?.view.factor}; half out: ${cut.state} ${cut.main?.view.factor} box ${JSON.stringify(cut.main?.face.box)}`,
    );
    expect(whole.state).toBe('face');
    expect(whole.main!.view.factor).toBeGreaterThan(0.9);
    expect(cut.main).not.toBeNull();
    expect(cut.state).toBe('partial-face');
    expect(cut.main!.view.factor).toBeLessThan(0.7);
  });

  it('runs detection every second frame and carries the face in between', async () => {
    const pipeline = new VisionPipeline(models());
    const item = items.find((i) => i.file === 'cremad_1001_DFA_HAP_XX_t1500ms.jpg')!;
    const detectedFlags: boolean[] = [];
    for (let t = 0; t < 6; t++) detectedFlags.push((await pipeline.analyse(item.frame, t * 33)).detected);
    expect(detectedFlags).toEqual([true, false, true, false, true, false]);
  });

  it('reads the expression about ten times a second at a 30 fps camera, and a face found again at once', async () => {
    const pipeline = new VisionPipeline(models());
    const happy = items.find((i) => i.file === 'cremad_1001_DFA_HAP_XX_t1500ms.jpg')!;
    const read: boolean[] = [];
    const readings: number[][] = [];
    for (let i = 0; i < 7; i++) {
      const r = await pipeline.analyse(happy.frame, Math.round(i * 33.3));
      read.push(r.timings.expressionMs > 0);
      readings.push([...r.main!.distribution]);
    }
    // Frames 0, 3 (100 ms) and 6 (200 ms) are read; the others keep the last reading.
    expect(read).toEqual([true, false, false, true, false, false, true]);
    expect(readings[1]).toEqual(readings[0]);
    expect(readings[2]).toEqual(readings[0]);
    // The face goes (a black frame) and comes back 40 ms later: read at once, not after 100 ms.
    const black = {
      data: new Uint8Array(happy.frame.width * happy.frame.height * 3),
      width: happy.frame.width,
      height: happy.frame.height,
      channels: 3 as const,
    };
    expect((await pipeline.analyse(black, 230)).state).toBe('dark');
    expect((await pipeline.analyse(happy.frame, 270)).timings.expressionMs).toBeGreaterThan(0);
  });

  it('reads a face on the detector and expression alone; the landmarks join later, the tracking kept', async () => {
    const pipeline = new VisionPipeline({ detector, expression });
    const item = items.find((i) => i.file === 'cremad_1001_DFA_HAP_XX_t1500ms.jpg')!;
    const first = await pipeline.analyse(item.frame, 0);
    expect(first.main).not.toBeNull();
    expect(first.landmarks).toBeNull();
    pipeline.addModels({ farDetector, landmarks });
    // The next frame is a tracked one (detection every second frame): the face carried, now with landmarks.
    const next = await pipeline.analyse(item.frame, 120);
    expect(next.detected).toBe(false);
    expect(next.main).not.toBeNull();
    expect(next.landmarks?.length).toBe(68);
  });

  it('reports a frame that has not changed for over two seconds as frozen', async () => {
    const pipeline = new VisionPipeline(models());
    const item = items.find((i) => i.file === 'cremad_1001_DFA_NEU_XX_t33ms.jpg')!;
    expect((await pipeline.analyse(item.frame, 0)).state).toBe('face');
    expect((await pipeline.analyse(item.frame, 1500)).state).toBe('face');
    expect((await pipeline.analyse(item.frame, 2600)).state).toBe('frozen');
  });
});
