/**
 * The voice model's feature front end, the one implementation for training
 * (`npm run train:voice`), the eval and the audio worker: 62 eGeMAPS-style
 * functionals of a 16 kHz utterance. Frames of 25 ms every 10 ms, counted
 * only with sound (10 dB above the noise floor, within 35 dB of the loudest,
 * above −70 dBFS): 12 MFCCs, level, centroid, mel flatness, roll-off,
 * zero-crossing rate, alpha ratio, Hammarberg index; pitch (pitch.ts) every
 * 20 ms. Functionals: means, spreads, percentiles, jitter- and shimmer-like
 * changes, periodicity, voiced share, syllable rate, pause share.
 */
import { BINS, HALF, NFFT, powerSpectrum } from './fft.ts';
import { dctRows, hann, meanStd, melFilters, percentile } from './mel.ts';
import { decimate, PITCH_HOP, TAU_MAX, yin } from './pitch.ts';
import { TARGET_RATE } from './resample.ts';

const RATE = TARGET_RATE;
const FRAME = 400;
const HOP = 160;
const MELS = 26;
const CEPS = 12;

const stats = (name: string, ...of: string[]) => of.map((s) => `${name}_${s}`);
const ceps = (f: (i: number) => string) => Array.from({ length: CEPS }, (_, i) => f(i + 1));
/** The features, in the order the model reads them (voice-model.json lists the same names). */
export const VOICE_FEATURES: readonly string[] = [
  ...ceps((i) => `mfcc${i}_mean`),
  ...ceps((i) => `mfcc${i}_std`),
  ...ceps((i) => `dmfcc${i}_std`),
  ...stats('level', 'mean', 'std', 'p10', 'p90'),
  ...['centroid', 'flatness', 'rolloff', 'zcr', 'alpha', 'hammarberg'].flatMap((n) => stats(n, 'mean', 'std')),
  ...stats('f0', 'mean', 'std', 'p10', 'p90'),
  ...['jitter', 'shimmer', 'periodicity', 'voiced_ratio', 'rate', 'pause_ratio'],
];
export const FEATURE_COUNT = VOICE_FEATURES.length;

/** Fewer voiced pitch frames (20 ms each) than this: no reading (whisper, noise, a cough). */
export const MIN_VOICED_FRAMES = 3;

const HANN = hann(FRAME);
const BIN_HZ = RATE / NFFT;
const MEL_FILTERS = melFilters(MELS, RATE, BIN_HZ, BINS);
const DCT = dctRows(CEPS, MELS);
const bin = (hz: number) => Math.round(hz / BIN_HZ);

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
  // Frame energies from 5 ms blocks (a frame is 5 blocks, the hop 2), and zero crossings from a running count:
  // each sample is read once, not 2.5 times.
  const BLOCK = 80;
  const blocks = new Float64Array(Math.ceil(x.length / BLOCK));
  for (let i = 0; i < x.length; i++) blocks[(i / BLOCK) | 0]! += (x[i] as number) ** 2;
  const crossingsUpTo = new Uint32Array(x.length);
  for (let i = 1; i < x.length; i++)
    crossingsUpTo[i] = (crossingsUpTo[i - 1] as number) + ((x[i] as number) >= 0 !== (x[i - 1] as number) >= 0 ? 1 : 0);
  const level = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    const b = (f * HOP) / BLOCK;
    const s =
      (blocks[b] as number) +
      (blocks[b + 1] as number) +
      (blocks[b + 2] as number) +
      (blocks[b + 3] as number) +
      (blocks[b + 4] as number);
    level[f] = 10 * Math.log10(s / FRAME + 1e-10);
  }
  let top = -100;
  for (let f = 0; f < frames; f++) top = Math.max(top, level[f] as number);
  // Noise floor: the 5th percentile of frame levels; sound must stand 10 dB above it (noisy rooms; never
  // more than 6 dB under the loudest frame, so a steady sound still counts), be within 35 dB of the loudest
  // frame and above −70 dBFS (quiet rooms).
  const noiseFloor = percentile(
    [...level].sort((a, b) => a - b),
    0.05,
  );
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
  const frame = new Float64Array(NFFT);
  const re = new Float64Array(HALF);
  const im = new Float64Array(HALF);
  const power = new Float64Array(BINS);
  const mel = new Float64Array(MELS);
  const logMel = new Float64Array(MELS);
  const [b50, b1k, b2k, b5k] = [bin(50), bin(1000), bin(2000), bin(5000)];
  // Frames the functionals read: those with sound, and two either side of them (the deltas' context).
  const needed = new Uint8Array(frames);
  for (let f = 0; f < frames; f++)
    if (sounding[f]) for (let k = Math.max(0, f - 2); k <= Math.min(frames - 1, f + 2); k++) needed[k] = 1;
  for (let f = 0; f < frames; f++) {
    if (!needed[f]) continue;
    const o = f * HOP;
    for (let j = 0; j < FRAME; j++) frame[j] = (x[o + j] as number) * (HANN[j] as number);
    powerSpectrum(frame, power, re, im);
    for (let m = 0; m < MELS; m++) {
      const { start, weights } = MEL_FILTERS[m]!;
      let e = 0;
      for (let k = 0; k < weights.length; k++) e += (weights[k] as number) * (power[start + k] as number);
      mel[m] = e + 1e-10;
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
    for (let k = 1; k < BINS; k++) {
      const p = power[k] as number;
      total += p;
      weighted += k * BIN_HZ * p;
    }
    centroid.push(weighted / total);
    // Flatness over the mel bands: log of the geometric over the arithmetic mean.
    let logMean = 0;
    let melMean = 0;
    for (let m = 0; m < MELS; m++) {
      logMean += (logMel[m] as number) / MELS;
      melMean += (mel[m] as number) / MELS;
    }
    flatness.push(logMean - Math.log(melMean));
    let acc = 0;
    let k85 = 1;
    for (; k85 < BINS; k85++) {
      acc += power[k85] as number;
      if (acc >= 0.85 * total) break;
    }
    rolloff.push(k85 * BIN_HZ);
    zcr.push(((crossingsUpTo[o + FRAME - 1] as number) - (crossingsUpTo[o] as number)) / FRAME);
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
  const x4 = decimate(x8);
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
    const p = yin(x8, x4, (f * HOP) >> 1, d);
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
  /** Mean, standard deviation, 10th and 90th percentile. */
  const putSpread = (series: readonly number[]) => {
    const [m, sd] = meanStd(series);
    const sorted = [...series].sort((a, b) => a - b);
    put(m);
    put(sd);
    put(percentile(sorted, 0.1));
    put(percentile(sorted, 0.9));
  };
  const soundOf = (series: Float64Array) => soundIdx.map((f) => series[f] as number);
  const mfccStats = mfcc.map((series) => meanStd(soundOf(series)));
  for (const [m] of mfccStats) put(m);
  for (const [, s] of mfccStats) put(s);
  const delta = new Float64Array(soundIdx.length);
  const clamp = (f: number) => (f < 0 ? 0 : f >= frames ? frames - 1 : f);
  for (const series of mfcc) {
    for (let i = 0; i < soundIdx.length; i++) {
      const f = soundIdx[i] as number;
      const at = (k: number) => series[clamp(f + k)] as number;
      delta[i] = (at(1) - at(-1) + 2 * (at(2) - at(-2))) / 10;
    }
    put(meanStd(delta)[1]);
  }
  const levels = soundOf(level);
  putSpread(levels);
  for (const series of [centroid, flatness, rolloff, zcr, alpha, hammarberg]) {
    const [m, s] = meanStd(series);
    put(m);
    put(s);
  }
  putSpread(f0St);
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
