import { describe, expect, it } from 'vitest';
import { EMOTIONS, UNIFORM } from '../labels.ts';
import { blazefaceAnchors, decodeBlazeface, weightedNms, type FaceDetection } from './blazeface.ts';
import { applyAffine, fromLetterbox, iou, letterbox, letterboxMap, squareCropMap } from './geometry.ts';
import { sampleRgb, type Frame } from './image.ts';
import { CUE_NAMES, CueBaseline, describeCues, type CueDeltas, type FacialCues } from './landmarks.ts';
import { DistributionSmoother, WindowPool, faceSpan } from './smoothing.ts';
import { FaceTracker } from './tracker.ts';
import { faceView } from './view.ts';

const face = (x: number, y: number, w: number, score = 0.9): FaceDetection => ({
  box: { x, y, width: w, height: w },
  keypoints: Array.from({ length: 6 }, (_, k) => ({ x: x + (k + 1) * (w / 7), y: y + w / 3 })),
  score,
});

describe('image geometry', () => {
  it('letterboxes a 640×480 frame into 128 with vertical padding, and maps back', () => {
    const lb = letterbox(640, 480, 128);
    expect(lb.scale).toBeCloseTo(0.2);
    expect(lb.padX).toBeCloseTo(0);
    expect(lb.padY).toBeCloseTo(16);
    expect(fromLetterbox(lb, 0, 16 / 128)).toEqual({ x: 0, y: 0 });
    expect(fromLetterbox(lb, 1, 1 - 16 / 128).x).toBeCloseTo(640);
    // Output pixel centres land on the matching source pixels.
    const m = letterboxMap(lb);
    const p = applyAffine(m, { x: 64, y: 64 });
    expect(p.x).toBeCloseTo(64.5 / 0.2 - 0.5);
    expect(p.y).toBeCloseTo((64.5 - 16) / 0.2 - 0.5);
  });

  it('a square crop with no rotation copies pixels; a 90° crop turns the picture', () => {
    // 4×4 frame whose red channel is the pixel index.
    const data = new Uint8Array(16 * 3);
    for (let i = 0; i < 16; i++) data[i * 3] = i;
    const frame: Frame = { data, width: 4, height: 4, channels: 3 };
    const straight = sampleRgb(frame, squareCropMap({ x: 2, y: 2 }, 4, 0, 4), 4, 4);
    expect(Array.from({ length: 16 }, (_, i) => straight[i * 3])).toEqual(Array.from({ length: 16 }, (_, i) => i));
    const turned = sampleRgb(frame, squareCropMap({ x: 2, y: 2 }, 4, Math.PI / 2, 4), 4, 4);
    // Output x runs along the source's +y: output row 0 is the source's last column, top to bottom.
    expect(Array.from({ length: 4 }, (_, c) => Math.round(turned[c * 3] as number))).toEqual([3, 7, 11, 15]);
  });

  it('fills outside the frame and measures overlap', () => {
    const frame: Frame = { data: new Uint8Array(3).fill(200), width: 1, height: 1, channels: 3 };
    const out = sampleRgb(frame, squareCropMap({ x: 10, y: 10 }, 2, 0, 2), 2, 2, (v) => v, 7);
    expect([...out]).toEqual(new Array(12).fill(7));
    expect(iou({ x: 0, y: 0, width: 2, height: 2 }, { x: 1, y: 0, width: 2, height: 2 })).toBeCloseTo(1 / 3);
  });
});

describe('BlazeFace decoding', () => {
  it('has 896 anchors, the first at the centre of the first 16-grid cell', () => {
    const a = blazefaceAnchors();
    expect(a.length).toBe(896 * 2);
    expect([a[0], a[1]]).toEqual([1 / 32, 1 / 32]);
    expect([a[512 * 2], a[512 * 2 + 1]]).toEqual([1 / 16, 1 / 16]);
  });

  it('decodes one confident anchor into a frame-pixel box and keypoints', () => {
    const raw = {
      scores16: new Float32Array(512).fill(-10),
      scores8: new Float32Array(384).fill(-10),
      boxes16: new Float32Array(512 * 16),
      boxes8: new Float32Array(384 * 16),
    };
    // 8-grid anchor at cell (4, 4), first of its six: centre (4.5/8, 4.5/8).
    const i = (4 * 8 + 4) * 6;
    raw.scores8[i] = 5;
    raw.boxes8.set([0, 0, 32, 32, -8, 0], i * 16);
    const lb = letterbox(640, 480, 128);
    const [f] = decodeBlazeface(raw, lb, 0.5);
    expect(f!.score).toBeCloseTo(1 / (1 + Math.exp(-5)));
    expect(f!.box.width).toBeCloseTo(160); // 32 of 128 input px at scale 0.2
    const centre = fromLetterbox(lb, 4.5 / 8, 4.5 / 8);
    expect(f!.box.x + f!.box.width / 2).toBeCloseTo(centre.x);
    expect(f!.box.y + f!.box.height / 2).toBeCloseTo(centre.y);
    expect(f!.keypoints[0]!.x).toBeCloseTo(centre.x - 40); // −8 input px
    expect(f!.keypoints[0]!.y).toBeCloseTo(centre.y);
  });

  it('merges overlapping candidates by score and keeps separate faces apart', () => {
    const kept = weightedNms([face(100, 100, 50, 0.9), face(104, 100, 50, 0.6), face(400, 100, 50, 0.7)]);
    expect(kept.length).toBe(2);
    expect(kept[0]!.box.x).toBeCloseTo((100 * 0.9 + 104 * 0.6) / 1.5);
    expect(kept[0]!.score).toBe(0.9);
    expect(kept[1]!.box.x).toBe(400);
  });
});

describe('FaceTracker', () => {
  it('detects every n-th frame and carries the main face in between', () => {
    const t = new FaceTracker({ redetectEvery: 3, follow: 1 });
    const plan: boolean[] = [];
    for (let i = 0; i < 7; i++) {
      plan.push(t.needsDetection);
      if (t.needsDetection) t.detected([face(0, 0, 50)]);
      else t.carried();
    }
    expect(plan).toEqual([true, false, false, true, false, false, true]);
  });

  it('keeps following the same person when a larger face appears, and smooths the box', () => {
    const t = new FaceTracker({ redetectEvery: 1, follow: 0.5 });
    t.detected([face(100, 100, 80)]);
    const next = t.detected([face(110, 100, 80), face(400, 50, 200)]);
    expect(next!.box.x).toBeCloseTo(105); // halfway: smoothed, and not the larger newcomer
    expect(t.faces.length).toBe(2);
    expect(t.detected([])).toBeNull();
    expect(t.detected([face(400, 50, 200), face(0, 0, 40)])!.box.x).toBe(400); // nobody to follow: the largest
  });
});

describe('smoothing and pooling', () => {
  const one = (i: number) => EMOTIONS.map((_, j) => (j === i ? 1 : 0));

  it('smooths with a ~300 ms time constant', () => {
    const s = new DistributionSmoother(300);
    s.update(one(0), 0);
    const after = s.update(one(1), 300);
    expect(after[1]).toBeCloseTo(1 - Math.exp(-1));
    expect(after[0]).toBeCloseTo(Math.exp(-1));
  });

  it('pools a window by detection confidence, and counts frames without a face against reliability', () => {
    const pool = new WindowPool();
    pool.add(0, one(0), 0.9);
    pool.add(40, one(1), 0.3);
    pool.add(80, null, 0);
    pool.add(5000, one(2), 1);
    const w = pool.pool(0, 100)!;
    expect(w.frames).toBe(3);
    expect(w.framesWithFace).toBe(2);
    expect(w.distribution[0]).toBeCloseTo(0.75);
    expect(w.distribution[1]).toBeCloseTo(0.25);
    expect(w.reliability).toBeCloseTo(0.6 * (2 / 3));
    expect(pool.pool(100, 200)).toBeNull();
    const blind = new WindowPool();
    blind.add(0, null, 0);
    expect(blind.pool(0, 10)).toEqual({
      distribution: UNIFORM,
      reliability: 0,
      frames: 1,
      framesWithFace: 0,
      cues: [],
    });
  });

  it("pools the facial cues over the window's frames by their median: a moment's change is not a cue", () => {
    const still = Object.fromEntries(CUE_NAMES.map((k) => [k, 0])) as unknown as CueDeltas;
    const smile = { ...still, mouthCornerLift: 0.06 };
    const pool = new WindowPool();
    // Five frames: a smile in three of them (the median), a raised brow in one (a moment).
    [smile, smile, { ...still, browRaise: 0.2 }, smile, still].forEach((d, i) => {
      pool.add(i * 100, one(0), 1);
      pool.addCues(i * 100, d);
    });
    pool.addCues(250, null); // a frame with no landmarks adds nothing
    expect(pool.pool(0, 400)!.cues.map((c) => c.phrase)).toEqual(['mouth corners raised']);
    expect(pool.pool(0, 400)!.cues[0]!.strength).toBeCloseTo(0.06 / 0.025, 9);
    // The last frame alone, as the page used to take it, has no cue.
    expect(pool.pool(400, 400)!.cues).toEqual([]);
  });
});

describe('CueBaseline', () => {
  const cues = (lift: number): FacialCues => ({
    mouthCornerLift: lift,
    mouthOpening: 0.1,
    mouthWidth: 0.9,
    lipPress: 0.1,
    browRaise: 0.5,
    browGap: 0.3,
    eyeOpening: 0.3,
    headTilt: 2,
  });

  it('learns the median of neutral-leaning, silent samples only, then reports changes from it', () => {
    const b = new CueBaseline(3, 100);
    expect(b.deltas(cues(0))).toBeNull();
    b.offer(cues(0.5), 0.1, false); // not neutral: ignored
    b.offer(cues(0.4), 0.9, true, true); // speaking: ignored
    b.offer(cues(0.0), 0.8, true);
    b.offer(cues(0.02), 0.7, true);
    expect(b.ready).toBe(false);
    b.offer(cues(-0.01), 0.9, true);
    expect(b.ready).toBe(true);
    expect(b.approximate).toBe(false);
    const d = b.deltas(cues(0.08))!;
    expect(d.mouthCornerLift).toBeCloseTo(0.08);
    expect(d.headTilt).toBe(2); // absolute, not relative
    expect(describeCues(d).map((e) => e.phrase)).toEqual(['mouth corners raised']);
  });

  it('settles for the calmest moments when the face never looks neutral, and says so', () => {
    const b = new CueBaseline(2, 4);
    b.offer(cues(0.3), 0.05, false);
    b.offer(cues(0.1), 0.3, false);
    b.offer(cues(0.5), 0.01, false);
    expect(b.ready).toBe(false);
    expect(b.progress).toBeCloseTo(0.75);
    b.offer(cues(0.12), 0.25, false);
    expect(b.ready).toBe(true);
    expect(b.approximate).toBe(true);
    expect(b.baseline()!.mouthCornerLift).toBeCloseTo(0.11); // median of the two calmest: 0.1 and 0.12
  });
});

describe('the face span of an utterance window', () => {
  it('starts a little before the utterance and runs to when it is analysed (never ending before the utterance)', () => {
    expect(faceSpan(1000, 3000, 3400)).toEqual([500, 3400]);
    expect(faceSpan(1000, 3000, 2000)).toEqual([500, 3000]);
  });
});

describe('faceView: how well the camera sees the face, as a factor on its weight', () => {
  const face = (x: number, width: number, noseOffset = 0): FaceDetection => ({
    box: { x, y: 100, width, height: width },
    keypoints: [
      { x: x + width * 0.3, y: 140 },
      { x: x + width * 0.7, y: 140 },
      { x: x + width * 0.5 + noseOffset * width * 0.4, y: 170 },
    ],
    score: 0.95,
  });

  it('a whole, frontal face of a good size counts in full', () => {
    expect(faceView(face(200, 160), 640, 480, 48)).toEqual({ factor: 1, issue: null });
  });

  it('a face partly out of the picture counts by the square of the share inside', () => {
    const v = faceView(face(-80, 160), 640, 480, 48);
    expect(v.issue).toBe('partial');
    expect(v.factor).toBeCloseTo(0.5 ** 2, 6);
  });

  it('a face turned away counts less the further it turns, never below a tenth', () => {
    const slight = faceView(face(200, 160, 0.1), 640, 480, 48);
    const half = faceView(face(200, 160, 0.35), 640, 480, 48);
    const profile = faceView(face(200, 160, 2), 640, 480, 48);
    expect(slight).toEqual({ factor: 1, issue: null });
    expect(half.issue).toBe('turned');
    expect(half.factor).toBeGreaterThan(profile.factor);
    expect(profile.factor).toBeCloseTo(0.1, 6);
  });

  it('a small face counts by the square of its size against the threshold', () => {
    const v = faceView(face(200, 24), 640, 480, 48);
    expect(v.issue).toBe('small');
    expect(v.factor).toBeCloseTo(0.25, 6);
  });
});
