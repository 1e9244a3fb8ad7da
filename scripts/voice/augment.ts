/**
 * Recording conditions for training the voice model to transfer to other
 * speakers, languages and microphones: speed perturbation (tempo and pitch
 * together), band-limiting (telephone, laptop microphone), a small room
 * (Schroeder reverberator), gain and additive noise at a set SNR. Seeded,
 * so training is reproducible.
 */
import { seeded } from '../tiny-models/rng.ts';

export type Rng = () => number;
export { seeded };

/** A standard normal draw (Box–Muller). */
export function gaussian(rng: Rng): number {
  const u = Math.max(1e-12, rng());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Plays `x` `factor` times faster (linear interpolation): shorter, and higher by 12·log2(factor) semitones. */
export function speed(x: Float32Array, factor: number): Float32Array {
  const out = new Float32Array(Math.floor((x.length - 1) / factor));
  for (let i = 0; i < out.length; i++) {
    const p = i * factor;
    const j = Math.floor(p);
    const t = p - j;
    out[i] = (x[j] as number) * (1 - t) + (x[Math.min(x.length - 1, j + 1)] as number) * t;
  }
  return out;
}

/** RBJ biquad, low- or high-pass at `hz` (Q 0.707), applied in place order. */
export function biquad(x: Float32Array, kind: 'lowpass' | 'highpass', hz: number, rate = 16_000): Float32Array {
  const w = (2 * Math.PI * hz) / rate;
  const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
  const cos = Math.cos(w);
  const b1 = kind === 'lowpass' ? 1 - cos : -(1 + cos);
  const b0 = kind === 'lowpass' ? (1 - cos) / 2 : (1 + cos) / 2;
  const a0 = 1 + alpha;
  const [nb0, nb1, nb2, na1, na2] = [b0 / a0, b1 / a0, b0 / a0, (-2 * cos) / a0, (1 - alpha) / a0];
  const out = new Float32Array(x.length);
  let [x1, x2, y1, y2] = [0, 0, 0, 0];
  for (let i = 0; i < x.length; i++) {
    const x0 = x[i] as number;
    const y0 = nb0 * x0 + nb1 * x1 + nb2 * x2 - na1 * y1 - na2 * y2;
    out[i] = y0;
    [x2, x1, y2, y1] = [x1, x0, y1, y0];
  }
  return out;
}

/** A small room: four feedback combs in parallel and two all-passes in series (Schroeder), mixed in at `wet`. */
export function reverb(x: Float32Array, wet: number, feedback = 0.75): Float32Array {
  const combs = [405, 431, 463, 492];
  const sum = new Float32Array(x.length);
  for (const delay of combs) {
    const buf = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++)
      buf[i] = (x[i] as number) + (i >= delay ? feedback * (buf[i - delay] as number) : 0);
    for (let i = 0; i < x.length; i++) sum[i]! += (buf[i] as number) / combs.length;
  }
  let y = sum;
  for (const delay of [82, 202]) {
    const out = new Float32Array(y.length);
    const g = 0.5;
    for (let i = 0; i < y.length; i++) {
      const xd = i >= delay ? (y[i - delay] as number) : 0;
      const yd = i >= delay ? (out[i - delay] as number) : 0;
      out[i] = -g * (y[i] as number) + xd + g * yd;
    }
    y = out;
  }
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (1 - wet) * (x[i] as number) + wet * (y[i] as number);
  return out;
}

export function gain(x: Float32Array, db: number): Float32Array {
  const g = 10 ** (db / 20);
  return Float32Array.from(x, (v) => Math.max(-1, Math.min(1, v * g)));
}

/** White noise at `snrDb` below the signal's mean power over its louder half (the speech, not the pauses). */
export function noise(x: Float32Array, snrDb: number, rng: Rng): Float32Array {
  const frame = 320;
  const powers: number[] = [];
  for (let o = 0; o + frame <= x.length; o += frame) {
    let s = 0;
    for (let j = 0; j < frame; j++) s += (x[o + j] as number) ** 2;
    powers.push(s / frame);
  }
  powers.sort((a, b) => b - a);
  const loud = powers.slice(0, Math.max(1, powers.length >> 1));
  const signal = loud.reduce((a, b) => a + b, 0) / loud.length;
  const sigma = Math.sqrt(signal / 10 ** (snrDb / 10));
  return Float32Array.from(x, (v) => v + sigma * gaussian(rng));
}

export interface Condition {
  readonly name: string;
  readonly apply: (x: Float32Array, rng: Rng) => Float32Array;
}

/** The recording conditions: the clean corpus first, then four other rooms and microphones. */
export const CONDITIONS: readonly Condition[] = [
  { name: 'clean', apply: (x) => x },
  { name: 'slower (0.9), noise 20 dB', apply: (x, rng) => noise(speed(x, 0.9), 20, rng) },
  {
    name: 'faster (1.1), telephone band, noise 30 dB',
    apply: (x, rng) => noise(biquad(biquad(speed(x, 1.1), 'highpass', 300), 'lowpass', 3400), 30, rng),
  },
  { name: 'small room, −12 dB, noise 25 dB', apply: (x, rng) => noise(gain(reverb(x, 0.35), -12), 25, rng) },
  {
    name: 'laptop microphone (150–6000 Hz), +6 dB, noise 15 dB',
    apply: (x, rng) => noise(gain(biquad(biquad(x, 'highpass', 150), 'lowpass', 6000), 6), 15, rng),
  },
];
