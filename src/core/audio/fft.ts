/**
 * The power spectrum of a real frame of 512 samples: a complex FFT of half
 * the size (even samples real, odd imaginary), then untangled. Tables are
 * built once.
 */
export const NFFT = 512;
export const BINS = NFFT / 2 + 1;
/** The real FFT runs as a complex FFT of half the size (even samples real, odd imaginary), then untangles. */
export const HALF = NFFT / 2;
const BITREV = (() => {
  const r = new Uint16Array(HALF);
  const bits = Math.log2(HALF);
  for (let i = 0; i < HALF; i++) {
    let v = 0;
    for (let b = 0; b < bits; b++) v |= ((i >> b) & 1) << (bits - 1 - b);
    r[i] = v;
  }
  return r;
})();
/** e^(−2πik/NFFT) for k = 0..HALF: the half-size FFT uses every other one, the untangling all. */
const COS = Float64Array.from({ length: HALF + 1 }, (_, k) => Math.cos((-2 * Math.PI * k) / NFFT));
const SIN = Float64Array.from({ length: HALF + 1 }, (_, k) => Math.sin((-2 * Math.PI * k) / NFFT));

/**
 * Power spectrum (BINS values) of a real frame of NFFT samples. `re` and `im` (HALF values each) are
 * scratch.
 */
export function powerSpectrum(
  frame: ArrayLike<number>,
  out: Float64Array,
  re = new Float64Array(HALF),
  im = new Float64Array(HALF),
): void {
  for (let m = 0; m < HALF; m++) {
    const j = BITREV[m] as number;
    re[j] = frame[2 * m] as number;
    im[j] = frame[2 * m + 1] as number;
  }
  for (let len = 2; len <= HALF; len <<= 1) {
    const half = len >> 1;
    const step = NFFT / len;
    for (let i = 0; i < HALF; i += len) {
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
  for (let k = 0; k <= HALF; k++) {
    const a = re[k % HALF] as number;
    const b = im[k % HALF] as number;
    const c = re[(HALF - k) % HALF] as number;
    const d = im[(HALF - k) % HALF] as number;
    // X[k] = (Z[k] + conj Z[M−k]) / 2 + W^k (Z[k] − conj Z[M−k]) / 2i
    const er = (a + c) / 2;
    const ei = (b - d) / 2;
    const or = (b + d) / 2;
    const oi = (c - a) / 2;
    const wr = COS[k] as number;
    const wi = SIN[k] as number;
    const xr = er + wr * or - wi * oi;
    const xi = ei + wr * oi + wi * or;
    out[k] = xr * xr + xi * xi;
  }
}
