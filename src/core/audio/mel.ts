/**
 * The tables and functionals of the voice's feature front end (voice-features.ts): a Hann window,
 * triangular mel filters (HTK), the DCT-II rows that turn log mel energies into MFCCs, and the mean,
 * spread and percentiles of a feature's frames.
 */

export function hann(length: number): Float64Array {
  return Float64Array.from({ length }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (length - 1)));
}

const hzToMel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number) => 700 * (10 ** (mel / 2595) - 1);

/** `mels` triangular filters from 20 Hz to half of `rate`, over `bins` FFT bins of `binHz`, as [first bin, weights]. */
export function melFilters(
  mels: number,
  rate: number,
  binHz: number,
  bins: number,
): { start: number; weights: Float64Array }[] {
  const lo = hzToMel(20);
  const hi = hzToMel(rate / 2);
  const edges = Array.from({ length: mels + 2 }, (_, i) => melToHz(lo + ((hi - lo) * i) / (mels + 1)));
  return Array.from({ length: mels }, (_, m) => {
    const [a, b, c] = [edges[m] as number, edges[m + 1] as number, edges[m + 2] as number];
    const start = Math.max(0, Math.floor(a / binHz));
    const end = Math.min(bins - 1, Math.ceil(c / binHz));
    const weights = new Float64Array(end - start + 1);
    for (let k = start; k <= end; k++) {
      const f = k * binHz;
      weights[k - start] = f <= a || f >= c ? 0 : f <= b ? (f - a) / (b - a) : (c - f) / (c - b);
    }
    return { start, weights };
  });
}

/** Orthonormal DCT-II rows 1..`ceps` over `mels` log energies. */
export function dctRows(ceps: number, mels: number): Float64Array[] {
  return Array.from({ length: ceps }, (_, i) =>
    Float64Array.from(
      { length: mels },
      (_, m) => Math.sqrt(2 / mels) * Math.cos((Math.PI * (i + 1) * (m + 0.5)) / mels),
    ),
  );
}

/** Mean and standard deviation of the first `n` values. */
export function meanStd(v: ArrayLike<number>, n = v.length): [number, number] {
  if (n === 0) return [0, 0];
  let s = 0;
  for (let i = 0; i < n; i++) s += v[i] as number;
  const m = s / n;
  let q = 0;
  for (let i = 0; i < n; i++) q += ((v[i] as number) - m) ** 2;
  return [m, Math.sqrt(q / n)];
}

/** The `p` quantile (0..1) of sorted values, linearly interpolated. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const pos = p * (sorted.length - 1);
  const i = Math.floor(pos);
  const t = pos - i;
  return (sorted[i] as number) * (1 - t) + (sorted[Math.min(sorted.length - 1, i + 1)] as number) * t;
}
