/**
 * The vision worker: owns the face models and runs the per-frame pipeline
 * (src/core/vision) on frames the page transfers to it. A thin adapter:
 * loading lives in src/platform, the maths in src/core.
 */
import * as Comlink from 'comlink';
import type { Frame } from '../core/vision/image.ts';
import { VisionPipeline, type VisionOptions } from '../core/vision/pipeline.ts';
import { ortRunner, SessionHost, sessionHostApi } from '../platform/ort-session.ts';
import type { FrameResult, VisionModelIds, VisionWorkerApi } from './protocol.ts';

// The WebGPU build only where the models will run on WebGPU: the WASM-only runtime is half the size to compile.
const host = new SessionHost((caps) =>
  caps.webgpu.useForModels ? import('onnxruntime-web') : import('onnxruntime-web/wasm'),
);
let pipeline: VisionPipeline | null = null;
let canvas: OffscreenCanvas | null = null;
let context: OffscreenCanvasRenderingContext2D | null = null;

/** Pixels of an image through a canvas (ImageBitmaps, and frame formats read no other way). */
function readThroughCanvas(source: VideoFrame | ImageBitmap, width: number, height: number): Frame {
  if (!canvas || canvas.width !== width || canvas.height !== height) {
    canvas = new OffscreenCanvas(width, height);
    context = canvas.getContext('2d', { willReadFrequently: true });
  }
  if (!context) throw new Error('no 2D canvas in this worker');
  context.drawImage(source, 0, 0);
  return { data: context.getImageData(0, 0, width, height).data, width, height, channels: 4 };
}

let buffer = new Uint8Array(0);

/**
 * A video frame's own planes, copied as they are (a camera's I420 or NV12, or RGBA/BGRA): the
 * pipeline samples them directly, so the whole frame is never converted.
 */
async function readVideoFrame(frame: VideoFrame): Promise<Frame> {
  const width = frame.codedWidth;
  const height = frame.codedHeight;
  const format = frame.format;
  if (
    format === 'I420' ||
    format === 'NV12' ||
    format === 'RGBA' ||
    format === 'RGBX' ||
    format === 'BGRA' ||
    format === 'BGRX'
  ) {
    const size = frame.allocationSize();
    if (buffer.byteLength < size) buffer = new Uint8Array(size);
    const layout = await frame.copyTo(buffer);
    const data = buffer.subarray(0, size);
    if (format === 'I420' || format === 'NV12') {
      const [yPlane, uPlane, vPlane] = layout as [PlaneLayout, PlaneLayout, PlaneLayout | undefined];
      const uv = format === 'NV12';
      const matrix = frame.colorSpace.matrix === 'bt709' ? 'bt709' : 'bt601';
      return {
        kind: 'yuv420',
        data,
        width,
        height,
        y: { offset: yPlane.offset, stride: yPlane.stride },
        u: { offset: uPlane.offset, stride: uPlane.stride },
        v: uv
          ? { offset: uPlane.offset + 1, stride: uPlane.stride }
          : { offset: vPlane!.offset, stride: vPlane!.stride },
        chromaStep: uv ? 2 : 1,
        matrix,
        fullRange: frame.colorSpace.fullRange === true,
      };
    }
    const stride = (layout[0] as PlaneLayout).stride;
    if (stride !== width * 4) return readThroughCanvas(frame, frame.displayWidth, frame.displayHeight);
    return { data, width, height, channels: 4, order: format.startsWith('BGR') ? 'bgr' : 'rgb' };
  }
  return readThroughCanvas(frame, frame.displayWidth, frame.displayHeight);
}

/** Pixels of a transferred frame (the frame is closed afterwards). */
async function readFrame(source: VideoFrame | ImageBitmap): Promise<Frame> {
  try {
    return source instanceof VideoFrame
      ? await readVideoFrame(source)
      : readThroughCanvas(source, source.width, source.height);
  } finally {
    source.close();
  }
}

const runner = (id: string) => ortRunner(host.ort, host.get(id));

/** The optional models that are named: the full-range detector and the landmarks. */
function laterModels(ids: Pick<VisionModelIds, 'farDetector' | 'landmarks'>) {
  return {
    ...(ids.farDetector ? { farDetector: { runner: runner(ids.farDetector), size: 256 as const } } : {}),
    ...(ids.landmarks ? { landmarks: runner(ids.landmarks) } : {}),
  };
}

const api = {
  ...sessionHostApi(host),

  /** Build the pipeline from models already loaded into this worker. */
  startPipeline(ids: VisionModelIds, options?: Partial<VisionOptions>): void {
    pipeline = new VisionPipeline(
      {
        detector: { runner: runner(ids.detector), size: 128 },
        expression: runner(ids.expression),
        ...laterModels(ids),
      },
      options,
    );
  },

  /** Models loaded after the pipeline started join it (its tracking and baseline are kept). */
  addToPipeline(ids: Pick<VisionModelIds, 'farDetector' | 'landmarks'>): void {
    if (!pipeline) throw new Error('the vision pipeline has not been started');
    pipeline.addModels(laterModels(ids));
  },

  /** `cropSize` > 0 also returns the aligned face crop at that size (transferred, not copied). */
  async analyse(source: VideoFrame | ImageBitmap, tMs: number, cropSize = 0): Promise<FrameResult> {
    if (!pipeline) {
      source.close();
      throw new Error('the vision pipeline has not been started');
    }
    const start = performance.now();
    const frame = await readFrame(source);
    const grabMs = performance.now() - start;
    const result = await pipeline.analyse(frame, tMs, cropSize);
    const out = { ...result, grabMs, workerMs: performance.now() - start };
    return result.crop ? Comlink.transfer(out, [result.crop.rgba.buffer]) : out;
  },

  /** While someone speaks, mouth cues are not learnt into the neutral baseline. */
  setSpeaking(speaking: boolean): void {
    if (pipeline) pipeline.speaking = speaking;
  },

  resetPerson(): void {
    pipeline?.reset();
  },
} satisfies VisionWorkerApi;

Comlink.expose(api);
