/**
 * The vision worker: owns the face models and runs the per-frame pipeline
 * (src/core/vision) on frames the page transfers to it. A thin adapter:
 * loading lives in src/platform, the maths in src/core.
 */
import * as Comlink from 'comlink';
import * as ort from 'onnxruntime-web';
import type { Frame } from '../core/vision/image.ts';
import { VisionPipeline, type VisionResult } from '../core/vision/pipeline.ts';
import { ortRunner, SessionHost, sessionHostApi } from '../platform/ort-session.ts';

const host = new SessionHost(ort);
let pipeline: VisionPipeline | null = null;
let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;

export interface VisionModelIds {
  readonly detector: string;
  readonly farDetector?: string;
  readonly expression: string;
  readonly landmarks?: string;
}

export interface FrameResult extends VisionResult {
  /** Time to read the frame's pixels in the worker. */
  readonly grabMs: number;
  /** Whole analysis in the worker, grab included. */
  readonly workerMs: number;
}

/** Pixels of a transferred frame (the frame is closed afterwards). */
function readFrame(source: VideoFrame | ImageBitmap): Frame {
  const width = 'displayWidth' in source ? source.displayWidth : source.width;
  const height = 'displayHeight' in source ? source.displayHeight : source.height;
  if (!canvas || canvas.width !== width || canvas.height !== height) {
    canvas = new OffscreenCanvas(width, height);
    context = canvas.getContext('2d', { willReadFrequently: true });
  }
  if (!context) throw new Error('no 2D canvas in this worker');
  context.drawImage(source, 0, 0);
  source.close();
  return { data: context.getImageData(0, 0, width, height).data, width, height, channels: 4 };
}

const api = {
  ...sessionHostApi(host),

  /** Build the pipeline from models already loaded into this worker. */
  startPipeline(ids: VisionModelIds): void {
    const runner = (id: string) => ortRunner(ort, host.get(id));
    pipeline = new VisionPipeline({
      detector: { runner: runner(ids.detector), size: 128 },
      ...(ids.farDetector ? { farDetector: { runner: runner(ids.farDetector), size: 256 as const } } : {}),
      expression: runner(ids.expression),
      ...(ids.landmarks ? { landmarks: runner(ids.landmarks) } : {}),
    });
  },

  async analyse(source: VideoFrame | ImageBitmap, tMs: number): Promise<FrameResult> {
    if (!pipeline) {
      source.close();
      throw new Error('the vision pipeline has not been started');
    }
    const start = performance.now();
    const frame = readFrame(source);
    const grabMs = performance.now() - start;
    const result = await pipeline.analyse(frame, tMs);
    return { ...result, grabMs, workerMs: performance.now() - start };
  },

  /** While someone speaks, mouth cues are not learnt into the neutral baseline. */
  setSpeaking(speaking: boolean): void {
    if (pipeline) pipeline.speaking = speaking;
  },

  resetPerson(): void {
    pipeline?.reset();
  },
};

export type VisionWorkerApi = typeof api;
Comlink.expose(api);
