/**
 * What a measured cue usually goes with, so the Lite template can reason from the evidence ("mouth corners
 * raised, as in a smile") instead of restating labels. One small table, kept here.
 *
 * Sources, summarised, not copied:
 * - the face: the prototype expressions of the Facial Action Coding System as Ekman and Friesen describe them
 *   (*Unmasking the Face*, 1975; FACS, 1978): lip-corner raise (AU12) in happiness, lip-corner depression
 *   (AU15) in sadness and disgust, brow raise (AU1+2) and upper-lid raise (AU5) in surprise and fear, brow
 *   lowering and drawing together (AU4) in anger (and worry), lips pressed (AU24) in anger, jaw drop (AU26)
 *   in surprise;
 * - the voice: the arousal pattern in Juslin and Laukka's review of vocal expression (2003) and Scherer's
 *   (2003): higher, more variable pitch, more loudness and a faster rate with high arousal (anger, fear,
 *   joy), lower, flatter, quieter and slower speech with low arousal (sadness, calm).
 *
 * A cue is a hint, not a reading: the same cue goes with several emotions, and the table says so.
 */
import type { Emotion } from '../labels.ts';

export interface CueMeaning {
  /** The cue's phrase as the app says it (the start of a cue string). */
  readonly phrase: string;
  /** What it usually goes with, in words a class knows. */
  readonly meaning: string;
  readonly emotions: readonly Emotion[];
}

export const CUE_MEANINGS: readonly CueMeaning[] = [
  { phrase: 'mouth corners raised', meaning: 'as in a smile', emotions: ['happy'] },
  { phrase: 'mouth corners pulled down', meaning: 'as in sadness or disgust', emotions: ['sad', 'disgust'] },
  { phrase: 'mouth open', meaning: 'as in surprise, or simply speech', emotions: ['surprise'] },
  { phrase: 'mouth stretched wide', meaning: 'as in fear or a broad smile', emotions: ['fear', 'happy'] },
  { phrase: 'lips pressed together', meaning: 'as in anger held back', emotions: ['angry'] },
  { phrase: 'brows raised', meaning: 'as in surprise or fear', emotions: ['surprise', 'fear'] },
  { phrase: 'brows lowered', meaning: 'as in anger', emotions: ['angry'] },
  { phrase: 'brows drawn together', meaning: 'as in anger or worry', emotions: ['angry', 'fear'] },
  { phrase: 'eyes widened', meaning: 'as in surprise or fear', emotions: ['surprise', 'fear'] },
  { phrase: 'eyes narrowed', meaning: 'as in anger, disgust or a full smile', emotions: ['angry', 'disgust', 'happy'] },
  {
    phrase: 'pitch higher than usual',
    meaning: 'high arousal, as in joy, fear or anger',
    emotions: ['happy', 'fear', 'angry'],
  },
  { phrase: 'pitch lower than usual', meaning: 'low arousal, as in sadness or calm', emotions: ['sad', 'neutral'] },
  { phrase: 'pitch very variable', meaning: 'a lively voice, as in joy or surprise', emotions: ['happy', 'surprise'] },
  { phrase: 'pitch flat', meaning: 'a subdued voice, as in sadness or calm', emotions: ['sad', 'neutral'] },
  { phrase: 'louder than usual', meaning: 'high arousal, as in anger or joy', emotions: ['angry', 'happy'] },
  { phrase: 'quieter than usual', meaning: 'low arousal, as in sadness', emotions: ['sad'] },
  { phrase: 'voice bright and tense', meaning: 'tension, as in anger or fear', emotions: ['angry', 'fear'] },
  { phrase: 'voice dark and soft', meaning: 'softness, as in sadness', emotions: ['sad'] },
  { phrase: 'fast', meaning: 'high arousal, as in anger, fear or joy', emotions: ['angry', 'fear', 'happy'] },
  { phrase: 'slow', meaning: 'low arousal, as in sadness', emotions: ['sad'] },
];

const LONGEST_FIRST = [...CUE_MEANINGS].sort((a, b) => b.phrase.length - a.phrase.length);

/** The meaning of a cue string ("mouth corners raised (clearly)"), or null for a cue with none (mouth closed). */
export function cueMeaning(cue: string): CueMeaning | null {
  const c = cue.toLowerCase();
  return LONGEST_FIRST.find((m) => c === m.phrase || c.startsWith(`${m.phrase} `)) ?? null;
}
