/**
 * Streaming downmix + resampling to 16 kHz mono, cut into fixed 512-sample
 * chunks (32 ms, Silero VAD's frame). Linear interpolation keeps its
 * fractional position across calls, so chunk boundaries leave no seams.
 */
export const TARGET_RATE = 16_000;
export const CHUNK = 512;

export class Resampler {
  readonly #step: number;
  #pos = 0;
  #prev = 0;
  readonly #pending: number[] = [];

  constructor(readonly inputRate: number) {
    if (!(inputRate > 0)) throw new Error(`bad input sample rate ${inputRate}`);
    this.#step = inputRate / TARGET_RATE;
  }

  /** Feeds one block (one array per channel); returns every complete 512-sample chunk. */
  push(channels: readonly Float32Array[]): Float32Array[] {
    const n = channels[0]?.length ?? 0;
    const mono = new Float32Array(n);
    for (const ch of channels) for (let i = 0; i < n; i++) mono[i]! += (ch[i] as number) / channels.length;
    // Output positions are measured in input samples from the start of this block; index −1 is #prev.
    while (this.#pos < n - 1 + 1e-9) {
      const i = Math.floor(this.#pos);
      const t = this.#pos - i;
      const a = i < 0 ? this.#prev : (mono[i] as number);
      const b = mono[i + 1] ?? (mono[i] as number);
      this.#pending.push(a + (b - a) * t);
      this.#pos += this.#step;
    }
    this.#pos -= n;
    this.#prev = mono[n - 1] ?? this.#prev;
    const out: Float32Array[] = [];
    while (this.#pending.length >= CHUNK) out.push(Float32Array.from(this.#pending.splice(0, CHUNK)));
    return out;
  }
}

/** Root-mean-square level in dBFS (−100 for silence). */
export function rmsDb(samples: Float32Array): number {
  let sum = 0;
  for (const s of samples) sum += s * s;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  return rms > 1e-5 ? 20 * Math.log10(rms) : -100;
}
