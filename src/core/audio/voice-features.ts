/**
 * The voice model's feature front end: eGeMAPS-style functionals of one
 * utterance (16 kHz mono). The one implementation used by the training
 * script (`npm run train:voice`), the offline eval and the audio worker.
 *
 * Frames of 25 ms every 10 ms; only frames with sound (10 dB above the noise
 * floor, within 35 dB of the loudest and above −70 dBFS) count, so leading and trailing silence, which
 * differ between corpora, do not. Per frame: 12 MFCCs (26 mel bands), level,
 * spectral centroid, flatness, 85% roll-off, zero-crossing rate, alpha ratio
 * and Hammarberg index. Pitch by YIN on a 2× decimated signal every 20 ms,
 * with its periodicity. Functionals: means, spreads and percentiles, a
 * jitter-like and a shimmer-like frame-to-frame change, voiced share,
 * syllable rate and pause share. Plain arithmetic, no allocation per frame.
 */
import { TARGET_RATE } from './resample.ts';

const RATE = TARGET_RATE;
const FRAME = 400;
const HOP = 160;
const NFFT = 512;
const BINS = NFFT / 2 + 1;
const MELS = 26;
const CEPS = 12;

export const VOICE_FEATURES: readonly string[] = [
  ...Array.from({ length: CEPS }, (_, i) => `mfcc${i + 1}_mean`),
  ...Array.from({ length: CEPS }, (_, i) => `mfcc${i + 1}_std`),
  ...Array.from({ length: CEPS }, (_, i) => `dmfcc${i + 1}_std`),
  'level_mean',
  'level_std',
  'level_p10',
  'level_p90',
  'centroid_mean',
  'centroid_std',
  'flatness_mean',
  'flatness_std',
  'rolloff_mean',
  'rolloff_std',
  'zcr_mean',
  'zcr_std',
  'alpha_mean',
  'alpha_std',
  'hammarberg_mean',
  'hammarberg_std',
  'f0_mean',
  'f0_std',
  'f0_p10',
  'f0_p90',
  'jitter',
  'shimmer',
  'periodicity',
  'voiced_ratio',
  'rate',
  'pause_ratio',
];
export const FEATURE_COUNT = VOICE_FEATURES.length;

/** Fewer voiced pitch frames (20 ms each) than this: no reading (whisper, noise, a cough). */
export const MIN_VOICED_FRAMES = 3;

// ---- tables, built once ----
const HANN = Float64Array.from({ length: FRAME }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (FRAME - 1)));
const BITREV = (() => {
  const r = new Uint16Array(NFFT);
  const bits = Math.log2(NFFT);
  for (let i = 0; i < NFFT; i++) {
    let v = 0;
    for (let b = 0; b < bits; b++) v |= ((i >> b) & 1) << (bits - 1 - b);
    r[i] = v;
  }
  return r;
})();
const COS = Float64Array.from({ length: NFFT / 2 }, (_, k) => Math.cos((-2 * Math.PI * k) / NFFT));
const SIN = Float64Array.from({ length: NFFT / 2 }, (_, k) => Math.sin((-2 * Math.PI * k) / NFFT));
const BIN_HZ = RATE / NFFT;
const hzToMel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number) => 700 * (10 ** (mel / 2595) - 1);
/** Triangular mel filters (HTK), as [first bin, weights] per band. */
const MEL_FILTERS: { start: number; weights: Float64Array }[] = (() => {
  const lo = hzToMel(20);
  const hi = hzToMel(RATE / 2);
  const edges = Array.from({ length: MELS + 2 }, (_, i) => melToHz(lo + ((hi - lo) * i) / (MELS + 1)));
  return Array.from({ length: MELS }, (_, m) => {
    const [a, b, c] = [edges[m] as number, edges[m + 1] as number, edges[m + 2] as number];
    const start = Math.max(0, Math.floor(a / BIN_HZ));
    const end = Math.min(BINS - 1, Math.ceil(c / BIN_HZ));
    const weights = new Float64Array(end - start + 1);
    for (let k = start; k <= end; k++) {
      const f = k * BIN_HZ;
      weights[k - start] = f <= a || f >= c ? 0 : f <= b ? (f - a) / (b - a) : (c - f) / (c - b);
    }
    return { start, weights };
  });
})();
/** Orthonormal DCT-II rows 1..CEPS over MELS log energies. */
const DCT = Array.from({ length: CEPS }, (_, i) =>
  Float64Array.from({ length: MELS }, (_, m) => Math.sqrt(2 / MELS) * Math.cos((Math.PI * (i + 1) * (m + 0.5)) / MELS)),
);
const bin = (hz: number) => Math.round(hz / BIN_HZ);

/** Power spectrum (BINS values) of `re` (NFFT values, already windowed); `im` is scratch. */
function powerSpectrum(re: Float64Array, im: Float64Array, out: Float64Array): void {
  im.fill(0);
  for (let i = 0; i < NFFT; i++) {
    const j = BITREV[i] as number;
    if (i < j) {
      const t = re[i] as number;
      re[i] = re[j] as number;
      re[j] = t;
    }
  }
  for (let len = 2; len <= NFFT; len <<= 1) {
    const half = len >> 1;
    const step = NFFT / len;
    for (let i = 0; i < NFFT; i += len) {
      for (let k = 0; k < half; k++) {
        const wr = COS[k * step] as number;
        const wi = SIN[k * step] as number;
        const a = i + k;
        const b = a + half;
        const xr = (re[b] as number) * wr - (im[b] as number) * wi;
        const xi = (re[b] as number) * wi + (im[b] as number) * wr;
        re[b] = (re[a] as number) - xr;
        im[b] = (im[a] as number) - xi;
        re[a] = (re[a] as number) + xr;
        im[a] = (im[a] as number) + xi;
      }
    }
  }
  for (let k = 0; k < BINS; k++) out[k] = (re[k] as number) ** 2 + (im[k] as number) ** 2;
}

// ---- pitch: YIN at 8 kHz ----
const PITCH_RATE = RATE / 2;
const PITCH_WINDOW = 160; // 20 ms
const PITCH_HOP = 2; // in 10 ms frames: one pitch frame every 20 ms
const TAU_MIN = Math.floor(PITCH_RATE / 400);
const TAU_MAX = Math.ceil(PITCH_RATE / 60);

/** Half-band low-pass (windowed sinc, 31 taps, cut at 3.6 kHz) for the 2× decimation. */
const HALF_BAND = (() => {
  const taps = 31;
  const mid = (taps - 1) / 2;
  const cut = 3600 / RATE;
  const h = Float64Array.from({ length: taps }, (_, i) => {
    const t = i - mid;
    const sinc = t === 0 ? 2 * cut : Math.sin(2 * Math.PI * cut * t) / (Math.PI * t);
    return sinc * (0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (taps - 1)));
  });
  const sum = h.reduce((a, b) => a + b, 0);
  return h.map((v) => v / sum);
})();

function decimate(x: Float32Array): Float32Array {
  const out = new Float32Array(x.length >> 1);
  const mid = (HALF_BAND.length - 1) / 2;
  for (let i = 0; i < out.length; i++) {
    const c = 2 * i;
    let s = 0;
    for (let k = 0; k < HALF_BAND.length; k++) {
      const j = c + k - mid;
      if (j >= 0 && j < x.length) s += (HALF_BAND[k] as number) * (x[j] as number);
    }
    out[i] = s;
  }
  return out;
}

/** F0 (Hz) and periodicity (1 − the CMND dip) of the frame at `start` of the 8 kHz signal; f0 is 0 when unvoiced. */
function yin(x: Float32Array, start: number, d: Float64Array): { f0: number; periodicity: number } {
  if (start + PITCH_WINDOW + TAU_MAX > x.length) return { f0: 0, periodicity: 0 };
  for (let tau = 1; tau <= TAU_MAX; tau++) {
    let sum = 0;
    for (let j = 0; j < PITCH_WINDOW; j++) {
      const diff = (x[start + j] as number) - (x[start + j + tau] as number);
      sum += diff * diff;
    }
    d[tau] = sum;
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
  const a = d[found - 1] as number;
  const b = d[found] as number;
  const c = d[found + 1] as number;
  const shift = (a - c) / (2 * (a - 2 * b + c) || 1);
  const tau = found + (Number.isFinite(shift) ? Math.max(-1, Math.min(1, shift)) : 0);
  return { f0: PITCH_RATE / tau, periodicity: 1 - Math.min(1, b) };
}

// ---- functionals ----
function meanStd(v: ArrayLike<number>, n = v.length): [number, number] {
  if (n === 0) return [0, 0];
  let s = 0;
  for (let i = 0; i < n; i++) s += v[i] as number;
  const m = s / n;
  let q = 0;
  for (let i = 0; i < n; i++) q += ((v[i] as number) - m) ** 2;
  return [m, Math.sqrt(q / n)];
}
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const pos = p * (sorted.length - 1);
  const i = Math.floor(pos);
  const t = pos - i;
  return (sorted[i] as number) * (1 - t) + (sorted[Math.min(sorted.length - 1, i + 1)] as number) * t;
}

export interface VoiceFeatureResult {
  readonly features: Float32Array;
  /** Seconds with sound. */
  readonly soundS: number;
  /** Voiced pitch frames (20 ms each). */
  readonly voicedFrames: number;
}

/**
 * The functionals of one utterance, in VOICE_FEATURES order, or null when
 * there is too little voiced speech to read (under MIN_VOICED_FRAMES).
 */
export function voiceFeatures(x: Float32Array): VoiceFeatureResult | null {
  const frames = x.length >= FRAME ? 1 + Math.floor((x.length - FRAME) / HOP) : 0;
  if (frames < 3) return null;
  const level = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let s = 0;
    for (let j = 0, o = f * HOP; j < FRAME; j++) s += (x[o + j] as number) ** 2;
    level[f] = 10 * Math.log10(s / FRAME + 1e-10);
  }
  let top = -100;
  for (let f = 0; f < frames; f++) top = Math.max(top, level[f] as number);
  // Noise floor: the 5th percentile of frame levels; sound must stand 10 dB above it (noisy rooms; never
  // more than 6 dB under the loudest frame, so a steady sound still counts), be within 35 dB of the loudest
  // frame and above −70 dBFS (quiet rooms).
  const noiseFloor = percentile([...level].sort((a, b) => a - b), 0.05);
  const floor = Math.max(-70, top - 35, Math.min(noiseFloor + 10, top - 6));
  const sounding = Uint8Array.from(level, (l) => (l >= floor ? 1 : 0));

  // Per-frame spectral descriptors, over every frame (deltas need neighbours); kept for sounding frames.
  const mfcc = Array.from({ length: CEPS }, () => new Float64Array(frames));
  const centroid: number[] = [];
  const flatness: number[] = [];
  const rolloff: number[] = [];
  const zcr: number[] = [];
  const alpha: number[] = [];
  const hammarberg: number[] = [];
  const re = new Float64Array(NFFT);
  const im = new Float64Array(NFFT);
  const power = new Float64Array(BINS);
  const logMel = new Float64Array(MELS);
  const [b50, b1k, b2k, b5k] = [bin(50), bin(1000), bin(2000), bin(5000)];
  for (let f = 0; f < frames; f++) {
    const o = f * HOP;
    re.fill(0);
    for (let j = 0; j < FRAME; j++) re[j] = (x[o + j] as number) * (HANN[j] as number);
    powerSpectrum(re, im, power);
    for (let m = 0; m < MELS; m++) {
      const { start, weights } = MEL_FILTERS[m]!;
      let e = 0;
      for (let k = 0; k < weights.length; k++) e += (weights[k] as number) * (power[start + k] as number);
      logMel[m] = Math.log(e + 1e-10);
    }
    for (let c = 0; c < CEPS; c++) {
      const row = DCT[c]!;
      let v = 0;
      for (let m = 0; m < MELS; m++) v += (row[m] as number) * (logMel[m] as number);
      mfcc[c]![f] = v;
    }
    if (!sounding[f]) continue;
    let total = 1e-12;
    let weighted = 0;
    let logSum = 0;
    for (let k = 1; k < BINS; k++) {
      const p = power[k] as number;
      total += p;
      weighted += k * BIN_HZ * p;
      logSum += Math.log(p + 1e-12);
    }
    centroid.push(weighted / total);
    flatness.push(logSum / (BINS - 1) - Math.log(total / (BINS - 1)));
    let acc = 0;
    let k85 = 1;
    for (; k85 < BINS; k85++) {
      acc += power[k85] as number;
      if (acc >= 0.85 * total) break;
    }
    rolloff.push(k85 * BIN_HZ);
    let crossings = 0;
    for (let j = 1; j < FRAME; j++) if ((x[o + j] as number) >= 0 !== (x[o + j - 1] as number) >= 0) crossings++;
    zcr.push(crossings / FRAME);
    let low = 1e-12;
    let high = 1e-12;
    let lowMax = 1e-12;
    let highMax = 1e-12;
    for (let k = b50; k < b5k; k++) {
      const p = power[k] as number;
      if (k < b1k) low += p;
      else high += p;
      if (k < b2k) lowMax = Math.max(lowMax, p);
      else highMax = Math.max(highMax, p);
    }
    alpha.push(10 * Math.log10(low / high));
    hammarberg.push(10 * Math.log10(lowMax / highMax));
  }

  // Pitch on the decimated signal, one frame per two spectral frames; counted where that frame has sound.
  const x8 = decimate(x);
  const d = new Float64Array(TAU_MAX + 1);
  const f0St: number[] = [];
  const periodicity: number[] = [];
  let pitchFrames = 0;
  let jitterSum = 0;
  let shimmerSum = 0;
  let pairs = 0;
  let prev: { st: number; level: number } | null = null;
  for (let f = 0; f < frames; f += PITCH_HOP) {
    if (!sounding[f]) {
      prev = null;
      continue;
    }
    pitchFrames++;
    const p = yin(x8, (f * HOP) >> 1, d);
    if (p.f0 <= 0) {
      prev = null;
      continue;
    }
    const st = 12 * Math.log2(p.f0 / 55);
    f0St.push(st);
    periodicity.push(p.periodicity);
    const l = level[f] as number;
    if (prev) {
      jitterSum += Math.min(3, Math.abs(st - prev.st));
      shimmerSum += Math.min(6, Math.abs(l - prev.level));
      pairs++;
    }
    prev = { st, level: l };
  }
  if (f0St.length < MIN_VOICED_FRAMES) return null;

  const soundIdx: number[] = [];
  for (let f = 0; f < frames; f++) if (sounding[f]) soundIdx.push(f);
  const out = new Float32Array(FEATURE_COUNT);
  let w = 0;
  const put = (v: number) => {
    out[w++] = v;
  };
  const soundOf = (series: Float64Array) => soundIdx.map((f) => series[f] as number);
  const mfccStats = mfcc.map((series) => meanStd(soundOf(series)));
  for (const [m] of mfccStats) put(m);
  for (const [, s] of mfccStats) put(s);
  for (const series of mfcc) {
    const delta = soundIdx.map((f) => {
      const at = (k: number) => series[Math.max(0, Math.min(frames - 1, f + k))] as number;
      return (at(1) - at(-1) + 2 * (at(2) - at(-2))) / 10;
    });
    put(meanStd(delta)[1]);
  }
  const levels = soundOf(level);
  const [lm, ls] = meanStd(levels);
  const sortedLevels = [...levels].sort((a, b) => a - b);
  put(lm);
  put(ls);
  put(percentile(sortedLevels, 0.1));
  put(percentile(sortedLevels, 0.9));
  for (const series of [centroid, flatness, rolloff, zcr, alpha, hammarberg]) {
    const [m, s] = meanStd(series);
    put(m);
    put(s);
  }
  const [fm, fs] = meanStd(f0St);
  const sortedF0 = [...f0St].sort((a, b) => a - b);
  put(fm);
  put(fs);
  put(percentile(sortedF0, 0.1));
  put(percentile(sortedF0, 0.9));
  put(pairs ? jitterSum / pairs : 0);
  put(pairs ? shimmerSum / pairs : 0);
  put(meanStd(periodicity)[0]);
  put(pitchFrames ? f0St.length / pitchFrames : 0);
  // Syllable-like rate: peaks of the 50 ms-smoothed level within 12 dB of the loudest, ≥ 100 ms apart.
  const smooth = Float64Array.from(level, (_, f) => {
    let s = 0;
    let n = 0;
    for (let k = Math.max(0, f - 2); k <= Math.min(frames - 1, f + 2); k++, n++) s += level[k] as number;
    return s / n;
  });
  let smoothTop = -100;
  for (const v of smooth) smoothTop = Math.max(smoothTop, v);
  let peaks = 0;
  let last = -Infinity;
  for (let f = 1; f < frames - 1; f++) {
    const v = smooth[f] as number;
    if (v > (smooth[f - 1] as number) && v >= (smooth[f + 1] as number) && v > smoothTop - 12 && f - last >= 10) {
      peaks++;
      last = f;
    }
  }
  const soundS = (soundIdx.length * HOP) / RATE;
  put(peaks / Math.max(0.1, soundS));
  const first = soundIdx[0] as number;
  const lastSound = soundIdx[soundIdx.length - 1] as number;
  put(1 - soundIdx.length / (lastSound - first + 1));
  if (w !== FEATURE_COUNT) throw new Error(`voice features: wrote ${w} of ${FEATURE_COUNT}`);
  return { features: out, soundS, voicedFrames: f0St.length };
}
