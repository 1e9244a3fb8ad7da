/**
 * The per-frame visual pipeline, pure: letterbox → BlazeFace → track the main
 * face → aligned crop → expression and landmarks with cues (each about ten
 * times a second: between, the tracked face keeps its last reading). The
 * models come in as ModelRunners, so the same code runs in the vision worker
 * (onnxruntime-web) and in Node tests (onnxruntime-node).
 */
import { EMOTIONS, topEmotion, type Distribution } from '../labels.ts';
import { decodeBlazeface, weightedNms, type FaceDetection } from './blazeface.ts';
import {
  classifyExpression,
  DEFAULT_CROP,
  FACE_EXPRESSION,
  faceCropRgba,
  type ExpressionModelSpec,
} from './expression.ts';
import { letterbox, letterboxMap, type Point } from './geometry.ts';
import { meanLuma, sampleRgb, type Frame } from './image.ts';
import {
  CueBaseline,
  describeCues,
  detectLandmarks,
  measureCues,
  type CueDeltas,
  type CueEvidence,
  type FacialCues,
} from './landmarks.ts';
import type { ModelRunner } from '../runner.ts';
import { DistributionSmoother } from './smoothing.ts';
import { DEFAULT_TRACKING, FaceTracker, type TrackerOptions } from './tracker.ts';
import { faceView, type FaceView } from './view.ts';

export interface Detector {
  readonly runner: ModelRunner;
  readonly size: 128 | 256;
}

export interface VisionModels {
  /** Short range (selfie distance). */
  readonly detector: Detector;
  /** Full range, tried when the short-range model finds no face (small or distant faces). */
  readonly farDetector?: Detector;
  readonly expression: ModelRunner;
  readonly expressionSpec?: ExpressionModelSpec;
  readonly landmarks?: ModelRunner;
}

export interface VisionOptions {
  readonly threshold: number;
  readonly tracking: TrackerOptions;
  /** Landmarks and cues at most this often. */
  readonly landmarksEveryMs: number;
  /**
   * The expression at most this often for a tracked face (a new face is read at once); frames between keep
   * the last reading. The expression model is most of a frame's cost, and an emotion does not change in
   * 33 ms: at a 30 fps camera this reads every third frame.
   */
  readonly expressionEveryMs: number;
  /** Below this mean luminance (0..255) the picture counts as black. */
  readonly darkLuma: number;
  /** A face box narrower than this (pixels) is reported as small. */
  readonly smallFacePx: number;
}

export const DEFAULT_VISION: VisionOptions = {
  threshold: 0.6,
  tracking: DEFAULT_TRACKING,
  landmarksEveryMs: 100,
  expressionEveryMs: 100,
  darkLuma: 10,
  smallFacePx: 48,
};

export type VisionState =
  'face' | 'small-face' | 'partial-face' | 'turned-away' | 'several-faces' | 'no-face' | 'dark' | 'frozen';

export interface MainFace {
  readonly face: FaceDetection;
  readonly distribution: Distribution;
  /** Smoothed over ~300 ms, for display. */
  readonly smoothed: Distribution;
  /** How well the camera sees it: a factor on its weight in a window, and why. */
  readonly view: FaceView;
}

export interface VisionResult {
  readonly t: number;
  readonly width: number;
  readonly height: number;
  readonly state: VisionState;
  /** Every face of the last detection (for drawing). */
  readonly faces: readonly FaceDetection[];
  readonly main: MainFace | null;
  /** Present on frames where landmarks ran. */
  readonly landmarks: readonly Point[] | null;
  readonly cues: FacialCues | null;
  readonly deltas: CueDeltas | null;
  readonly evidence: readonly CueEvidence[];
  readonly baselineProgress: number;
  /** The baseline came from the calmest moments, the face never looked neutral. */
  readonly baselineApproximate: boolean;
  readonly detected: boolean;
  readonly timings: { readonly detectMs: number; readonly expressionMs: number; readonly landmarksMs: number };
  /** The aligned face crop, when asked for (the Standard tier classifies it). */
  readonly crop?: { readonly rgba: Uint8ClampedArray; readonly width: number; readonly height: number };
}

const OUTPUTS = ['Identity:0', 'Identity_1:0', 'Identity_2:0', 'Identity_3:0'] as const;

export async function detectFaces(detector: Detector, frame: Frame, threshold: number): Promise<FaceDetection[]> {
  const lb = letterbox(frame.width, frame.height, detector.size);
  const data = sampleRgb(frame, letterboxMap(lb), detector.size, detector.size, (v) => v / 127.5 - 1);
  const out = await detector.runner.run({ 'input:0': { data, dims: [1, detector.size, detector.size, 3] } });
  const [s16, s8, b16, b8] = OUTPUTS.map((name) => {
    const t = out[name];
    if (!t) throw new Error(`face detector gave no ${name} output`);
    return t.data;
  }) as [Float32Array, Float32Array, Float32Array, Float32Array];
  return weightedNms(decodeBlazeface({ scores16: s16, scores8: s8, boxes16: b16, boxes8: b8 }, lb, threshold));
}

/** A cheap fingerprint of a frame (sparse grid), to notice a frozen camera. */
function fingerprint(frame: Frame): number {
  let h = 0;
  for (let i = 0; i < frame.data.length; i += 4099) h = (h * 31 + (frame.data[i] as number)) | 0;
  return h;
}

export class VisionPipeline {
  #models: VisionModels;
  readonly #options: VisionOptions;
  readonly #tracker: FaceTracker;
  readonly #smoother = new DistributionSmoother(300);
  readonly #baseline = new CueBaseline();
  #lastLandmarksAt = Number.NEGATIVE_INFINITY;
  /** The last expression reading of the tracked face, and when it was made. */
  #lastExpression: { readonly at: number; readonly distribution: Distribution } | null = null;
  #fingerprint = 0;
  #sameSince: number | null = null;
  /** Set by the audio side: while someone speaks, mouth cues are not learnt into the baseline. */
  speaking = false;

  constructor(models: VisionModels, options: Partial<VisionOptions> = {}) {
    this.#models = models;
    this.#options = { ...DEFAULT_VISION, ...options };
    this.#tracker = new FaceTracker(this.#options.tracking);
  }

  async analyse(frame: Frame, tMs: number, cropSize = 0): Promise<VisionResult> {
    const o = this.#options;
    const timings = { detectMs: 0, expressionMs: 0, landmarksMs: 0 };
    const base = {
      t: tMs,
      width: frame.width,
      height: frame.height,
      timings,
      baselineProgress: this.#baseline.progress,
      baselineApproximate: this.#baseline.approximate,
    };
    const empty = { faces: [], main: null, landmarks: null, cues: null, deltas: null, evidence: [], detected: false };

    const print = fingerprint(frame);
    if (print !== this.#fingerprint) {
      this.#fingerprint = print;
      this.#sameSince = tMs;
    } else if (this.#sameSince !== null && tMs - this.#sameSince > 2000) {
      return { ...base, ...empty, state: 'frozen' };
    }
    if (meanLuma(frame) < o.darkLuma) {
      this.#tracker.reset();
      this.#smoother.reset();
      this.#lastExpression = null;
      return { ...base, ...empty, state: 'dark' };
    }

    let main: FaceDetection | null;
    const detected = this.#tracker.needsDetection;
    if (detected) {
      const start = performance.now();
      let faces = await detectFaces(this.#models.detector, frame, o.threshold);
      if (faces.length === 0 && this.#models.farDetector)
        faces = await detectFaces(this.#models.farDetector, frame, o.threshold);
      timings.detectMs = performance.now() - start;
      main = this.#tracker.detected(faces);
    } else {
      main = this.#tracker.carried();
    }
    const faces = this.#tracker.faces;
    if (!main) {
      this.#smoother.reset();
      this.#lastExpression = null;
      return { ...base, ...empty, faces, detected, state: 'no-face' };
    }

    let start = performance.now();
    // Due within a frame's jitter (10 ms), so a 30 fps camera reads every third frame, not every fourth.
    const last = this.#lastExpression;
    let distribution: Distribution;
    if (last && tMs >= last.at && tMs - last.at < o.expressionEveryMs - 10) {
      distribution = last.distribution;
    } else {
      distribution = await classifyExpression(
        this.#models.expression,
        frame,
        main,
        this.#models.expressionSpec ?? FACE_EXPRESSION,
        DEFAULT_CROP,
      );
      timings.expressionMs = performance.now() - start;
      this.#lastExpression = { at: tMs, distribution };
    }
    const smoothed = this.#smoother.update(distribution, tMs);

    let landmarks: Point[] | null = null;
    let cues: FacialCues | null = null;
    let deltas: CueDeltas | null = null;
    if (this.#models.landmarks && tMs - this.#lastLandmarksAt >= o.landmarksEveryMs) {
      start = performance.now();
      landmarks = await detectLandmarks(this.#models.landmarks, frame, main);
      timings.landmarksMs = performance.now() - start;
      this.#lastLandmarksAt = tMs;
      cues = measureCues(landmarks);
      const neutrality = distribution[EMOTIONS.indexOf('neutral')] ?? 0;
      this.#baseline.offer(cues, neutrality, topEmotion(distribution).emotion === 'neutral', this.speaking);
      deltas = this.#baseline.deltas(cues);
    }

    const view = faceView(main, frame.width, frame.height, o.smallFacePx);
    const state: VisionState =
      faces.length > 1
        ? 'several-faces'
        : view.issue === 'partial'
          ? 'partial-face'
          : view.issue === 'turned'
            ? 'turned-away'
            : view.issue === 'small'
              ? 'small-face'
              : 'face';
    const crop =
      cropSize > 0 ? { rgba: faceCropRgba(frame, main, cropSize), width: cropSize, height: cropSize } : undefined;
    return {
      ...base,
      baselineProgress: this.#baseline.progress,
      baselineApproximate: this.#baseline.approximate,
      state,
      faces,
      main: { face: main, distribution, smoothed, view },
      landmarks,
      cues,
      deltas,
      evidence: deltas ? describeCues(deltas) : [],
      detected,
      ...(crop ? { crop } : {}),
    };
  }

  /** Models that finished loading after the pipeline started (the landmarks, the full-range detector). */
  addModels(models: Pick<VisionModels, 'farDetector' | 'landmarks'>): void {
    this.#models = { ...this.#models, ...models };
  }

  /** Forget the person (a new session or a new face). */
  reset(): void {
    this.#tracker.reset();
    this.#smoother.reset();
    this.#baseline.reset();
    this.#lastLandmarksAt = Number.NEGATIVE_INFINITY;
    this.#lastExpression = null;
  }
}
