/**
 * Pitch for the voice features: YIN searched on a 4× decimated signal every
 * 20 ms, the lag refined on the 2× decimated one, with the dip's depth as
 * periodicity.
 */
import { TARGET_RATE } from './resample.ts';

const RATE = TARGET_RATE;
const PITCH_RATE = RATE / 2;
export const PITCH_WINDOW = 160; // 20 ms at 8 kHz
export const PITCH_HOP = 2; // in 10 ms frames: one pitch frame every 20 ms
const COARSE_RATE = RATE / 4;
const COARSE_WINDOW = PITCH_WINDOW / 2;
const TAU_MIN = Math.floor(COARSE_RATE / 400);
export const TAU_MAX = Math.ceil(COARSE_RATE / 60);

/**
 * 2× decimation with a [1 2 1]/4 low-pass: crude (some aliasing from above a quarter of the rate), and
 * enough for the pitch search, which looks for a period, not a spectrum.
 */
export function decimate(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length >> 1);
  const last = x.length - 1;
  for (let i = 0; i < out.length; i++) {
    const c = 2 * i;
    out[i] = 0.25 * ((x[c > 0 ? c - 1 : 0] as number) + 2 * (x[c] as number) + (x[c < last ? c + 1 : last] as number));
  }
  return out;
}

/**
 * F0 (Hz) and periodicity (1 − the CMND dip) of the 20 ms frame at `start8` of the 8 kHz signal; f0 is 0
 * when unvoiced. YIN's search runs on the 4 kHz signal (a quarter of the work); the lag found is refined
 * on the 8 kHz signal, ±2 samples, by parabolic interpolation of the difference function there.
 */
export function yin(
  x8: Float32Array,
  x4: Float32Array,
  start8: number,
  d: Float64Array,
): { f0: number; periodicity: number } {
  const start = start8 >> 1;
  if (start + COARSE_WINDOW + TAU_MAX > x4.length || start8 + PITCH_WINDOW + 2 * TAU_MAX + 2 > x8.length)
    return { f0: 0, periodicity: 0 };
  // d(τ) = Σ (x_j − x_{j+τ})² = e(0) + e(τ) − 2 r(τ), with e(τ) the window's energy from τ on.
  let e0 = 0;
  for (let j = 0; j < COARSE_WINDOW; j++) e0 += (x4[start + j] as number) ** 2;
  let et = e0;
  for (let tau = 1; tau <= TAU_MAX; tau++) {
    et += (x4[start + tau + COARSE_WINDOW - 1] as number) ** 2 - (x4[start + tau - 1] as number) ** 2;
    let r = 0;
    for (let j = 0; j < COARSE_WINDOW; j++) r += (x4[start + j] as number) * (x4[start + j + tau] as number);
    d[tau] = Math.max(0, e0 + et - 2 * r);
  }
  let running = 0;
  for (let tau = 1; tau <= TAU_MAX; tau++) {
    running += d[tau] as number;
    d[tau] = running > 0 ? ((d[tau] as number) * tau) / running : 1;
  }
  let best = TAU_MIN;
  let found = -1;
  for (let tau = TAU_MIN; tau < TAU_MAX; tau++) {
    if ((d[tau] as number) < 0.2) {
      while (tau + 1 < TAU_MAX && (d[tau + 1] as number) < (d[tau] as number)) tau++;
      found = tau;
      break;
    }
    if ((d[tau] as number) < (d[best] as number)) best = tau;
  }
  if (found < 0 && (d[best] as number) < 0.4) found = best;
  if (found < 0) return { f0: 0, periodicity: 1 - Math.min(1, d[best] as number) };
  const periodicity = 1 - Math.min(1, d[found] as number);
  // Refine at 8 kHz: the difference function around twice the coarse lag.
  const centre = 2 * found;
  const fine = (tau: number) => {
    let sum = 0;
    for (let j = 0; j < PITCH_WINDOW; j++) {
      const diff = (x8[start8 + j] as number) - (x8[start8 + j + tau] as number);
      sum += diff * diff;
    }
    return sum;
  };
  const around = [-2, -1, 0, 1, 2].map((o) => fine(centre + o));
  let at = 1;
  for (let i = 2; i <= 3; i++) if ((around[i] as number) < (around[at] as number)) at = i;
  const [a, b, c] = [around[at - 1] as number, around[at] as number, around[at + 1] as number];
  const shift = (a - c) / (2 * (a - 2 * b + c) || 1);
  const tau = centre + at - 2 + (Number.isFinite(shift) ? Math.max(-1, Math.min(1, shift)) : 0);
  return { f0: PITCH_RATE / tau, periodicity };
}
