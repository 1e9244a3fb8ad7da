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
const at = (e: string) => EMOTIONS.indexOf(e as (typeof EMOTIONS)[number]);
const reading = (
  modality: ModalityReading['modality'],
  distribution: Distribution,
  reliability = 1,
): ModalityReading => ({
  modality,
  distribution,
  reliability,
});

describe('fuseDistributions: neutral is the absence of a display', () => {
  const N = EMOTIONS.indexOf('neutral');
  const argmax = (d: Distribution) => EMOTIONS[d.indexOf(Math.max(...d))];

  it('one reading fuses to itself, whatever its weight', () => {
    const next = rng(3);
    for (let n = 0; n < 50; n++) {
      const d = randomDistribution(next);
      fuseDistributions([reading('voice', d, 0.05 + 0.95 * next())]).forEach((p, i) =>
        expect(p).toBeCloseTo(d[i] as number, 12),
      );
    }
  });

  it('no display needs every modality to show none: p(neutral) = Π p_m(neutral)^(w_m / w_max)', () => {
    const a = peaked(at('happy'), 0.5);
    const b = peaked(at('angry'), 0.6);
    const fused = fuseDistributions([reading('face', a, 0.9), reading('voice', b, 0.3)]);
    expect(fused[N]).toBeCloseTo((a[N] as number) * (b[N] as number) ** (0.3 / 0.9), 12);
    expect(fused.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    // The display classes are the reliability-weighted pool of the readings' display parts.
    const pool = (i: number) => 0.9 * (a[i] as number) + 0.3 * (b[i] as number);
    expect((fused[at('happy')] as number) / (fused[at('angry')] as number)).toBeCloseTo(
      pool(at('happy')) / pool(at('angry')),
      10,
    );
    // An unnormalised reading counts as its normalised self.
    const scaled = fuseDistributions([
      reading(
        'face',
        a.map((p) => p * 5),
        0.9,
      ),
      reading('voice', b, 0.3),
    ]);
    scaled.forEach((p, i) => expect(p).toBeCloseTo(fused[i] as number, 10));
  });

  it("no display class is vetoed, and neutral never rises above the most reliable reading's", () => {
    const next = rng(11);
    for (let n = 0; n < 200; n++) {
      const readings = MODALITIES.map((m) => reading(m, randomDistribution(next), 0.05 + 0.95 * next()));
      const fused = fuseDistributions(readings);
      expect(fused.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
      const strongest = [...readings].sort((x, y) => y.reliability - x.reliability)[0]!;
      expect(fused[N]).toBeLessThanOrEqual((strongest.distribution[N] as number) + 1e-12);
      fused.forEach((p, i) => {
        if (i !== N && readings.some((r) => (r.distribution[i] as number) > 0)) expect(p).toBeGreaterThan(0);
      });
    }
  });

  it('a wholly neutral reading, weighed no more than another, changes nothing', () => {
    const next = rng(5);
    const neutral = EMOTIONS.map((_, i) => (i === N ? 1 : 0));
    for (let n = 0; n < 50; n++) {
      const d = randomDistribution(next);
      const w = 0.3 + 0.7 * next();
      const alone = fuseDistributions([reading('voice', d, w)]);
      const withCalm = fuseDistributions([reading('voice', d, w), reading('face', neutral, w * next())]);
      withCalm.forEach((p, i) => expect(p).toBeCloseTo(alone[i] as number, 12));
    }
    expect(argmax(fuseDistributions([reading('face', neutral), reading('voice', neutral, 0.5)]))).toBe('neutral');
  });

  it('ignores NaN, empty and zero-reliability readings', () => {
    const clean = fuseDistributions([reading('face', peaked(2))]);
    const dirty = fuseDistributions([
      reading('face', peaked(2)),
      reading(
        'voice',
        EMOTIONS.map(() => Number.NaN),
      ),
      reading(
        'words',
        EMOTIONS.map(() => 0),
      ),
      reading('voice', peaked(4), 0),
    ]);
    dirty.forEach((p, i) => expect(p).toBeCloseTo(clean[i] as number, 10));
  });
});

describe('modalityImportance (property tests over random inputs)', () => {
  const next = rng(7);
  const cases = Array.from({ length: 200 }, () =>
    MODALITIES.map((m) => reading(m, randomDistribution(next), 0.2 + 0.8 * next())),
  );

  it('Shapley values add up to the full-coalition gain', () => {
    for (const readings of cases) {
      const mi = modalityImportance(readings)!;
      const sum = mi.entries.reduce((a, e) => a + e.shapley, 0);
      expect(sum).toBeCloseTo(mi.totalGain, 9);
      expect(mi.totalGain).toBeCloseTo(Math.log(mi.pFused) - Math.log(1 / 7), 9);
    }
  });

  it('a modality that shows no display and weighs no more than the others changes no prediction and gets no share', () => {
    const calm = EMOTIONS.map((e) => (e === 'neutral' ? 1 : 0));
    for (const readings of cases.slice(0, 50)) {
      const pair = [readings[0]!, readings[1]!];
      const without = modalityImportance(pair)!;
      const weight = Math.min(...pair.map((r) => r.reliability));
      const mi = modalityImportance([...pair, reading('words', calm, weight)])!;
      expect(mi.prediction).toBe(without.prediction);
      mi.fused.forEach((p, i) => expect(p).toBeCloseTo(without.fused[i] as number, 12));
      if (mi.prediction !== 'neutral') expect(mi.entries.find((e) => e.modality === 'words')!.contribution).toBe(0);
    }
  });

  it("swapping two modalities' inputs swaps their importance", () => {
    for (const [f, v, w] of cases.slice(0, 50) as [ModalityReading, ModalityReading, ModalityReading][]) {
      const a = modalityImportance([f, v, w])!;
      const b = modalityImportance([{ ...v, modality: 'face' }, { ...f, modality: 'voice' }, w])!;
      const get = (mi: typeof a, m: string) => mi.entries.find((e) => e.modality === m)!;
      expect(get(b, 'face').shapley).toBeCloseTo(get(a, 'voice').shapley, 9);
      expect(get(b, 'voice').shapley).toBeCloseTo(get(a, 'face').shapley, 9);
      expect(get(b, 'words').shapley).toBeCloseTo(get(a, 'words').shapley, 9);
      expect(b.prediction).toBe(a.prediction);
    }
  });

  it('the dominant modality always has a share', () => {
    for (const readings of cases) {
      const mi = modalityImportance(readings)!;
      if (mi.dominant === 'multimodal') continue;
      expect(mi.entries.find((e) => e.modality === mi.dominant)!.contribution).toBeGreaterThan(0);
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
    const mi = modalityImportance([
      reading('face', peaked(at('happy'), 0.6)),
      reading('voice', peaked(at('happy'), 0.8)),
    ])!;
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
    const solo = modalityImportance([
      reading('voice', peaked(1)),
      reading(
        'face',
        EMOTIONS.map(() => Number.NaN),
      ),
      reading('words', peaked(2), 0),
    ])!;
    expect(solo.entries.map((e) => e.modality)).toEqual(['voice']);
    expect(solo.dominant).toBe('voice');
    expect(solo.entries[0]!.contribution).toBe(1);
    const flat = modalityImportance([reading('face', UNIFORM), reading('voice', UNIFORM)])!;
    expect(flat.dominant).toBe('multimodal');
    expect(flat.entries[0]!.contribution).toBeCloseTo(flat.entries[1]!.contribution, 12);
    expect(modalityImportance([])).toBeNull();
    expect(
      modalityImportance([
        reading(
          'face',
          EMOTIONS.map(() => Number.NaN),
        ),
      ]),
    ).toBeNull();
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
