/**
 * Pixels without a DOM: a frame as plain bytes (interleaved RGB(A) or YUV planes), and bilinear sampling
 * of a frame through an affine map (geometry.ts) into a model's input tensor. The same code prepares
 * model inputs in the worker and in Node tests, so both see identical pixels.
 */
import type { Affine } from './geometry.ts';

/** Interleaved 8-bit pixels: 3 (RGB) or 4 (RGBA, or BGRA with `bgr`) channels, row-major. */
export interface InterleavedFrame {
  readonly kind?: 'interleaved';
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly channels: 3 | 4;
  /** Channel order of the first three channels (BGRA frames from some cameras and bitmaps). */
  readonly order?: 'rgb' | 'bgr';
}

/**
 * Planar 4:2:0 YUV as cameras deliver it (I420: separate U and V planes;
 * NV12: one interleaved UV plane), read without converting the whole frame.
 */
export interface YuvFrame {
  readonly kind: 'yuv420';
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly y: { readonly offset: number; readonly stride: number };
  readonly u: { readonly offset: number; readonly stride: number };
  readonly v: { readonly offset: number; readonly stride: number };
  /** Bytes between two chroma samples in a row: 1 for I420, 2 for NV12. */
  readonly chromaStep: 1 | 2;
  readonly matrix: 'bt601' | 'bt709';
  readonly fullRange: boolean;
}

export type Frame = InterleavedFrame | YuvFrame;

/**
 * Samples `frame` through `map` (output pixel → source pixel, pixel centres
 * at integer + 0.5 handled by the map) into an NHWC float tensor of
 * `width`×`height`×3 RGB, bilinear, with `fill` outside the frame;
 * `normalise` turns a 0..255 channel value into the model's range.
 */
export function sampleRgb(
  frame: Frame,
  map: Affine,
  width: number,
  height: number,
  normalise: (v: number) => number = (v) => v,
  fill = 0,
): Float32Array {
  const out = new Float32Array(width * height * 3);
  const pixel = frame.kind === 'yuv420' ? yuvPixel(frame, out, normalise) : interleavedPixel(frame, out, normalise);
  return walkGrid(out, map, width, height, frame.width, frame.height, normalise(fill), pixel);
}

/** The four source pixels around a sample point and the weights between them. */
interface Cell {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  tx: number;
  ty: number;
  /** The unclamped source position, for nearest-neighbour chroma. */
  sx: number;
  sy: number;
}

/**
 * Walks the output grid through `map`: writes `fill` (three channels) where the
 * source point falls outside the frame, otherwise lets `pixel` write three
 * channels from the bilinear cell around it. One walk for both frame layouts.
 */
function walkGrid(
  out: Float32Array,
  map: Affine,
  width: number,
  height: number,
  fw: number,
  fh: number,
  filled: number,
  pixel: (cell: Cell, o: number) => void,
): Float32Array {
  const cell: Cell = { x0: 0, y0: 0, x1: 0, y1: 0, tx: 0, ty: 0, sx: 0, sy: 0 };
  let o = 0;
  for (let row = 0; row < height; row++) {
    for (let col = 0; col < width; col++, o += 3) {
      const sx = map.a * col + map.b * row + map.c;
      const sy = map.d * col + map.e * row + map.f;
      if (sx < -0.5 || sy < -0.5 || sx > fw - 0.5 || sy > fh - 0.5) {
        out[o] = filled;
        out[o + 1] = filled;
        out[o + 2] = filled;
        continue;
      }
      cell.x0 = Math.max(0, Math.min(fw - 1, Math.floor(sx)));
      cell.y0 = Math.max(0, Math.min(fh - 1, Math.floor(sy)));
      cell.x1 = Math.min(fw - 1, cell.x0 + 1);
      cell.y1 = Math.min(fh - 1, cell.y0 + 1);
      cell.tx = Math.max(0, Math.min(1, sx - cell.x0));
      cell.ty = Math.max(0, Math.min(1, sy - cell.y0));
      cell.sx = sx;
      cell.sy = sy;
      pixel(cell, o);
    }
  }
  return out;
}

/** Bilinear in each channel of an interleaved RGB(A)/BGR(A) frame. */
function interleavedPixel(
  frame: InterleavedFrame,
  out: Float32Array,
  normalise: (v: number) => number,
): (cell: Cell, o: number) => void {
  const { data, channels } = frame;
  const fw = frame.width;
  const order = frame.order === 'bgr' ? [2, 1, 0] : [0, 1, 2];
  return ({ x0, y0, x1, y1, tx, ty }, o) => {
    const i00 = (y0 * fw + x0) * channels;
    const i01 = (y0 * fw + x1) * channels;
    const i10 = (y1 * fw + x0) * channels;
    const i11 = (y1 * fw + x1) * channels;
    for (let k = 0; k < 3; k++) {
      const ch = order[k] as number;
      const top = (data[i00 + ch] as number) * (1 - tx) + (data[i01 + ch] as number) * tx;
      const bottom = (data[i10 + ch] as number) * (1 - tx) + (data[i11 + ch] as number) * tx;
      out[o + k] = normalise(top * (1 - ty) + bottom * ty);
    }
  };
}

/** YUV → RGB coefficients: [Y scale, Y offset, V→R, U→G, V→G, U→B]. */
function yuvCoefficients(matrix: 'bt601' | 'bt709', fullRange: boolean): readonly number[] {
  const [kr, kb] = matrix === 'bt709' ? [0.2126, 0.0722] : [0.299, 0.114];
  const kg = 1 - kr - kb;
  const ys = fullRange ? 1 : 255 / 219;
  const cs = fullRange ? 1 : 255 / 224;
  return [
    ys,
    fullRange ? 0 : 16,
    2 * (1 - kr) * cs,
    ((2 * kb * (1 - kb)) / kg) * cs,
    ((2 * kr * (1 - kr)) / kg) * cs,
    2 * (1 - kb) * cs,
  ];
}

/** Bilinear luma, chroma from the nearest 2×2 block: converted only where sampled. */
function yuvPixel(
  frame: YuvFrame,
  out: Float32Array,
  normalise: (v: number) => number,
): (cell: Cell, o: number) => void {
  const { data, y, u, v, chromaStep } = frame;
  const fw = frame.width;
  const fh = frame.height;
  const [ys, yo, vr, ug, vg, ub] = yuvCoefficients(frame.matrix, frame.fullRange) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const clamp = (c: number) => (c < 0 ? 0 : c > 255 ? 255 : c);
  return ({ x0, y0, x1, y1, tx, ty, sx, sy }, o) => {
    const r0 = y.offset + y0 * y.stride;
    const r1 = y.offset + y1 * y.stride;
    const luma =
      ((data[r0 + x0] as number) * (1 - tx) + (data[r0 + x1] as number) * tx) * (1 - ty) +
      ((data[r1 + x0] as number) * (1 - tx) + (data[r1 + x1] as number) * tx) * ty;
    const cx = (Math.min(fw - 1, Math.round(sx)) >> 1) * chromaStep;
    const cy = Math.min(fh - 1, Math.round(sy)) >> 1;
    const cu = (data[u.offset + cy * u.stride + cx] as number) - 128;
    const cv = (data[v.offset + cy * v.stride + cx] as number) - 128;
    const l = (luma - yo) * ys;
    out[o] = normalise(clamp(l + vr * cv));
    out[o + 1] = normalise(clamp(l - ug * cu - vg * cv));
    out[o + 2] = normalise(clamp(l + ub * cu));
  };
}

/** Mean luminance (0..255) over a sparse grid: enough to tell a black or covered camera. */
export function meanLuma(frame: Frame, step = 8): number {
  let sum = 0;
  let n = 0;
  for (let y = 0; y < frame.height; y += step) {
    for (let x = 0; x < frame.width; x += step) {
      if (frame.kind === 'yuv420') {
        const luma = frame.data[frame.y.offset + y * frame.y.stride + x] as number;
        sum += frame.fullRange ? luma : ((luma - 16) * 255) / 219;
      } else {
        const i = (y * frame.width + x) * frame.channels;
        const [r, g, b] = frame.order === 'bgr' ? [2, 1, 0] : [0, 1, 2];
        sum +=
          0.299 * (frame.data[i + (r as number)] as number) +
          0.587 * (frame.data[i + (g as number)] as number) +
          0.114 * (frame.data[i + (b as number)] as number);
      }
      n++;
    }
  }
  return n > 0 ? sum / n : 0;
}

/** Converts a whole frame to interleaved RGB (tests, and pixel checks). */
export function toRgb(frame: Frame): InterleavedFrame {
  const data = sampleRgb(frame, { a: 1, b: 0, c: 0, d: 0, e: 1, f: 0 }, frame.width, frame.height);
  return { data: Uint8Array.from(data, (v) => Math.round(v)), width: frame.width, height: frame.height, channels: 3 };
}
