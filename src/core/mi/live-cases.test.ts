/**
 * The four live behaviours, on readings recorded from the page by `npm run eval:live` (a still London
 * face as the camera, EmoDB and CREMA-D sentences as the microphone; __fixtures__/live-readings.json):
 * a clearly emotional voice under a calm face leads and sets the fused emotion; an expressive face is
 * not overturned by a neutral or unsure voice; a calm face and a neutral voice fuse to neutral; two
 * expressive readings that disagree go to the surer, more reliable one. The paper's rule then decides
 * the dominant modality from ŷ, unchanged.
 */
import { describe, expect, it } from 'vitest';
import { EMOTIONS, topEmotion, type Distribution } from '../labels.ts';
import recorded from './__fixtures__/live-readings.json';
import type { ModalityReading } from './fusion.ts';
import { absenceText, modalityImportance } from './importance.ts';

interface Recorded {
  readonly face: { readonly distribution: number[]; readonly weight: number };
  readonly voice: { readonly distribution: number[]; readonly weight: number };
  readonly pageFused: string;
  readonly pageDominant: string;
}
const cases = recorded.cases as Record<string, Recorded>;

function window(name: string) {
  const c = cases[name];
  if (!c) throw new Error(`no recorded case "${name}"`);
  const readings: ModalityReading[] = [
    { modality: 'face', distribution: c.face.distribution, reliability: c.face.weight },
    { modality: 'voice', distribution: c.voice.distribution, reliability: c.voice.weight },
  ];
  return { c, readings, mi: modalityImportance(readings)! };
}

/** The linear pool of all seven classes this app used before: what the calm face won with. */
function linearPool(readings: readonly ModalityReading[]): Distribution {
  const w = readings.reduce((a, r) => a + r.reliability, 0);
  return EMOTIONS.map((_, i) => readings.reduce((a, r) => a + r.reliability * (r.distribution[i] as number), 0) / w);
}

describe('live: a calm face does not outvote a clearly emotional voice', () => {
  it.each([
    ['calm face, clearly angry voice (EmoDB 03)', 'angry'],
    ['calm face, voice happy at 0.60 (EmoDB 03)', 'happy'],
    ['calm face, angry voice (CREMA-D 1002)', 'angry'],
  ])('%s → voice-dominant, fused %s', (name, emotion) => {
    const { c, readings, mi } = window(name);
    expect(topEmotion(c.face.distribution).emotion).toBe('neutral');
    expect(c.face.distribution[EMOTIONS.indexOf('neutral')]).toBeGreaterThanOrEqual(0.9);
    expect(mi.prediction).toBe(emotion);
    expect(mi.dominant).toBe('voice');
    expect(mi.prediction).toBe(c.pageFused);
    expect(absenceText(mi)).toMatch(/^the face shows no expression; the voice carries /);
    // The linear pool of all seven classes kept the face's neutral: the bug this fixes.
    expect(topEmotion(linearPool(readings)).emotion).toBe('neutral');
  });

  it('an unsure voice under a calm face leaves the window neutral', () => {
    const { c, mi } = window('calm face, unsure voice (CREMA-D 1001 fear, read angry 0.39)');
    expect(topEmotion(c.voice.distribution).p).toBeLessThan(0.5);
    expect(mi.prediction).toBe('neutral');
    expect(mi.dominant).toBe('face');
  });
});

describe('live: an expressive face holds against a neutral or unsure voice', () => {
  it.each(['smiling face, neutral voice (CREMA-D 1002)', 'smiling face, voice sad at 0.60 (CREMA-D 1001 neutral)'])(
    '%s → happy, face-dominant',
    (name) => {
      const { c, mi } = window(name);
      expect(topEmotion(c.face.distribution).emotion).toBe('happy');
      expect(mi.prediction).toBe('happy');
      expect(mi.dominant).toBe('face');
      expect(mi.prediction).toBe(c.pageFused);
    },
  );

  it('two displays that disagree go to the surer, more reliable one', () => {
    // The face reads happy 0.58; the voice reads sad 0.92 (wrongly: a neutral sentence), and is the surer.
    const { mi, readings } = window('smiling face, voice surely sad at 0.92 (CREMA-D 1001 neutral)');
    expect(mi.prediction).toBe('sad');
    expect(mi.dominant).toBe('voice');
    // The same two readings with the voice's weight cut to a fifth: the face's happy holds.
    const weak = modalityImportance([readings[0]!, { ...readings[1]!, reliability: readings[1]!.reliability / 5 }])!;
    expect(weak.prediction).toBe('happy');
    expect(weak.dominant).toBe('face');
  });
});

describe('live: a calm face and a neutral voice fuse to neutral', () => {
  it.each([
    'calm face, neutral voice (EmoDB 14)',
    'calm face, unsure neutral voice 0.47 (EmoDB 14)',
    'calm face, neutral voice (CREMA-D 1002)',
  ])('%s', (name) => {
    const { c, mi } = window(name);
    expect(mi.prediction).toBe('neutral');
    expect(mi.dominant).toBe('multimodal');
    expect(mi.prediction).toBe(c.pageFused);
    expect(absenceText(mi)).toBeNull();
  });
});
