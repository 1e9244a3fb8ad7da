/**
 * Live face analysis: takes the newest camera frame whenever the vision
 * worker is free (frames that arrive while it is busy are skipped, never
 * queued), transfers it, and keeps the latest result, the throughput, and
 * the per-frame distributions pooled for analysis windows.
 */
import * as Comlink from 'comlink';
import type { Distribution } from '../core/labels.ts';
import { VISION_MODELS } from '../core/tiers.ts';
import { DistributionSmoother, WindowPool } from '../core/vision/smoothing.ts';
import type { FrameResult, VisionWorkerApi } from '../workers/protocol.ts';
import type { WorkerLink } from './worker-handle.ts';

export type VisionRunState = 'idle' | 'running' | 'error';

/** The Standard facial model's input size (ViT, 224×224). */
const STANDARD_CROP = 224;

/** Resolves at the next frame the video presents (or the next animation frame). */
function nextFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => {
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(() => resolve());
    else requestAnimationFrame(() => resolve());
  });
}

export class VisionSession {
  state: VisionRunState = $state('idle');
  /** Send frames as ImageBitmaps rather than VideoFrames (set while a recorded clip replays). */
  bitmaps = false;
  /** The pipeline is built and waiting for frames. */
  ready = $state(false);
  result: FrameResult | null = $state.raw(null);
  error: string | null = $state(null);
  /** Frames analysed per second, over the last second or so. */
  fps = $state(0);
  /** Time from frame capture to result on the page, median of recent frames. */
  msPerFrame = $state(0);
  readonly pool = new WindowPool();
  /** The Standard tier's reading of the face (smoothed), when that tier is on. */
  standard: Distribution | null = $state.raw(null);
  /** How many face crops the Standard face model has read this session (the page shows fresh readings by it). */
  standardReads = $state(0);
  /**
   * Set by the app while the Standard tier is ready: classifies a face crop (null when busy).
   * The Lite reading keeps flowing; the Standard one replaces it in the analysis windows.
   */
  standardClassifier:
    ((crop: { rgba: Uint8ClampedArray; width: number; height: number }) => Promise<Distribution | null>) | null = null;
  /** Set while an explainer that sees images is loaded: crops are kept (a copy) for it. */
  keepCrops = false;
  /** The newest aligned face crop (kept only while `keepCrops`). */
  lastCrop: { rgba: Uint8ClampedArray; width: number; height: number } | null = null;
  readonly #standardSmoother = new DistributionSmoother(300);
  #lastCropAt = 0;

  #generation = 0;
  readonly #recent: { at: number; ms: number }[] = [];

  /** Per worker (its link's key): the pipeline built, and whether every model has joined it. */
  readonly #prepared = new WeakMap<object, Promise<void>>();
  readonly #completed = new WeakSet<object>();

  /**
   * Builds the worker's pipeline once per worker, on the detector and expression models, as soon as they
   * are loaded, so that Start does not wait for it (start() awaits the same promise); once `complete` (every
   * model loaded), the landmarks and the full-range detector join it.
   */
  prepare(worker: WorkerLink<VisionWorkerApi>, complete = false): Promise<void> {
    const { key } = worker;
    let prepared = this.#prepared.get(key);
    if (!prepared) {
      const models = { detector: VISION_MODELS.detector, expression: VISION_MODELS.expression };
      prepared = worker.call((api) => api.startPipeline(models));
      this.#prepared.set(key, prepared);
    }
    if (complete && !this.#completed.has(key)) {
      this.#completed.add(key);
      const rest = { farDetector: VISION_MODELS.farDetector, landmarks: VISION_MODELS.landmarks };
      prepared = prepared.then(() => worker.call((api) => api.addToPipeline(rest)));
      this.#prepared.set(key, prepared);
    }
    return prepared;
  }

  /** Reads the video's frames in the worker, one at a time, until stop() (or the worker crashes or closes). */
  async start(video: HTMLVideoElement, worker: WorkerLink<VisionWorkerApi>): Promise<void> {
    const generation = ++this.#generation;
    this.state = 'running';
    this.error = null;
    try {
      await this.prepare(worker);
      if (generation === this.#generation) this.ready = true;
      while (generation === this.#generation) {
        await nextFrame(video);
        if (generation !== this.#generation) break;
        if (video.readyState < 2 || video.videoWidth === 0 || video.paused) continue;
        const t = performance.now();
        // A replayed clip's frames go as bitmaps: VideoFrames made from it were never answered by the worker
        // here (Chromium 156, headless), while the canvas path works.
        const frame = this.bitmaps ? await createImageBitmap(video) : new VideoFrame(video);
        const wantCrop = (this.standardClassifier !== null || this.keepCrops) && t - this.#lastCropAt > 250;
        const crop = wantCrop ? STANDARD_CROP : 0;
        const result = await worker.call((api) => api.analyse(Comlink.transfer(frame, [frame]), t, crop));
        if (generation !== this.#generation) break;
        this.#record(result, performance.now() - t);
      }
    } catch (e) {
      if (generation !== this.#generation) return;
      this.error = `Face analysis stopped: ${e instanceof Error ? e.message : String(e)}`;
      this.state = 'error';
    }
  }

  /** Callers waiting for the first reading (each removes itself when done). */
  #waiting: (() => void)[] = [];

  /** Resolves at the face's first reading (at once if there is one already), or after `ms`. */
  firstReading(ms: number): Promise<void> {
    if (this.result !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiting = this.#waiting.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiting.push(done);
    });
  }

  /** Frames analysed since this page loaded (a plain count: a replayed clip's stall check reads it). */
  framesRead = 0;

  #record(result: FrameResult, ms: number): void {
    this.framesRead++;
    this.result = result;
    for (const done of [...this.#waiting]) done();
    const main = result.main;
    const classify = this.standardClassifier;
    if (result.crop && main) this.#lastCropAt = result.t;
    this.pool.addCues(result.t, result.deltas);
    if (this.keepCrops && result.crop && main) {
      // A copy: the classifier below takes the crop's buffer to its own worker.
      this.lastCrop = { ...result.crop, rgba: result.crop.rgba.slice() };
    }
    if (classify && result.crop && main) {
      const score = main.face.score * main.view.factor;
      classify(result.crop).then(
        (d) => {
          if (!d) return;
          this.standardReads += 1;
          this.standard = this.#standardSmoother.update(d, performance.now());
          this.pool.add(performance.now(), d, score);
        },
        // A read cut short (the tier changed, the worker closed): the next frame's crop is read instead.
        () => undefined,
      );
    } else if (!classify) {
      this.standard = null;
    }
    // The face's weight: the detector's score, less where the face is partly out of the picture, turned away or small.
    if (!classify || !main)
      this.pool.add(
        result.t,
        main && !classify ? main.distribution : null,
        main ? main.face.score * main.view.factor : 0,
      );
    const now = performance.now();
    this.#recent.push({ at: now, ms });
    while (this.#recent.length > 0 && now - (this.#recent[0]?.at ?? now) > 1000) this.#recent.shift();
    this.fps = this.#recent.length;
    const sorted = this.#recent.map((r) => r.ms).sort((a, b) => a - b);
    this.msPerFrame = sorted[sorted.length >> 1] ?? 0;
  }

  stop(): void {
    this.#generation++;
    this.ready = false;
    this.state = 'idle';
    this.result = null;
    this.fps = 0;
  }
}
