import { describe, expect, it } from 'vitest';
import { BINS, NFFT, powerSpectrum } from './fft.ts';

describe('the real FFT', () => {
  it('gives the power spectrum a plain DFT gives, for a random frame', () => {
    let a = 7;
    const frame = Float64Array.from(
      { length: NFFT },
      () => ((a = (a * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1,
    );
    const out = new Float64Array(BINS);
    powerSpectrum(frame, out);
    for (const k of [0, 1, 7, 100, 255, 256]) {
      let re = 0;
      let im = 0;
      for (let n = 0; n < NFFT; n++) {
        re += frame[n]! * Math.cos((-2 * Math.PI * k * n) / NFFT);
        im += frame[n]! * Math.sin((-2 * Math.PI * k * n) / NFFT);
      }
      expect(out[k]).toBeCloseTo(re * re + im * im, 6);
    }
  });
});
