/**
 * The MIGR case the tests share: an angry voice, a face that hides it, and (optionally) neutral words —
 * the voice carries the emotion, so an explanation in MI order starts from it.
 */
import { EMOTIONS, type Distribution } from '../core/labels.ts';
import type { EvidenceSet } from '../core/mi/evidence.ts';
import type { ModalityReading } from '../core/mi/fusion.ts';
import { modalityImportance, type ModalityImportance } from '../core/mi/importance.ts';

/** `p` on one emotion, the rest spread evenly. */
export const peaked = (emotion: string, p: number): Distribution =>
  EMOTIONS.map((e) => (e === emotion ? p : (1 - p) / 6));

export function migrCase(options: { words?: boolean } = {}): {
  readings: ModalityReading[];
  mi: ModalityImportance;
  evidence: EvidenceSet;
} {
  const readings: ModalityReading[] = [
    { modality: 'face', distribution: peaked('neutral', 0.4), reliability: 0.9 },
    { modality: 'voice', distribution: peaked('angry', 0.8), reliability: 0.9 },
    ...(options.words ? [{ modality: 'words' as const, distribution: peaked('neutral', 0.35), reliability: 0.6 }] : []),
  ];
  const evidence: EvidenceSet = {
    face: { modality: 'face', reading: { emotion: 'neutral', p: 0.4 }, cues: ['brows lowered (clearly)'] },
    voice: { modality: 'voice', reading: { emotion: 'angry', p: 0.8 }, cues: ['pitch high and variable'] },
    ...(options.words
      ? {
          words: {
            modality: 'words' as const,
            reading: { emotion: 'neutral' as const, p: 0.35 },
            cues: [],
            transcript: 'fine, whatever',
          },
        }
      : {}),
  };
  return { readings, mi: modalityImportance(readings)!, evidence };
}
