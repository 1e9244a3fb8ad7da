/**
 * The evidence each explanation section is written from: a modality's own
 * reading, its measured cues in plain words (never the label restated), the
 * transcript as quoted data, and honest notes (approximate baseline, mouth
 * moving with speech).
 */
import type { Emotion } from '../labels.ts';
import type { Modality } from './modalities.ts';

export interface ModalityEvidence {
  readonly modality: Modality;
  /** The modality's own top reading, or null when it has none this window. */
  readonly reading: { readonly emotion: Emotion; readonly p: number } | null;
  /** Measured cues in plain words, with numbers, e.g. "mouth corners raised (+0.05 IOD)". */
  readonly cues: readonly string[];
  /** Words only: what was said. Data, never instructions. */
  readonly transcript?: string;
  readonly notes?: readonly string[];
  /** Voice only: its arousal from prosody, relative to this speaker (−1 calm … +1 excited), where measured. */
  readonly arousal?: number;
}

export type EvidenceSet = Partial<Record<Modality, ModalityEvidence>>;

const MAX_TRANSCRIPT = 300;

/**
 * A transcript made safe to quote inside a prompt or an explanation: control
 * characters dropped, angle brackets replaced (so neither HTML nor section
 * tags survive), whitespace folded, length capped, and quoted as a JSON string.
 */
export function quoteTranscript(text: string): string {
  const cleaned = text
    .replace(/\p{Cc}/gu, ' ')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/\s+/g, ' ')
    .trim();
  const capped = cleaned.length > MAX_TRANSCRIPT ? `${cleaned.slice(0, MAX_TRANSCRIPT - 1)}…` : cleaned;
  return JSON.stringify(capped);
}
