import { describe, expect, it } from 'vitest';
import { EMOTIONS } from '../labels.ts';
import { VA_COORDINATES, vaPoint } from './valence-arousal.ts';

describe('the valence–arousal plane', () => {
  it('maps each of the seven classes, inside the unit square, neutral at the origin', () => {
    expect(Object.keys(VA_COORDINATES).sort()).toEqual([...EMOTIONS].sort());
    for (const e of EMOTIONS) {
      expect(Math.abs(VA_COORDINATES[e].valence)).toBeLessThanOrEqual(1);
      expect(Math.abs(VA_COORDINATES[e].arousal)).toBeLessThanOrEqual(1);
    }
    expect(VA_COORDINATES.neutral).toEqual({ valence: 0, arousal: 0 });
    // The circumplex's quadrants: happy pleasant and aroused, sad unpleasant and calm, anger and fear unpleasant and aroused.
    expect(VA_COORDINATES.happy.valence > 0 && VA_COORDINATES.happy.arousal > 0).toBe(true);
    expect(VA_COORDINATES.sad.valence < 0 && VA_COORDINATES.sad.arousal < 0).toBe(true);
    expect(VA_COORDINATES.angry.valence < 0 && VA_COORDINATES.angry.arousal > 0).toBe(true);
  });

  it("a distribution's point is the probability-weighted mean of its classes' coordinates", () => {
    const one = EMOTIONS.map((e) => (e === 'angry' ? 1 : 0));
    expect(vaPoint(one)).toEqual(VA_COORDINATES.angry);
    const half = EMOTIONS.map((e) => (e === 'happy' || e === 'sad' ? 0.5 : 0));
    expect(vaPoint(half).valence).toBeCloseTo((0.81 - 0.63) / 2, 12);
    expect(vaPoint(half).arousal).toBeCloseTo((0.51 - 0.27) / 2, 12);
    const uniform = EMOTIONS.map(() => 1 / 7);
    const mean = (k: 'valence' | 'arousal') => EMOTIONS.reduce((a, e) => a + VA_COORDINATES[e][k], 0) / 7;
    expect(vaPoint(uniform).valence).toBeCloseTo(mean('valence'), 12);
    expect(vaPoint(uniform).arousal).toBeCloseTo(mean('arousal'), 12);
    // Unnormalised input is normalised first.
    expect(vaPoint(one.map((p) => p * 3))).toEqual(VA_COORDINATES.angry);
  });
});
