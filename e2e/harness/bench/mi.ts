/** Modality Importance: mean time per call for three modalities; a window's what-if, recomputed. */
import { EMOTIONS } from '../../../src/core/labels.ts';
import type { EvidenceSet } from '../../../src/core/mi/evidence.ts';
import { modalityImportance } from '../../../src/core/mi/importance.ts';
import { planSections } from '../../../src/core/mi/prompts.ts';
import { composeExplanation } from '../../../src/core/mi/template.ts';
import { whatIf } from '../../../src/core/mi/what-if.ts';

export const miBench = {
  /** Modality Importance for three modalities, mean ms per call. */
  miTiming(calls: number): number {
    const d = (k: number) => EMOTIONS.map((_, i) => (i === k ? 0.6 : 0.4 / 6));
    const readings = [
      { modality: 'face' as const, distribution: d(0), reliability: 0.9 },
      { modality: 'voice' as const, distribution: d(3), reliability: 0.8 },
      { modality: 'words' as const, distribution: d(2), reliability: 0.5 },
    ];
    for (let i = 0; i < 100; i++) modalityImportance(readings);
    const t = performance.now();
    for (let i = 0; i < calls; i++) modalityImportance(readings);
    return (performance.now() - t) / calls;
  },

  /** One window's what-if on the page (the voice left out: fusion, MI, plan, template, marks), mean ms per call. */
  whatIfTiming(calls: number): number {
    const d = (k: number, p: number) => EMOTIONS.map((_, i) => (i === k ? p : (1 - p) / 6));
    const readings = [
      { modality: 'face' as const, distribution: d(2, 0.64), reliability: 0.9 },
      { modality: 'voice' as const, distribution: d(3, 0.95), reliability: 0.8 },
      { modality: 'words' as const, distribution: d(2, 0.4), reliability: 0.5 },
    ];
    const evidence: EvidenceSet = {
      face: { modality: 'face', reading: { emotion: 'neutral', p: 0.64 }, cues: ['brows lowered (slightly)'] },
      voice: {
        modality: 'voice',
        reading: { emotion: 'angry', p: 0.95 },
        cues: ['louder than usual (+7 decibels)', 'fast (about 5.2 syllables per second)'],
      },
      words: { modality: 'words', reading: { emotion: 'neutral', p: 0.4 }, cues: [], transcript: 'It is eleven.' },
    };
    const mi = modalityImportance(readings)!;
    const original = composeExplanation(planSections(mi, 'migr'), evidence, mi, 'migr');
    for (let i = 0; i < 50; i++) whatIf({ readings, evidence }, ['voice'], original);
    const t = performance.now();
    for (let i = 0; i < calls; i++) whatIf({ readings, evidence }, ['voice'], original);
    return (performance.now() - t) / calls;
  },
};
