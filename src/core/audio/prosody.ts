/**
 * Prosody of an utterance (16 kHz mono): pitch by YIN, pitch level, range
 * and variability, loudness and its variability, voiced share, a speaking
 * rate from energy peaks, and spectral centroid and tilt. Plain arithmetic,
 * fast enough to run when an utterance ends.
 */
import { BINS, NFFT, powerSpectrum } from './fft.ts';
import { TARGET_RATE } from './resample.ts';

const RATE = TARGET_RATE;
const HOP = 320; // 20 ms
const WINDOW = 320; // YIN integration window, 20 ms
const MIN_F0 = 60;
const MAX_F0 = 400;
const TAU_MIN = Math.floor(RATE / MAX_F0);
const TAU_MAX = Math.ceil(RATE / MIN_F0);
const FRAME = WINDOW + TAU_MAX;

/** YIN fundamental frequency of one frame (≥ WINDOW + TAU_MAX samples from `start`), or null when unvoiced. */
export function yinPitch(x: Float32Array, start: number, threshold = 0.2, fallback = 0.35): number | null {
  if (start + FRAME > x.length) return null;
  const d = new Float64Array(TAU_MAX + 1);
  for (let tau = 1; tau <= TAU_MAX; tau++) {
    let sum = 0;
    for (let j = 0; j < WINDOW; j++) {
      const diff = (x[start + j] as number) - (x[start + j + tau] as number);
      sum += diff * diff;
    }
    d[tau] = sum;
  }
  // Cumulative mean normalised difference.
  let running = 0;
  const cmnd = new Float64Array(TAU_MAX + 1);
  cmnd[0] = 1;
  for (let tau = 1; tau <= TAU_MAX; tau++) {
    running += d[tau] as number;
    cmnd[tau] = running > 0 ? ((d[tau] as number) * tau) / running : 1;
  }
  const refine = (tau: number) => {
    // Parabolic interpolation around the minimum.
    const a = cmnd[tau - 1] as number;
    const b = cmnd[tau] as number;
    const c = cmnd[tau + 1] as number;
    const shift = (a - c) / (2 * (a - 2 * b + c) || 1);
    return RATE / (tau + (Number.isFinite(shift) ? Math.max(-1, Math.min(1, shift)) : 0));
  };
  let best = TAU_MIN;
  for (let tau = TAU_MIN; tau < TAU_MAX; tau++) {
    if ((cmnd[tau] as number) < threshold) {
      while (tau + 1 < TAU_MAX && (cmnd[tau + 1] as number) < (cmnd[tau] as number)) tau++;
      return refine(tau);
    }
    if ((cmnd[tau] as number) < (cmnd[best] as number)) best = tau;
  }
  // No dip under the threshold: take the deepest one if it is still clearly periodic.
  return (cmnd[best] as number) < fallback ? refine(best) : null;
}

const HANN = Float64Array.from({ length: NFFT }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (NFFT - 1)));

/** Magnitude spectrum (NFFT / 2 bins) of a 512-sample frame, Hann-windowed, by the voice features' real FFT. */
export function magnitudeSpectrum(frame: Float32Array): Float32Array {
  if (frame.length !== NFFT) throw new Error(`magnitudeSpectrum takes ${NFFT} samples, not ${frame.length}`);
  const power = new Float64Array(BINS);
  powerSpectrum(
    Float64Array.from(frame, (v, i) => v * (HANN[i] as number)),
    power,
  );
  return Float32Array.from({ length: NFFT / 2 }, (_, k) => Math.sqrt(power[k] as number));
}

export interface Prosody {
  /** Median F0 of voiced frames, Hz (null: nothing voiced). */
  readonly f0Median: number | null;
  /** p90/p10 of F0, semitones. */
  readonly f0RangeSt: number;
  /** Standard deviation of F0 around its median, semitones. */
  readonly f0StdSt: number;
  /** Mean frame level of voiced frames, dBFS. */
  readonly loudnessDb: number;
  /** Standard deviation of frame level over speech, dB. */
  readonly loudnessStdDb: number;
  /** Voiced frames among frames with sound. */
  readonly voicedRatio: number;
  /** Energy peaks (syllable nuclei) per second of speech. */
  readonly rate: number;
  /** Mean spectral centroid of voiced frames, Hz. */
  readonly centroidHz: number;
  /** Energy above 1 kHz minus energy below, dB (higher: brighter, tenser voice). */
  readonly tiltDb: number;
  readonly durationS: number;
}

const mean = (v: readonly number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0);
const std = (v: readonly number[]) => {
  const m = mean(v);
  return Math.sqrt(mean(v.map((x) => (x - m) ** 2)));
};
const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export function prosody(x: Float32Array): Prosody {
  const levels: number[] = [];
  const f0s: number[] = [];
  const voicedLevels: number[] = [];
  const centroids: number[] = [];
  const tilts: number[] = [];
  let sounding = 0;
  let voiced = 0;
  const spectrumFrame = new Float32Array(512);
  const starts: number[] = [];
  for (let start = 0; start + FRAME <= x.length; start += HOP) {
    let sum = 0;
    for (let j = 0; j < WINDOW; j++) sum += (x[start + j] as number) ** 2;
    levels.push(10 * Math.log10(sum / WINDOW + 1e-10));
    starts.push(start);
  }
  // Frames with sound: within 35 dB of the loudest frame, and above −70 dBFS.
  const floor = Math.max(-70, Math.max(-100, ...levels) - 35);
  for (let f = 0; f < starts.length; f++) {
    const start = starts[f] as number;
    const db = levels[f] as number;
    if (db < floor) continue;
    sounding++;
    const f0 = yinPitch(x, start);
    if (f0 === null) continue;
    voiced++;
    f0s.push(f0);
    voicedLevels.push(db);
    spectrumFrame.set(x.subarray(start, start + 512));
    const mag = magnitudeSpectrum(spectrumFrame);
    let weighted = 0;
    let total = 0;
    let low = 1e-10;
    let high = 1e-10;
    const binHz = RATE / 512;
    for (let k = 1; k < mag.length; k++) {
      const p = (mag[k] as number) ** 2;
      weighted += k * binHz * p;
      total += p;
      if (k * binHz < 1000) low += p;
      else high += p;
    }
    centroids.push(total > 0 ? weighted / total : 0);
    tilts.push(10 * Math.log10(high / low));
  }
  // Speaking rate: local maxima of the smoothed level, at least 100 ms apart and within 12 dB of the loudest.
  const smooth = levels.map((_, i) => mean(levels.slice(Math.max(0, i - 1), i + 2)));
  const top = Math.max(-100, ...smooth);
  let peaks = 0;
  let last = -Infinity;
  for (let i = 1; i < smooth.length - 1; i++) {
    const v = smooth[i] as number;
    if (v > (smooth[i - 1] as number) && v >= (smooth[i + 1] as number) && v > top - 12 && (i - last) * 20 >= 100) {
      peaks++;
      last = i;
    }
  }
  const speechS = Math.max(0.1, (sounding * HOP) / RATE);
  const sorted = [...f0s].sort((a, b) => a - b);
  const median = sorted.length ? quantile(sorted, 0.5) : null;
  const st = median ? f0s.map((f) => 12 * Math.log2(f / median)) : [];
  return {
    f0Median: median,
    f0RangeSt: sorted.length >= 3 ? 12 * Math.log2(quantile(sorted, 0.9) / quantile(sorted, 0.1)) : 0,
    f0StdSt: std(st),
    loudnessDb: voicedLevels.length ? mean(voicedLevels) : mean(levels),
    loudnessStdDb: std(levels.filter((l) => l >= floor)),
    voicedRatio: sounding > 0 ? voiced / sounding : 0,
    rate: peaks / speechS,
    centroidHz: mean(centroids),
    tiltDb: mean(tilts),
    durationS: x.length / RATE,
  };
}
