import { describe, expect, it } from 'vitest';
import type { EvidenceSet } from './evidence.ts';
import type { ModalityReading } from './fusion.ts';
import { modalityImportance } from './importance.ts';
import { planSections } from './prompts.ts';
import { composeExplanation } from './template.ts';
import { leadText, whatIf, whatIfSummary } from './what-if.ts';
import { peaked } from '../../test-support/migr-case.ts';

/** A calm face with an angry voice: the voice leads; left out, the face's neutral is all that is left. */
const readings: ModalityReading[] = [
  { modality: 'face', distribution: peaked('neutral', 0.64), reliability: 0.9 },
  { modality: 'voice', distribution: peaked('angry', 0.95), reliability: 0.7 },
  { modality: 'words', distribution: peaked('neutral', 0.4), reliability: 0.5 },
];
const evidence: EvidenceSet = {
  face: { modality: 'face', reading: { emotion: 'neutral', p: 0.64 }, cues: [] },
  voice: { modality: 'voice', reading: { emotion: 'angry', p: 0.95 }, cues: ['louder than usual (+7 decibels)'] },
  words: { modality: 'words', reading: { emotion: 'neutral', p: 0.4 }, cues: [], transcript: 'It is eleven o’clock.' },
};
const mi = modalityImportance(readings)!;
const original = composeExplanation(planSections(mi, 'migr'), evidence, mi, 'migr');

describe('whatIf', () => {
  it('equals the window recomputed from scratch with that modality absent', () => {
    expect(mi).toMatchObject({ prediction: 'angry', dominant: 'voice' });
    const c = whatIf({ readings, evidence }, ['voice'], original);
    const scratch = modalityImportance(readings.filter((r) => r.modality !== 'voice'))!;
    expect(c.mi).toEqual(scratch);
    expect(c.plan).toEqual(planSections(scratch, 'migr'));
    const rest: EvidenceSet = { face: evidence.face!, words: evidence.words! };
    expect(c.text).toBe(composeExplanation(planSections(scratch, 'migr'), rest, scratch, 'migr'));
    expect(c.mi).toMatchObject({ prediction: 'neutral' });
    expect(c.text).not.toContain('voice sounds');
    expect(whatIfSummary(c)).toBe(`without the voice: neutral, ${leadText(c.mi!)}`);
  });

  it('marks the sentences the change rewrote, and keeps the ones it did not', () => {
    const c = whatIf({ readings, evidence }, ['voice'], original);
    const kept = c.sentences.filter((s) => !s.changed).map((s) => s.text);
    const changed = c.sentences.filter((s) => s.changed).map((s) => s.text);
    // The face's own description is the same sentence with or without the voice.
    expect(kept).toContain('The face looks neutral, 64% sure.');
    expect(changed.some((s) => s.startsWith('Together: neutral'))).toBe(true);
    expect(changed.length).toBeGreaterThan(0);
    // Leaving nothing out changes nothing.
    expect(whatIf({ readings, evidence }, [], original).sentences.every((s) => !s.changed)).toBe(true);
  });

  it('leaves out several modalities, and says when nothing is left', () => {
    const faceOnly = whatIf({ readings, evidence }, ['voice', 'words'], original);
    expect(faceOnly.mi?.entries.map((e) => e.modality)).toEqual(['face']);
    expect(whatIfSummary(faceOnly)).toBe('without the voice and the words: neutral, face-led');
    const none = whatIf({ readings, evidence }, ['face', 'voice', 'words'], original);
    expect(none).toMatchObject({ mi: null, plan: [], text: '' });
    expect(whatIfSummary(none)).toBe('without the face and the voice and the words: nothing left to read');
  });
});
