import { describe, expect, it } from 'vitest';
import { EMOTIONS, UNIFORM, type Distribution } from '../labels.ts';
import { fuseDistributions, type ModalityReading } from './fusion.ts';
import { dominantReasonText, importanceOrder, modalityImportance } from './importance.ts';
import { MODALITIES } from './modalities.ts';

/** Deterministic random distributions (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomDistribution(next: () => number): Distribution {
  const raw = EMOTIONS.map(() => next() ** 3 + 0.001);
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / total);
}

const peaked = (i: number, p = 0.7): Distribution => EMOTIONS.map((_, j) => (j === i ? p : (1 - p) / 6));
const reading = (modality: ModalityReading['modality'], distribution: Distribution, reliability = 1): ModalityReading => ({
  modality,
  distribution,
  reliability,
});

describe('fuseDistributions', () => {
  it('is the reliability-weighted mean of the readings, and a uniform reading changes no ranking', () => {
    const a = peaked(0);
    const b = peaked(3, 0.5);
    const fused = fuseDistributions([reading('face', a, 0.9), reading('voice', b, 0.3)]);
    fused.forEach((p, i) => expect(p).toBeCloseTo((0.9 * (a[i] as number) + 0.3 * (b[i] as number)) / 1.2, 10));
    const withUniform = fuseDistributions([reading('face', a, 0.9), reading('voice', b, 0.3), reading('words', UNIFORM)]);
    const rank = (d: Distribution) => [...d.keys()].sort((i, j) => (d[j] as number) - (d[i] as number) || i - j);
    expect(rank(withUniform)).toEqual(rank(fused));
    // An unnormalised reading counts as its normalised self.
    const scaled = fuseDistributions([reading('face', a.map((p) => p * 5), 0.9), reading('voice', b, 0.3)]);
    scaled.forEach((p, i) => expect(p).toBeCloseTo(fused[i] as number, 10));
  });

  it('no reading can veto a class: each fused probability lies between the smallest and largest reading of it', () => {
    const next = rng(11);
    for (let n = 0; n < 200; n++) {
      const readings = MODALITIES.map((m) => reading(m, randomDistribution(next), 0.05 + 0.95 * next()));
      const fused = fuseDistributions(readings);
      expect(fused.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
      fused.forEach((p, i) => {
        const at = readings.map((r) => r.distribution[i] as number);
        expect(p).toBeGreaterThanOrEqual(Math.min(...at) - 1e-12);
        expect(p).toBeLessThanOrEqual(Math.max(...at) + 1e-12);
      });
    }
  });

  it('a confident face that rules a class out does not outvote a confident voice, nor land on a third class', () => {
    // What the Lite face model gives a neutral face (angry ≈ 0) and the Lite voice an angry sentence.
    const at = (e: string) => EMOTIONS.indexOf(e as (typeof EMOTIONS)[number]);
    const face = EMOTIONS.map((e) => ({ neutral: 0.58, happy: 0.2, sad: 0.15, surprise: 0.04, fear: 0.02, disgust: 0.01 - 1e-5, angry: 1e-5 })[e]!);
    const voice = EMOTIONS.map((e) => ({ angry: 0.94, disgust: 0.02, fear: 0.015, neutral: 0.01, sad: 0.005, happy: 0.005, surprise: 0.005 })[e]!);
    const fused = fuseDistributions([reading('face', face, 0.95), reading('voice', voice, 0.7)]);
    expect(fused.indexOf(Math.max(...fused))).toBe(at('angry'));
    // A voice half as sure, with half the weight, leaves the face's neutral in place.
    const unsure = voice.map((p, i) => (i === at('angry') ? 0.47 : (p + 0.47 / 6)));
    const weak = fuseDistributions([reading('face', face, 0.95), reading('voice', unsure, 0.35)]);
    expect(weak.indexOf(Math.max(...weak))).toBe(at('neutral'));
  });

  it('weights by reliability, and ignores NaN, empty and zero-reliability readings', () => {
    const strong = fuseDistributions([reading('face', peaked(0)), reading('voice', peaked(3), 0.1)]);
    expect(strong.indexOf(Math.max(...strong))).toBe(0);
    const nan = EMOTIONS.map(() => Number.NaN);
    const clean = fuseDistributions([reading('face', peaked(2))]);
    const dirty = fuseDistributions([
      reading('face', peaked(2)),
      reading('voice', nan),
      reading('words', EMOTIONS.map(() => 0)),
      reading('voice', peaked(4), 0),
    ]);
    dirty.forEach((p, i) => expect(p).toBeCloseTo(clean[i] as number, 10));
  });
});

describe('modalityImportance (property tests over random inputs)', () => {
  const next = rng(7);
  const cases = Array.from({ length: 200 }, () => MODALITIES.map((m) => reading(m, randomDistribution(next), 0.2 + 0.8 * next())));

  it('Shapley values add up to the full-coalition gain', () => {
    for (const readings of cases) {
      const mi = modalityImportance(readings)!;
      const sum = mi.entries.reduce((a, e) => a + e.shapley, 0);
      expect(sum).toBeCloseTo(mi.totalGain, 9);
      expect(mi.totalGain).toBeCloseTo(Math.log(mi.pFused) - Math.log(1 / 7), 9);
    }
  });

  it('a modality equal to the uniform distribution changes no prediction and gets no contribution', () => {
    for (const readings of cases.slice(0, 50)) {
      const without = modalityImportance([readings[0]!, readings[1]!])!;
      const mi = modalityImportance([readings[0]!, readings[1]!, reading('words', UNIFORM)])!;
      expect(mi.prediction).toBe(without.prediction);
      const words = mi.entries.find((e) => e.modality === 'words')!;
      expect(Math.abs(words.shapley)).toBeLessThan(1e-9);
      expect(Math.abs(words.leaveOneOut)).toBeLessThan(1e-9);
      expect(words.contribution).toBe(0);
    }
  });

  it('swapping two modalities\' inputs swaps their importance', () => {
    for (const [f, v, w] of cases.slice(0, 50) as [ModalityReading, ModalityReading, ModalityReading][]) {
      const a = modalityImportance([f, v, w])!;
      const b = modalityImportance([
        { ...v, modality: 'face' },
        { ...f, modality: 'voice' },
        w,
      ])!;
      const get = (mi: typeof a, m: string) => mi.entries.find((e) => e.modality === m)!;
      expect(get(b, 'face').shapley).toBeCloseTo(get(a, 'voice').shapley, 9);
      expect(get(b, 'voice').shapley).toBeCloseTo(get(a, 'face').shapley, 9);
      expect(get(b, 'words').shapley).toBeCloseTo(get(a, 'words').shapley, 9);
      expect(b.prediction).toBe(a.prediction);
    }
  });

  it('a modality gains a share exactly when it gives ŷ more than chance', () => {
    for (const readings of cases) {
      const mi = modalityImportance(readings)!;
      const yi = EMOTIONS.indexOf(mi.prediction);
      for (const e of mi.entries) {
        const p = readings.find((r) => r.modality === e.modality)!.distribution[yi] as number;
        if (Math.abs(p - 1 / 7) < 1e-9) continue;
        expect(e.contribution > 0).toBe(p > 1 / 7);
      }
    }
  });

  it('contributions are non-negative and add up to one', () => {
    for (const readings of cases) {
      const shares = modalityImportance(readings)!.entries.map((e) => e.contribution);
      expect(shares.every((s) => s >= 0)).toBe(true);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });
});

describe("dominant modality: the paper's rule (which modalities alone read ŷ) and the order", () => {
  const at = (e: string) => EMOTIONS.indexOf(e as (typeof EMOTIONS)[number]);

  it('one modality alone reads ŷ: it is dominant and leads the order, whatever the contributions', () => {
    const mi = modalityImportance([
      reading('face', peaked(at('neutral'), 0.35)),
      reading('voice', peaked(at('angry'), 0.85)),
      reading('words', peaked(at('neutral'), 0.3), 0.5),
    ])!;
    expect(mi.prediction).toBe('angry');
    expect(mi.reason).toEqual({ rule: 'paper', alone: ['voice'] });
    expect(mi.dominant).toBe('voice');
    expect(importanceOrder(mi)).toEqual(['voice', 'face', 'words']);
    expect(dominantReasonText(mi)).toBe('only the voice alone reads angry');
  });

  it('the dominant modality leads even when another contributes more to p(ŷ)', () => {
    // The face reads sad but leans angry too, strongly; the voice alone reads angry, weakly.
    const face = EMOTIONS.map((e) => (e === 'sad' ? 0.46 : e === 'angry' ? 0.44 : 0.02));
    const voice = EMOTIONS.map((e) => (e === 'angry' ? 0.2 : 0.8 / 6));
    const mi = modalityImportance([reading('face', face), reading('voice', voice)])!;
    expect(mi.prediction).toBe('angry');
    expect(mi.dominant).toBe('voice');
    const c = Object.fromEntries(mi.entries.map((e) => [e.modality, e.contribution]));
    expect(c.face!).toBeGreaterThan(c.voice!);
    expect(importanceOrder(mi)).toEqual(['voice', 'face']);
  });

  it('two modalities both read ŷ: multimodal, ordered by contribution', () => {
    const mi = modalityImportance([reading('face', peaked(at('happy'), 0.6)), reading('voice', peaked(at('happy'), 0.8))])!;
    expect(mi.reason.alone).toEqual(['face', 'voice']);
    expect(mi.dominant).toBe('multimodal');
    expect(importanceOrder(mi)).toEqual(['voice', 'face']);
    expect(dominantReasonText(mi)).toBe('face and voice both read happy');
  });

  it('no modality alone reads ŷ: multimodal', () => {
    // Face: sad first, angry second; voice: fear first, angry second. Together angry wins.
    const face = EMOTIONS.map((e) => (e === 'sad' ? 0.4 : e === 'angry' ? 0.38 : 0.22 / 5));
    const voice = EMOTIONS.map((e) => (e === 'fear' ? 0.4 : e === 'angry' ? 0.38 : 0.22 / 5));
    const mi = modalityImportance([reading('face', face), reading('voice', voice)])!;
    expect(mi.prediction).toBe('angry');
    expect(mi.reason.alone).toEqual([]);
    expect(mi.dominant).toBe('multimodal');
    expect(dominantReasonText(mi)).toBe('no modality alone reads angry; it comes from them together');
  });

  it('all three agree: multimodal; equal contributions keep face, voice, words', () => {
    const d = peaked(at('sad'), 0.6);
    const mi = modalityImportance([reading('words', d), reading('voice', d), reading('face', d)])!;
    expect(mi.reason.alone).toEqual(['face', 'voice', 'words']);
    expect(mi.dominant).toBe('multimodal');
    expect(importanceOrder(mi)).toEqual(['face', 'voice', 'words']);
    expect(dominantReasonText(mi)).toBe('face, voice and words all read sad');
  });

  it('a missing modality takes no part: one usable reading is dominant alone', () => {
    const solo = modalityImportance([reading('voice', peaked(1)), reading('face', EMOTIONS.map(() => Number.NaN)), reading('words', peaked(2), 0)])!;
    expect(solo.entries.map((e) => e.modality)).toEqual(['voice']);
    expect(solo.dominant).toBe('voice');
    expect(solo.entries[0]!.contribution).toBe(1);
    const flat = modalityImportance([reading('face', UNIFORM), reading('voice', UNIFORM)])!;
    expect(flat.dominant).toBe('multimodal');
    expect(flat.entries.every((e) => e.contribution === 0)).toBe(true);
    expect(modalityImportance([])).toBeNull();
    expect(modalityImportance([reading('face', EMOTIONS.map(() => Number.NaN))])).toBeNull();
  });

  it('the margin rule is an option, off by default', () => {
    const readings = [reading('face', peaked(at('happy'), 0.6)), reading('voice', peaked(at('happy'), 0.9))];
    expect(modalityImportance(readings)!.dominant).toBe('multimodal');
    const margin = modalityImportance(readings, { rule: 'margin', margin: 0.2 })!;
    expect(margin.dominant).toBe('voice');
    expect(margin.reason.rule).toBe('margin');
    expect(modalityImportance(readings, { rule: 'margin', margin: 0.99 })!.dominant).toBe('multimodal');
  });
});
