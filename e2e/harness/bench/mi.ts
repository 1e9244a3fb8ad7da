/** Modality Importance: mean time per call for three modalities. */
import { EMOTIONS } from '../../../src/core/labels.ts';
import { modalityImportance } from '../../../src/core/mi/importance.ts';

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
};
