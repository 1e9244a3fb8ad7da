import { describe, expect, it } from 'vitest';
import { EMOTIONS, UNIFORM, type Distribution } from '../labels.ts';
import { fuseDistributions, type ModalityReading } from './fusion.ts';
import { importanceOrder, modalityImportance } from './importance.ts';
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
  it('is the normalised product for weights of one, and leaves uniform inputs without effect', () => {
    const a = peaked(0);
    const b = peaked(3, 0.5);
    const fused = fuseDistributions([reading('face', a), reading('voice', b)]);
    const product = a.map((p, i) => p * (b[i] as number));
    const total = product.reduce((x, y) => x + y, 0);
    fused.forEach((p, i) => expect(p).toBeCloseTo((product[i] as number) / total, 10));
    const withUniform = fuseDistributions([reading('face', a), reading('voice', b), reading('words', UNIFORM)]);
    withUniform.forEach((p, i) => expect(p).toBeCloseTo(fused[i] as number, 10));
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

  it('a modality equal to the uniform distribution gets (about) zero importance', () => {
    for (const readings of cases.slice(0, 50)) {
      const mi = modalityImportance([readings[0]!, readings[1]!, reading('words', UNIFORM)])!;
      const words = mi.entries.find((e) => e.modality === 'words')!;
      expect(Math.abs(words.shapley)).toBeLessThan(1e-9);
      expect(Math.abs(words.leaveOneOut)).toBeLessThan(1e-9);
      expect(words.share).toBeLessThan(1e-9);
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

  it('shares are non-negative and add up to one', () => {
    for (const readings of cases) {
      const shares = modalityImportance(readings)!.entries.map((e) => e.share);
      expect(shares.every((s) => s >= 0)).toBe(true);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });
});

describe('dominant modality and order', () => {
  it('names the voice when it carries the emotion the face does not show', () => {
    const mi = modalityImportance([
      reading('face', peaked(EMOTIONS.indexOf('neutral'), 0.35)),
      reading('voice', peaked(EMOTIONS.indexOf('angry'), 0.85)),
      reading('words', peaked(EMOTIONS.indexOf('neutral'), 0.3), 0.5),
    ])!;
    expect(mi.prediction).toBe('angry');
    expect(mi.dominant).toBe('voice');
    expect(importanceOrder(mi)[0]).toBe('voice');
    const voice = mi.entries.find((e) => e.modality === 'voice')!;
    expect(voice.alonePredicts).toBe(true);
    expect(mi.entries.find((e) => e.modality === 'face')!.alonePredicts).toBe(false);
  });

  it('says multimodal when two modalities carry it about equally', () => {
    const happy = EMOTIONS.indexOf('happy');
    const mi = modalityImportance([reading('face', peaked(happy, 0.6)), reading('voice', peaked(happy, 0.62))])!;
    expect(mi.prediction).toBe('happy');
    expect(mi.dominant).toBe('multimodal');
    expect(modalityImportance([reading('face', peaked(happy, 0.6)), reading('voice', peaked(happy, 0.62))], { margin: 0 })!.dominant).toBe('voice');
  });

  it('a single modality is dominant; all-uniform or absent input gives no dominant or nothing', () => {
    const solo = modalityImportance([reading('voice', peaked(1))])!;
    expect(solo.dominant).toBe('voice');
    expect(solo.entries[0]!.share).toBe(1);
    const flat = modalityImportance([reading('face', UNIFORM), reading('voice', UNIFORM)])!;
    expect(flat.dominant).toBe('multimodal');
    expect(flat.entries.every((e) => e.share === 0)).toBe(true);
    expect(modalityImportance([])).toBeNull();
    expect(modalityImportance([reading('face', EMOTIONS.map(() => Number.NaN))])).toBeNull();
  });
});
